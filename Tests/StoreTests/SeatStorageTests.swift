import Domain
import TestSupport
import Testing

@testable import Store

/// Seats stored by number (migration 0017): what a database of text-keyed seats held comes
/// through the migration unchanged, and the numbers cannot be left pointing at nothing.
@Suite struct SeatStorageTests {
    static let numbered = "0017-seats-by-number"

    /// A database with every migration before 0017 and three seats in the text-keyed table.
    func textKeyedStore(_ body: (String) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/k.sqlite"
            do {
                let connection = try SQLiteConnection(path: path)
                try connection.execute("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY NOT NULL)")
                for migration in Migrations.all.prefix(while: { $0.id != Self.numbered }) {
                    try connection.execute(migration.sql)
                    try connection.statement("INSERT INTO schema_migrations (id) VALUES (?)").bind([.text(migration.id)]).run()
                }
                try connection.execute(
                    """
                    INSERT INTO enrollments (school_code, id_number, plan_code, certificate_code, level, subject_code, batch) VALUES
                      ('S1', '1', 'P1', 'C1', 'junior', 'T', 1), ('S1', '1', 'P1', 'C1', 'junior', 'P', 1),
                      ('S2', '2', 'P1', 'C1', 'junior', 'T', 1);
                    INSERT INTO seats VALUES ('P1', 'S1', 'C1', '机房 A', 1, 'S1', '1', 'junior', 'T', 'R1'),
                      ('P1', 'S1', 'C1', '实操 B', 4, 'S1', '1', 'junior', 'P', 'R1'),
                      ('P1', 'S1', 'C1', '机房 A', 2, 'S2', '2', 'junior', 'T', 'R2');
                    """)
            }
            try body(path)
        }
    }

    func seats(_ store: Store) throws -> [String] {
        try store.connection.statement(
            """
            SELECT plan_code || site_school_code || certificate_code || room_name || seat || school_code || id_number || level
              || subject_code FROM seats ORDER BY 1
            """
        ).rows { try $0.string(0) }
    }

    @Test func textKeyedSeatsComeThroughTheMigrationUnchanged() throws {
        try textKeyedStore { path in
            let store = try Store(path: path)
            #expect(
                try seats(store) == ["P1S1C1实操 B4S11juniorP", "P1S1C1机房 A1S11juniorT", "P1S1C1机房 A2S22juniorT"])
            let records = try store.connection.statement(
                "SELECT g.id_number || c.record_id FROM given_seats g JOIN seat_records c ON c.no = g.record ORDER BY 1"
            ).rows { try $0.string(0) }
            #expect(records == ["1R1", "1R1", "2R2"])
            // The triggers act on the stored rows: a deleted enrollment withdraws its seat.
            try store.connection.execute("DELETE FROM enrollments WHERE id_number = '2'")
            #expect(try store.takeWithdrawnSeats(planCode: "P1", schoolCode: nil).map(\.idNumber) == ["2"])
            #expect(try seats(store).count == 2)
            #expect(try store.seats(planCode: "P1", idNumber: "1").map(\.number).sorted() == [1, 4])
        }
    }

    @Test func roomsSessionsAndRecordsAreNumberedOnceAndNeverDeleted() throws {
        try textKeyedStore { path in
            let store = try Store(path: path)
            let writer = store.seatWriter(recordID: "R3")
            try store.connection.execute(
                "INSERT INTO enrollments (school_code, id_number, plan_code, certificate_code, level, subject_code, batch) VALUES ('S1', '3', 'P1', 'C1', 'junior', 'T', 1)"
            )
            try writer.insert(
                Seat(
                    room: RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "机房 A"), number: 3,
                    schoolCode: "S1", idNumber: "3", session: SessionKey(certificateCode: "C1", level: .junior, subjectCode: "T")))
            let count = { (table: String) in try store.connection.statement("SELECT count(*) FROM \(table)").first { $0.integer(0) } }
            #expect(try count("seat_rooms") == 2)
            #expect(try count("seat_sessions") == 2)
            #expect(try count("seat_records") == 3)
            for table in ["seat_rooms", "seat_sessions", "seat_records"] {
                #expect(throws: SQLiteError.self) { try store.connection.execute("DELETE FROM \(table)") }
                #expect(throws: SQLiteError.self) { try store.connection.execute("UPDATE \(table) SET no = no + 100") }
            }
            // A second seat for the same candidate and subject is refused, in another room too.
            #expect(throws: SQLiteError.self) {
                try writer.insert(
                    Seat(
                        room: RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "实操 B"), number: 9,
                        schoolCode: "S1", idNumber: "3", session: SessionKey(certificateCode: "C1", level: .junior, subjectCode: "T")))
            }
            #expect(try seats(store).count == 4)
        }
    }

    /// A plan's rooms and sessions are numbered at once, those already numbered keeping their
    /// numbers, and a seat numbered with them is stored as the writer would store it.
    @Test func aPlansRoomsAndSessionsAreNumberedAtOnce() throws {
        try textKeyedStore { path in
            let store = try Store(path: path)
            try store.connection.execute("PRAGMA foreign_keys = OFF")
            try store.connection.execute(
                """
                INSERT INTO rooms (plan_code, site_school_code, certificate_code, name, school_code, level, subject_code, room_type,
                  address, seats, record_id)
                VALUES ('P1', 'S1', 'C1', '机房 A', 'S1', 'junior', 'T', 'computer', '', 40, 'R'),
                       ('P1', 'S1', 'C1', '机房 C', 'S1', 'junior', 'T', 'computer', '', 40, 'R'),
                       ('P2', 'S1', 'C1', '机房 A', 'S1', 'junior', 'T', 'computer', '', 40, 'R');
                INSERT INTO plan_sessions (plan_code, certificate_code, level, subject_code, starts_at, ends_at)
                VALUES ('P1', 'C1', 'junior', 'T', '2026-12-26T09:00:00+08:00', '2026-12-26T11:00:00+08:00'),
                       ('P1', 'C1', 'junior', 'Q', '2026-12-26T13:00:00+08:00', '2026-12-26T15:00:00+08:00');
                """)
            let before = try store.connection.statement("SELECT no FROM seat_rooms WHERE room_name = '机房 A'").first { $0.integer(0) }
            let writer = store.seatWriter(recordID: "R9")
            let numbering = try writer.numbering(planCode: "P1")
            let count = { (sql: String) in try store.connection.statement(sql).first { $0.integer(0) } }
            #expect(try count("SELECT count(*) FROM seat_rooms WHERE plan_code = 'P1'") == 3)
            #expect(try count("SELECT count(*) FROM seat_sessions WHERE plan_code = 'P1'") == 3)
            #expect(try count("SELECT no FROM seat_rooms WHERE room_name = '机房 A' AND plan_code = 'P1'") == before)
            let roomC = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "机房 C")
            let seat = Seat(
                room: roomC, number: 7, schoolCode: "S1", idNumber: "2",
                session: SessionKey(certificateCode: "C1", level: .junior, subjectCode: "Q"))
            let roomNumber = try #require(numbering.roomNumber(roomC))
            let numbered = try #require(numbering.numbered(seat, room: roomNumber))
            try writer.insert(numbered)
            #expect(try seats(store).contains("P1S1C1机房 C7S12juniorQ"))
            var elsewhere = roomC
            elsewhere.planCode = "P2"
            #expect(numbering.roomNumber(elsewhere) == nil)
            #expect(
                numbering.numbered(
                    Seat(
                        room: roomC, number: 8, schoolCode: "S1", idNumber: "3",
                        session: SessionKey(certificateCode: "C1", level: .senior, subjectCode: "Q")), room: roomNumber) == nil)
        }
    }

    /// The unseated enrolled subjects of a plan that has seats are those without one; a plan
    /// never seated has all of its enrolled subjects read without looking for seats.
    @Test func unseatedEntriesOfASeatedAndANeverSeatedPlan() throws {
        try textKeyedStore { path in
            let store = try Store(path: path)
            try store.connection.execute(
                """
                INSERT INTO enrollments (school_code, id_number, plan_code, certificate_code, level, subject_code, batch) VALUES
                  ('S1', '3', 'P1', 'C1', 'junior', 'T', 1), ('S1', '4', 'P3', 'C1', 'junior', 'T', 1),
                  ('S1', '4', 'P3', 'C1', 'junior', 'P', 1);
                """)
            #expect(try store.unseatedEntries(planCode: "P1").map { $0.idNumber + $0.subjectCode } == ["3T"])
            #expect(try store.unseatedEntries(planCode: "P3").map { $0.idNumber + $0.subjectCode } == ["4P", "4T"])
        }
    }
}
