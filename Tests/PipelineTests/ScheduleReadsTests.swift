import Domain
import Store
import TestSupport
import Testing

@testable import Pipeline

/// What a schedule run reads on threads beside the store's: the unseated entries, copied as
/// bytes on the store's thread and decoded on another (the same entries as decoding in place; a
/// value the store cannot read stops the run with its own error), and the kept seats and
/// tickets, read on a connection of their own.
@Suite struct ScheduleReadsTests {
    /// A store with `count` enrolled subjects of plan P1 (three per candidate; every fifth
    /// candidate without a major).
    func enrolled(_ count: Int, _ body: (Store) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let store = try Store(path: directory + "/k.sqlite")
            try store.connection.execute("PRAGMA foreign_keys = OFF")
            try store.transaction {
                for index in 0..<count {
                    let candidate = index / 3
                    try store.connection.statement(
                        """
                        INSERT INTO enrollments (school_code, id_number, plan_code, certificate_code, level, subject_code, batch,
                          name, pinyin, major, paid)
                        VALUES ('S1', ?, 'P1', 'C1', 'junior', ?, 1, ?, ?, ?, ?)
                        """
                    ).bind([
                        .text(String(format: "1101011990%08d", candidate)), .text("T\(index % 3)"), .text("考生\(candidate)"),
                        .text("kao sheng \(candidate)"), candidate % 5 == 0 ? nil : .text("软件技术\(candidate % 7)"),
                        .integer(Int64(index % 2)),
                    ]).run()
                }
            }
            try body(store)
        }
    }

    @Test func decodingOnAnotherThreadGivesTheSameEntries() throws {
        try enrolled(3 * 4000) { store in
            let (threaded, order) = try ScheduleJob.unseatedEntries(store, planCode: "P1", scope: nil)
            #expect(threaded.count == 12000)
            #expect(order == Seating.schedulingOrder(threaded, scope: nil))
            #expect(try ScheduleJob.unseatedEntries(store, planCode: "P1", scope: ["S2"]).order.isEmpty)
            #expect(threaded == (try store.unseatedEntries(planCode: "P1")))
            #expect(threaded[0].major == nil && threaded[3].major == "软件技术1" && threaded[1].paid)
            #expect(threaded[3].name == "考生1" && threaded[4].name == "考生1" && threaded[5].subjectCode == "T2")
        }
    }

    @Test func anUnreadableLevelStopsTheReadWithItsOwnError() throws {
        try enrolled(3 * 4000) { store in
            try store.connection.execute("UPDATE enrollments SET level = 'master' WHERE id_number = '110101199000003999'")
            do {
                _ = try ScheduleJob.unseatedEntries(store, planCode: "P1", scope: nil)
                Issue.record("a level kaowu does not know must not be read as a valid entry")
            } catch let error as StoredValueCorrupt {
                #expect(error.table == "enrollments" && error.column == "level" && error.value == "master")
            }
        }
    }

    /// The kept seats and tickets are read on a connection of their own while the run's
    /// transaction holds the write lock: they are what was committed, read without waiting.
    @Test func keptSeatsAreReadBesideTheRunsTransaction() throws {
        try enrolled(6) { store in
            let room = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "机房 A")
            let writer = store.seatWriter(recordID: "R1")
            try store.transaction {
                for (candidate, seat) in [1, 2, 4].enumerated() {
                    try writer.insert(
                        Seat(
                            room: room, number: seat, schoolCode: "S1", idNumber: String(format: "1101011990%08d", candidate),
                            session: SessionKey(certificateCode: "C1", level: .junior, subjectCode: "T0")))
                }
                let ticket = AdmissionTicket(planCode: "P1", schoolCode: "S1", idNumber: "110101199000000000", sequence: 7)
                try store.insertTicket(ticket, number: ticket.number, recordID: "R1")
            }
            try store.transaction {
                let (taken, last) = try ScheduleJob.keptSeatsAndTickets(storePath: store.path, planCode: "P1").value()
                #expect(taken == [room: TakenSeats(upTo: 0, others: [1, 2, 4])])
                #expect(last == ["S1": 7])
            }
        }
    }
}
