import Domain
import Testing

@testable import Store

/// A seat goes when what it stands on goes (migration 0013's triggers, on numbered seats since
/// 0017), and the next schedule run is told which ones went.
@Suite struct SeatWithdrawalTests {
    func seeded(_ body: (Store) throws -> Void) throws {
        try withStore { store, _ in
            try store.connection.execute("PRAGMA foreign_keys = OFF")
            try store.connection.execute(
                """
                INSERT INTO rooms (plan_code, site_school_code, certificate_code, name, school_code, level, subject_code, room_type,
                  address, seats, record_id)
                VALUES ('P1', 'S1', 'C1', 'A', 'S1', 'junior', 'T', 'computer', '', 3, 'R'),
                       ('P1', 'S1', 'C1', 'B', 'S1', 'junior', 'T', 'computer', '', 3, 'R');
                """)
            let seats = store.seatWriter(recordID: "R")
            for (index, id) in ["1", "2", "3", "4", "5", "6"].enumerated() {
                try store.connection.execute(
                    """
                    INSERT INTO enrollments (school_code, id_number, plan_code, certificate_code, level, subject_code, batch)
                    VALUES ('S1', '\(id)', 'P1', 'C1', 'junior', 'T', 1);
                    """)
                try seats.insert(
                    Seat(
                        room: RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: index < 3 ? "A" : "B"),
                        number: index % 3 + 1, schoolCode: "S1", idNumber: id,
                        session: SessionKey(certificateCode: "C1", level: .junior, subjectCode: "T")))
            }
            try body(store)
        }
    }

    func seats(_ store: Store) throws -> [String] {
        try store.connection.statement("SELECT room_name || seat FROM seats ORDER BY 1").rows { try $0.string(0) }
    }

    @Test func aDeletedEnrollmentFreesItsSeatAndIsReportedOnce() throws {
        try seeded { store in
            try store.connection.execute("DELETE FROM enrollments WHERE id_number = '2'")
            #expect(try seats(store) == ["A1", "A3", "B1", "B2", "B3"])
            let withdrawn = try store.takeWithdrawnSeats(planCode: "P1", schoolCode: nil)
            #expect(withdrawn.map(\.idNumber) == ["2"])
            #expect(withdrawn.first?.room.name == "A" && withdrawn.first?.number == 2)
            #expect(try store.takeWithdrawnSeats(planCode: "P1", schoolCode: nil).isEmpty)
        }
    }

    @Test func aRoomWithFewerSeatsWithdrawsOnlyTheNumbersPastItsEnd() throws {
        try seeded { store in
            try store.connection.execute("UPDATE rooms SET seats = 1 WHERE name = 'A'")
            try store.connection.execute("UPDATE rooms SET address = 'x' WHERE name = 'B'")
            #expect(try seats(store) == ["A1", "B1", "B2", "B3"])
            #expect(try store.takeWithdrawnSeats(planCode: "P1", schoolCode: "S1").map(\.idNumber) == ["2", "3"])
        }
    }

    @Test func aRoomSetForAnotherSubjectOrDeletedWithdrawsAllItsSeats() throws {
        try seeded { store in
            try store.connection.execute("UPDATE rooms SET subject_code = 'P' WHERE name = 'A'")
            try store.connection.execute("DELETE FROM rooms WHERE name = 'B'")
            #expect(try seats(store).isEmpty)
            #expect(try store.takeWithdrawnSeats(planCode: "P1", schoolCode: "S2").isEmpty)
            #expect(try store.takeWithdrawnSeats(planCode: "P1", schoolCode: "S1").count == 6)
        }
    }

    @Test func takenSeatsTellADenseRoomByItsCountAndReadAGappedOnesNumbers() throws {
        try seeded { store in
            try store.connection.execute("DELETE FROM enrollments WHERE id_number = '5'")
            let taken = try store.takenSeats(planCode: "P1")
            let a = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "A")
            let b = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "B")
            #expect(taken[a] == TakenSeats(upTo: 3))
            #expect(taken[b] == TakenSeats(upTo: 0, others: [1, 3]))
            #expect(taken[b]?.contains(2) == false && taken[b]?.contains(3) == true)
        }
    }

    @Test func ticketSequencesAndHoldersAreReadPerSchoolAndCandidate() throws {
        try seeded { store in
            for (id, school, sequence) in [("1", "S1", 1), ("2", "S1", 7), ("9", "S2", 3)] {
                let ticket = AdmissionTicket(planCode: "P1", schoolCode: school, idNumber: id, sequence: sequence)
                try store.insertTicket(ticket, number: ticket.number, recordID: "R")
            }
            #expect(try store.lastTicketSequences(planCode: "P1") == ["S1": 7, "S2": 3])
            #expect(try store.lastTicketSequences(planCode: "P2").isEmpty)
            #expect(try store.ticketHolders(planCode: "P1", idNumbers: ["1", "3", "9"]) == ["1", "9"])
        }
    }
}
