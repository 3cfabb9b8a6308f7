public import Domain
import Foundation

/// Seats and admission tickets (排考), and the reads scheduling needs of one plan.
extension Store {
    /// The subject sessions of a plan.
    public func planSessions(planCode: String) throws -> [SessionKey: Window] {
        var sessions: [SessionKey: Window] = [:]
        for (key, window) in try connection.statement(
            "SELECT certificate_code, level, subject_code, starts_at, ends_at FROM plan_sessions WHERE plan_code = ?"
        ).bind([.text(planCode)]).rows({ row in
            (
                SessionKey(
                    certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self), subjectCode: try row.string(2)),
                Window(start: try row.date(3), end: try row.date(4))
            )
        }) {
            sessions[key] = window
        }
        return sessions
    }

    /// Every subject's exam type, for the certificates of a plan.
    public func examTypes(planCode: String) throws -> [SessionKey: ExamType] {
        var types: [SessionKey: ExamType] = [:]
        for (key, type) in try connection.statement(
            """
            SELECT s.certificate_code, s.level, s.code, s.exam_type FROM subjects s
            JOIN plan_certificates p ON p.certificate_code = s.certificate_code WHERE p.plan_code = ?
            """
        ).bind([.text(planCode)]).rows({ row in
            (
                SessionKey(
                    certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self), subjectCode: try row.string(2)),
                try row.value(3, as: ExamType.self)
            )
        }) {
            types[key] = type
        }
        return types
    }

    /// (school, certificate, host): the schools whose sites seat a school's candidates for a
    /// certificate in a plan: its own approved site first, then a 借考 allocation's host.
    public func siteHosts(planCode: String) throws -> [(schoolCode: String, certificateCode: String, hostSchoolCode: String)] {
        let own = try connection.statement("SELECT school_code, certificate_code FROM sites WHERE status = 'approved' ORDER BY 1, 2").rows {
            row in
            (try row.string(0), try row.string(1), try row.string(0))
        }
        let allocated = try connection.statement(
            "SELECT school_code, certificate_code, host_school_code FROM site_allocations WHERE plan_code = ?"
        ).bind([.text(planCode)]).rows { row in (try row.string(0), try row.string(1), try row.string(2)) }
        return (own + allocated).map { (schoolCode: $0.0, certificateCode: $0.1, hostSchoolCode: $0.2) }
    }

    /// Every room of a plan (of every school: a site's rooms seat its borrowers too).
    public func planRooms(planCode: String) throws -> [ExamRoom] {
        try connection.statement(
            """
            SELECT plan_code, site_school_code, certificate_code, name, school_code, level, subject_code, room_type, address, seats,
              record_id FROM rooms WHERE plan_code = ?
            """
        ).bind([.text(planCode)]).rows { row in
            ExamRoom(
                key: RoomKey(
                    planCode: try row.string(0), siteSchoolCode: try row.string(1), certificateCode: try row.string(2),
                    name: try row.string(3)),
                schoolCode: try row.string(4), level: try row.value(5, as: CertificateLevel.self), subjectCode: try row.string(6),
                type: try row.value(7, as: RoomType.self), address: try row.string(8), seats: try row.int(9), recordID: row.text(10))
        }
    }

    /// Every seat given in a plan.
    public func seats(planCode: String) throws -> [Seat] {
        try connection.statement(
            """
            SELECT site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
            FROM seats WHERE plan_code = ?
            """
        ).bind([.text(planCode)]).rows { row in try Store.seat(row, planCode: planCode) }
    }

    /// A writer of the seats one run gives (a `kaowu schedule` or a 排考 import), under `recordID`.
    public func seatWriter(recordID: String) -> SeatWriter {
        SeatWriter(connection: connection, recordID: recordID)
    }

    public func deleteSeat(_ seat: Seat) throws {
        try connection.statement(
            """
            DELETE FROM given_seats WHERE seat = ?5 AND room = (SELECT no FROM seat_rooms WHERE plan_code = ?1
              AND site_school_code = ?2 AND certificate_code = ?3 AND room_name = ?4)
            """
        ).bind([
            .text(seat.room.planCode), .text(seat.room.siteSchoolCode), .text(seat.room.certificateCode), .text(seat.room.name),
            .of(seat.number),
        ]).run()
    }

}

/// Writes the seats of one run as numbers (migration 0017): each room, session and the record
/// are looked up or added once, then a seat is six values, not ten texts.
public final class SeatWriter {
    private let connection: SQLiteConnection
    private let recordID: String
    private var record: Int64?
    private var rooms: [RoomKey: Int64] = [:]
    private var sessions: [PlanSession: Int64] = [:]

    private struct PlanSession: Hashable {
        var planCode: String
        var session: SessionKey
    }

    init(connection: SQLiteConnection, recordID: String) {
        self.connection = connection
        self.recordID = recordID
    }

    public func insert(_ seat: Seat) throws {
        try insert(
            NumberedSeat(
                room: try roomNumber(seat.room), number: seat.number,
                session: try sessionNumber(PlanSession(planCode: seat.room.planCode, session: seat.session)),
                idNumber: seat.idNumber, schoolCode: seat.schoolCode, record: try recordNumber()))
    }

    public func insert(_ seat: NumberedSeat) throws {
        try connection.statement(
            static: "INSERT INTO given_seats (room, seat, session, id_number, school_code, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ).bind(1, Int(seat.room)).bind(2, seat.number).bind(3, Int(seat.session)).bind(4, seat.idNumber).bind(5, seat.schoolCode)
            .bind(6, Int(seat.record)).run()
    }

    /// Numbers every room and session of the plan at once (two statements, rather than a
    /// look-up each), for `SeatNumbering.numbered` to number its seats on another thread.
    public func numbering(planCode: String) throws -> SeatNumbering {
        try connection.statement(
            """
            INSERT INTO seat_rooms (plan_code, site_school_code, certificate_code, room_name)
            SELECT plan_code, site_school_code, certificate_code, name FROM rooms WHERE plan_code = ?1 ORDER BY 2, 3, 4
            ON CONFLICT DO NOTHING
            """
        ).bind([.text(planCode)]).run()
        try connection.statement(
            """
            INSERT INTO seat_sessions (plan_code, certificate_code, level, subject_code)
            SELECT plan_code, certificate_code, level, subject_code FROM plan_sessions WHERE plan_code = ?1 ORDER BY 2, 3, 4
            ON CONFLICT DO NOTHING
            """
        ).bind([.text(planCode)]).run()
        var numbering = SeatNumbering(planCode: planCode, record: try recordNumber())
        for (room, number) in try connection.statement(
            "SELECT site_school_code, certificate_code, room_name, no FROM seat_rooms WHERE plan_code = ?"
        ).bind([.text(planCode)]).rows({ row in
            (
                RoomKey(planCode: planCode, siteSchoolCode: try row.string(0), certificateCode: try row.string(1), name: try row.string(2)),
                try row.int(3)
            )
        }) {
            numbering.rooms[room] = Int64(number)
        }
        for (session, number) in try connection.statement(
            "SELECT certificate_code, level, subject_code, no FROM seat_sessions WHERE plan_code = ?"
        ).bind([.text(planCode)]).rows({ row in
            (
                SessionKey(
                    certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self), subjectCode: try row.string(2)),
                try row.int(3)
            )
        }) {
            numbering.sessions[session] = Int64(number)
        }
        return numbering
    }

    private func roomNumber(_ room: RoomKey) throws -> Int64 {
        if let known = rooms[room] { return known }
        let values: [SQLiteValue?] = [.text(room.planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name)]
        let number = try interned(
            find: "SELECT no FROM seat_rooms WHERE plan_code = ? AND site_school_code = ? AND certificate_code = ? AND room_name = ?",
            add: "INSERT INTO seat_rooms (plan_code, site_school_code, certificate_code, room_name) VALUES (?, ?, ?, ?)",
            values)
        rooms[room] = number
        return number
    }

    private func sessionNumber(_ key: PlanSession) throws -> Int64 {
        if let known = sessions[key] { return known }
        let values: [SQLiteValue?] = [
            .text(key.planCode), .text(key.session.certificateCode), .text(key.session.level.rawValue), .text(key.session.subjectCode),
        ]
        let number = try interned(
            find: "SELECT no FROM seat_sessions WHERE plan_code = ? AND certificate_code = ? AND level = ? AND subject_code = ?",
            add: "INSERT INTO seat_sessions (plan_code, certificate_code, level, subject_code) VALUES (?, ?, ?, ?)", values)
        sessions[key] = number
        return number
    }

    private func recordNumber() throws -> Int64 {
        if let record { return record }
        let number = try interned(
            find: "SELECT no FROM seat_records WHERE record_id = ?", add: "INSERT INTO seat_records (record_id) VALUES (?)",
            [.text(recordID)])
        record = number
        return number
    }

    /// The number of the row `find` finds, or of the row `add` adds with the same values.
    private func interned(find: String, add: String, _ values: [SQLiteValue?]) throws -> Int64 {
        if let found = try connection.statement(find).bind(values).first({ $0.integer(0) }), let found { return found }
        try connection.statement(add).bind(values).run()
        return connection.lastInsertRowID
    }
}

/// A seat as `given_seats` stores it: its room, session and record by number.
public struct NumberedSeat: Sendable {
    public var room: Int64
    public var number: Int
    public var session: Int64
    public var idNumber, schoolCode: String
    public var record: Int64
}

/// The numbers of one plan's rooms and sessions (`SeatWriter.numbering`): seats are numbered
/// with it on the thread that decides them, so the store's thread only binds and writes.
public struct SeatNumbering: Sendable {
    let planCode: String
    let record: Int64
    var rooms: [RoomKey: Int64] = [:]
    var sessions: [SessionKey: Int64] = [:]

    init(planCode: String, record: Int64) {
        self.planCode = planCode
        self.record = record
    }

    /// The number of a room of the plan; nil for a room of no plan or of another.
    public func roomNumber(_ room: RoomKey) -> Int64? {
        room.planCode == planCode ? rooms[room] : nil
    }

    /// The seat by number, in the room numbered `room` (`roomNumber`, looked up once per room
    /// rather than hashing its key per seat); nil for a session not of the plan.
    public func numbered(_ seat: Seat, room: Int64) -> NumberedSeat? {
        guard seat.room.planCode == planCode, let session = sessions[seat.session] else { return nil }
        return NumberedSeat(
            room: room, number: seat.number, session: session, idNumber: seat.idNumber, schoolCode: seat.schoolCode, record: record)
    }
}

/// One seated candidate of a plan for the schedule export (安排明细).
public struct SeatDetail: Sendable {
    public var ticketNumber: String?
    public var name, idNumber, schoolCode: String
    public var session: SessionKey
    public var window: Window?
    public var siteName: String?
    public var siteSchoolCode, roomName: String
    public var address: String?
    public var seat: Int
}

/// One room of a plan with how many of its seats are given and who watches it (考场安排).
public struct RoomArrangement: Sendable {
    public var room: ExamRoom
    public var siteName: String?
    public var window: Window?
    public var seated: Int
    /// The assigned proctors' names, by ID number, joined with 、.
    public var proctors: String?
}

extension Store {
    /// Every seat of a plan (or of one school's candidates), by school, ticket number, subject.
    public func forEachSeatDetail(planCode: String, schoolCode: String?, _ body: (SeatDetail) throws -> Void) throws {
        let statement = try connection.statement(
            """
            SELECT t.ticket_no, e.name, s.id_number, s.school_code, s.certificate_code, s.level, s.subject_code, ps.starts_at,
              ps.ends_at, st.name, s.site_school_code, s.room_name, r.address, s.seat
            FROM seats s
            JOIN enrollments e ON e.school_code = s.school_code AND e.id_number = s.id_number AND e.plan_code = s.plan_code
              AND e.certificate_code = s.certificate_code AND e.level = s.level AND e.subject_code = s.subject_code
            LEFT JOIN admission_tickets t ON t.plan_code = s.plan_code AND t.id_number = s.id_number
            LEFT JOIN plan_sessions ps ON ps.plan_code = s.plan_code AND ps.certificate_code = s.certificate_code
              AND ps.level = s.level AND ps.subject_code = s.subject_code
            LEFT JOIN sites st ON st.school_code = s.site_school_code AND st.certificate_code = s.certificate_code
            LEFT JOIN rooms r ON r.plan_code = s.plan_code AND r.site_school_code = s.site_school_code
              AND r.certificate_code = s.certificate_code AND r.name = s.room_name
            WHERE s.plan_code = ?1 AND (?2 IS NULL OR s.school_code = ?2)
            ORDER BY s.school_code, t.ticket_no, s.certificate_code, s.level, s.subject_code
            """)
        defer { statement.reset() }
        try statement.bind([.text(planCode), .of(schoolCode)])
        while try statement.step() {
            try body(
                SeatDetail(
                    ticketNumber: statement.text(0), name: try statement.string(1), idNumber: try statement.string(2),
                    schoolCode: try statement.string(3),
                    session: SessionKey(
                        certificateCode: try statement.string(4), level: try statement.value(5, as: CertificateLevel.self),
                        subjectCode: try statement.string(6)),
                    window: try statement.optionalWindow(7, 8), siteName: statement.text(9),
                    siteSchoolCode: try statement.string(10), roomName: try statement.string(11), address: statement.text(12),
                    seat: try statement.int(13)))
        }
    }

    /// Every room of a plan (of one school: the rooms it set or its site holds) with its seats given.
    public func roomArrangements(planCode: String, schoolCode: String?) throws -> [RoomArrangement] {
        try connection.statement(
            """
            SELECT r.plan_code, r.site_school_code, r.certificate_code, r.name, r.school_code, r.level, r.subject_code, r.room_type,
              r.address, r.seats, r.record_id, st.name, ps.starts_at, ps.ends_at,
              (SELECT count(*) FROM seats s WHERE s.plan_code = r.plan_code AND s.site_school_code = r.site_school_code
                AND s.certificate_code = r.certificate_code AND s.room_name = r.name),
              (SELECT group_concat(name, '、') FROM (SELECT p.name FROM room_proctors rp JOIN proctors p ON p.id_number = rp.id_number
                WHERE rp.plan_code = r.plan_code AND rp.site_school_code = r.site_school_code
                  AND rp.certificate_code = r.certificate_code AND rp.room_name = r.name ORDER BY rp.id_number))
            FROM rooms r
            LEFT JOIN sites st ON st.school_code = r.site_school_code AND st.certificate_code = r.certificate_code
            LEFT JOIN plan_sessions ps ON ps.plan_code = r.plan_code AND ps.certificate_code = r.certificate_code
              AND ps.level = r.level AND ps.subject_code = r.subject_code
            WHERE r.plan_code = ?1 AND (?2 IS NULL OR r.school_code = ?2 OR r.site_school_code = ?2)
            ORDER BY r.site_school_code, r.certificate_code, r.level, r.subject_code, r.name
            """
        ).bind([.text(planCode), .of(schoolCode)]).rows { row in
            RoomArrangement(
                room: ExamRoom(
                    key: RoomKey(
                        planCode: try row.string(0), siteSchoolCode: try row.string(1), certificateCode: try row.string(2),
                        name: try row.string(3)),
                    schoolCode: try row.string(4), level: try row.value(5, as: CertificateLevel.self), subjectCode: try row.string(6),
                    type: try row.value(7, as: RoomType.self), address: try row.string(8), seats: try row.int(9), recordID: row.text(10)),
                siteName: row.text(11), window: try row.optionalWindow(12, 13),
                seated: try row.int(14), proctors: row.text(15))
        }
    }
}

/// A proctor who may watch rooms of a certificate: certified (已认证) for it.
public struct CertifiedProctor: Hashable, Sendable {
    public var idNumber, schoolCode, name, certificateCode: String

    public init(idNumber: String, schoolCode: String, name: String, certificateCode: String) {
        (self.idNumber, self.schoolCode, self.name, self.certificateCode) = (idNumber, schoolCode, name, certificateCode)
    }
}

extension Store {
    /// Every proctor certified for one of a plan's certificates.
    public func certifiedProctors(planCode: String) throws -> [CertifiedProctor] {
        try connection.statement(
            """
            SELECT p.id_number, p.school_code, p.name, c.certificate_code FROM proctors p
            JOIN proctor_certificates c ON c.id_number = p.id_number AND c.status = 'certified'
            JOIN plan_certificates pc ON pc.certificate_code = c.certificate_code AND pc.plan_code = ?
            ORDER BY p.id_number, c.certificate_code
            """
        ).bind([.text(planCode)]).rows { row in
            CertifiedProctor(
                idNumber: try row.string(0), schoolCode: try row.string(1), name: try row.string(2), certificateCode: try row.string(3))
        }
    }

    /// Every proctor assigned to a room of a plan.
    public func roomProctors(planCode: String) throws -> [(room: RoomKey, idNumber: String)] {
        try connection.statement(
            "SELECT site_school_code, certificate_code, room_name, id_number FROM room_proctors WHERE plan_code = ? ORDER BY 1, 2, 3, 4"
        ).bind([.text(planCode)]).rows { row in
            (
                RoomKey(planCode: planCode, siteSchoolCode: try row.string(0), certificateCode: try row.string(1), name: try row.string(2)),
                try row.string(3)
            )
        }
    }

    public func assignProctor(_ idNumber: String, to room: RoomKey, recordID: String) throws {
        try connection.statement(
            "INSERT INTO room_proctors (plan_code, site_school_code, certificate_code, room_name, id_number, record_id) VALUES (?, ?, ?, ?, ?, ?)"
        ).bind([
            .text(room.planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name), .text(idNumber),
            .text(recordID),
        ])
        .run()
    }

    public func unassignProctor(_ idNumber: String, from room: RoomKey) throws {
        try connection.statement(
            "DELETE FROM room_proctors WHERE plan_code = ? AND site_school_code = ? AND certificate_code = ? AND room_name = ? AND id_number = ?"
        ).bind([.text(room.planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name), .text(idNumber)]).run()
    }
}

/// The per-row lookups of the 排考 import.
extension Store {
    public func scheduleEntries(planCode: String, idNumber: String) throws -> [ScheduleEntry] {
        let statement = try connection.statement(
            """
            SELECT \(ScheduleEntryRows.columns)
            FROM enrollments WHERE school_code = (SELECT school_code FROM candidates WHERE id_number = ?2)
              AND id_number = ?2 AND plan_code = ?1
            """)
        defer { statement.reset() }
        try statement.bind([.text(planCode), .text(idNumber)])
        var rows = ScheduleEntryRows(reserving: 4)
        while try statement.step() { try rows.append(statement) }
        return try rows.entries(after: nil)
    }

    public func subjectNames(certificateCode: String, level: CertificateLevel) throws -> [(code: String, name: String)] {
        try connection.statement("SELECT code, name FROM subjects WHERE certificate_code = ? AND level = ?")
            .bind([.text(certificateCode), .text(level.rawValue)]).rows { row in (try row.string(0), try row.string(1)) }
    }

    /// The school whose site for the certificate has that name, or that school's code itself.
    public func siteSchool(reference: String, certificateCode: String) throws -> String? {
        try connection.statement(
            "SELECT school_code FROM sites WHERE certificate_code = ?1 AND (name = ?2 OR school_code = ?2) ORDER BY school_code = ?2 DESC LIMIT 1"
        ).bind([.text(certificateCode), .text(reference)]).first { try $0.string(0) }
    }

    public func seatHolder(_ room: RoomKey, number: Int) throws -> (idNumber: String, session: SessionKey)? {
        try connection.statement(
            """
            SELECT id_number, level, subject_code FROM seats
            WHERE plan_code = ? AND site_school_code = ? AND certificate_code = ? AND room_name = ? AND seat = ?
            """
        ).bind([.text(room.planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name), .of(number)]).first {
            row in
            (
                try row.string(0),
                SessionKey(
                    certificateCode: room.certificateCode, level: try row.value(1, as: CertificateLevel.self),
                    subjectCode: try row.string(2))
            )
        }
    }

    /// A candidate's seats in a plan: found by ID number (given_seats' second key), then kept
    /// if their session is of the plan.
    public func seats(planCode: String, idNumber: String) throws -> [Seat] {
        try connection.statement(
            """
            SELECT r.site_school_code, r.certificate_code, r.room_name, g.seat, g.school_code, g.id_number, ss.level, ss.subject_code
            FROM given_seats g JOIN seat_sessions ss ON ss.no = g.session JOIN seat_rooms r ON r.no = g.room
            WHERE g.id_number = ?2 AND ss.plan_code = ?1
            """
        ).bind([.text(planCode), .text(idNumber)]).rows { row in try Store.seat(row, planCode: planCode) }
    }

    public func ticketNumber(planCode: String, idNumber: String) throws -> String? {
        try connection.statement("SELECT ticket_no FROM admission_tickets WHERE plan_code = ? AND id_number = ?")
            .bind([.text(planCode), .text(idNumber)]).first { try $0.string(0) }
    }

    public func ticketHolder(_ number: String) throws -> String? {
        try connection.statement("SELECT id_number FROM admission_tickets WHERE ticket_no = ?").bind([.text(number)]).first {
            try $0.string(0)
        }
    }

    /// The highest ticket sequence issued to each school in a plan (a school not listed has none).
    public func lastTicketSequences(planCode: String) throws -> [String: Int] {
        var last: [String: Int] = [:]
        for (school, sequence) in try connection.statement(
            "SELECT school_code, max(sequence) FROM admission_tickets WHERE plan_code = ? GROUP BY school_code"
        ).bind([.text(planCode)]).rows({ (try $0.string(0), try $0.int(1)) }) {
            last[school] = sequence
        }
        return last
    }

    /// Those of `idNumbers` who hold an admission ticket of the plan.
    public func ticketHolders(planCode: String, idNumbers: some Sequence<String>) throws -> Set<String> {
        Set(try idNumbers.filter { try ticketNumber(planCode: planCode, idNumber: $0) != nil })
    }

    /// Inserts a ticket under `number`: its own (`ticket.number`) or one an imported schedule gave.
    public func insertTicket(_ ticket: AdmissionTicket, number: String, recordID: String) throws {
        try connection.statement(
            static: """
                INSERT INTO admission_tickets (plan_code, id_number, school_code, sequence, ticket_no, record_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """
        ).bind(1, ticket.planCode).bind(2, ticket.idNumber).bind(3, ticket.schoolCode).bind(4, ticket.sequence).bind(5, number)
            .bind(6, recordID).run()
    }
}

/// What a re-run of `kaowu schedule` reads instead of the whole plan: the seats withdrawn since,
/// the enrolled subjects without a seat, the seat numbers taken per room, and the sessions the
/// candidates to seat already hold.
extension Store {
    /// The seats withdrawn since the last run (of `schoolCode`'s candidates, or all): the
    /// triggers of migration 0013 withdraw a seat when its enrolled subject or room goes, and
    /// note it here for the next run to report. Taking them empties the note.
    public func takeWithdrawnSeats(planCode: String, schoolCode: String?) throws -> [Seat] {
        let withdrawn = try connection.statement(
            """
            SELECT site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
            FROM seat_withdrawals WHERE plan_code = ?1 AND (?2 IS NULL OR school_code = ?2)
            ORDER BY school_code, id_number, certificate_code, level, subject_code
            """
        ).bind([.text(planCode), .of(schoolCode)]).rows { row in try Store.seat(row, planCode: planCode) }
        try connection.statement("DELETE FROM seat_withdrawals WHERE plan_code = ?1 AND (?2 IS NULL OR school_code = ?2)")
            .bind([.text(planCode), .of(schoolCode)]).run()
        return withdrawn
    }

    /// The enrolled subjects of a plan that hold no seat, in key order: by school and ID number,
    /// each candidate's subjects together (`Seating` puts the candidates in the scheduling
    /// order, which costs a sort of the candidates rather than of every enrolled subject:
    /// 0.35 s of SQLite's sorter for 271k rows). They come to `body` as the bytes of
    /// `ScheduleEntryRows.capacity` rows at a time, for another thread to decode while the next are
    /// read.
    ///
    /// A plan none of whose sessions has ever been numbered for a seat holds no seat: its first
    /// run reads every enrolled subject without looking for one (0.04 s of 271k look-ups).
    public func forEachUnseatedRows(planCode: String, _ body: (ScheduleEntryRows) throws -> Void) throws {
        let everSeated =
            try connection.statement("SELECT EXISTS (SELECT 1 FROM seat_sessions WHERE plan_code = ?)")
            .bind([.text(planCode)]).first { try $0.bool(0) } ?? true
        let statement = try connection.statement(
            """
            SELECT \(ScheduleEntryRows.columns)
            FROM enrollments e WHERE plan_code = ?1
            """ + (everSeated ? " AND NOT EXISTS (\(Store.seatOf("e")))" : ""))
        defer { statement.reset() }
        try statement.bind([.text(planCode)])
        var rows = ScheduleEntryRows(reserving: ScheduleEntryRows.capacity)
        while try statement.step() {
            try rows.append(statement)
            if rows.count == ScheduleEntryRows.capacity {
                try body(rows)
                rows = ScheduleEntryRows(reserving: ScheduleEntryRows.capacity)
            }
        }
        if rows.count > 0 { try body(rows) }
    }

    /// `forEachUnseatedRows`, decoded on this thread.
    public func unseatedEntries(planCode: String) throws -> [ScheduleEntry] {
        var entries: [ScheduleEntry] = []
        try forEachUnseatedRows(planCode: planCode) { entries += try $0.entries(after: entries.last) }
        return entries
    }

    /// The seat numbers given in each room of a plan. Most rooms hold 1…n without a gap, told
    /// by their count and highest number alone; only a room with gaps has its numbers read.
    public func takenSeats(planCode: String) throws -> [RoomKey: TakenSeats] {
        var taken: [RoomKey: TakenSeats] = [:]
        var gapped: [RoomKey] = []
        for (room, count, highest) in try connection.statement(
            """
            SELECT r.site_school_code, r.certificate_code, r.room_name, count(*), max(g.seat)
            FROM seat_rooms r JOIN given_seats g ON g.room = r.no WHERE r.plan_code = ? GROUP BY r.no
            """
        ).bind([.text(planCode)]).rows({ row in
            (
                RoomKey(planCode: planCode, siteSchoolCode: try row.string(0), certificateCode: try row.string(1), name: try row.string(2)),
                try row.int(3), try row.int(4)
            )
        }) {
            if count == highest { taken[room] = TakenSeats(upTo: highest) } else { gapped.append(room) }
        }
        let numbers = try connection.statement(
            """
            SELECT seat FROM given_seats WHERE room = (SELECT no FROM seat_rooms WHERE plan_code = ? AND site_school_code = ?
              AND certificate_code = ? AND room_name = ?)
            """)
        for room in gapped {
            let seats = try numbers.bind([.text(planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name)])
                .rows { try $0.int(0) }
            taken[room] = TakenSeats(upTo: 0, others: Set(seats))
        }
        return taken
    }

    /// How many seats `schoolCode`'s candidates hold in a plan.
    public func seatCount(planCode: String, schoolCode: String) throws -> Int {
        try connection.statement("SELECT count(*) FROM seats WHERE plan_code = ? AND school_code = ?")
            .bind([.text(planCode), .text(schoolCode)]).first { try $0.int(0) } ?? 0
    }

    /// The sessions the candidates `idNumbers` hold a seat in.
    public func heldSessions(planCode: String, idNumbers: some Sequence<String>) throws -> [String: [SessionKey]] {
        var held: [String: [SessionKey]] = [:]
        for id in idNumbers {
            let sessions = try seats(planCode: planCode, idNumber: id).map(\.session)
            if !sessions.isEmpty { held[id] = sessions }
        }
        return held
    }
}

/// Rows of enrolled subjects (`columns` of `enrollments`) as their bytes, the one decoder of a
/// `ScheduleEntry`: copied on the store's thread and turned into entries on another when a
/// schedule run reads a plan (`Store.forEachUnseatedRows`; building the texts of 271k rows took
/// as long as reading them), or on the same thread for one candidate's subjects.
public struct ScheduleEntryRows: Sendable {
    /// The columns each row holds, in order.
    static let columns = "school_code, id_number, name, pinyin, major, certificate_code, level, subject_code, paid"
    static let capacity = 4096
    private static let texts = 8  // school, ID, name, pinyin, major, certificate, level, subject
    private var bytes: [UInt8] = []
    /// Per row, where each text ends in `bytes`.
    private var ends: [Int] = []
    private var paid: [Bool] = []
    private var noMajor: [Bool] = []

    /// Room for `rows` rows (about 80 bytes of text each) before the buffers grow.
    init(reserving rows: Int) {
        bytes.reserveCapacity(rows * 80)
        ends.reserveCapacity(rows * Self.texts)
        paid.reserveCapacity(rows)
        noMajor.reserveCapacity(rows)
    }

    public var count: Int { paid.count }

    /// Copies the current row of `SELECT \(columns) FROM enrollments`.
    mutating func append(_ row: SQLiteStatement) throws(StoredValueCorrupt) {
        for column in 0..<Self.texts {
            let value = row.textBytes(column)
            if let value {
                bytes.append(contentsOf: value)
            } else if column != 4 {
                throw row.corrupt(column, nil)
            }
            if column == 4 { noMajor.append(value == nil) }
            ends.append(bytes.count)
        }
        paid.append(try row.bool(8))
    }

    /// The rows as entries; each shares the texts it repeats from the row before it (`previous`
    /// for the first: a candidate's subjects repeat the candidate).
    public func entries(after previous: ScheduleEntry?) throws(StoredValueCorrupt) -> [ScheduleEntry] {
        var entries: [ScheduleEntry] = []
        entries.reserveCapacity(count)
        var last = previous
        try bytes.withUnsafeBufferPointer { (all) throws(StoredValueCorrupt) in
            for row in 0..<count {
                let base = row * Self.texts
                func text(_ column: Int, reusing previous: String?) -> String {
                    let start = base + column == 0 ? 0 : ends[base + column - 1]
                    let value = UnsafeBufferPointer(rebasing: all[start..<ends[base + column]])
                    if let previous, previous.withUTF8Bytes({ $0.elementsEqual(value) }) { return previous }
                    return String(decoding: value, as: UTF8.self)
                }
                let levelText = text(6, reusing: last?.level.rawValue)
                guard let level = CertificateLevel(rawValue: levelText) else {
                    throw StoredValueCorrupt(table: "enrollments", column: "level", value: levelText)
                }
                let entry = ScheduleEntry(
                    schoolCode: text(0, reusing: last?.schoolCode), idNumber: text(1, reusing: last?.idNumber),
                    name: text(2, reusing: last?.name), pinyin: text(3, reusing: last?.pinyin),
                    major: noMajor[row] ? nil : text(4, reusing: last?.major), certificateCode: text(5, reusing: last?.certificateCode),
                    level: level, subjectCode: text(7, reusing: nil), paid: paid[row])
                entries.append(entry)
                last = entry
            }
        }
        return entries
    }
}

extension Store {
    /// SQL for the seat of the enrolled subject `alias` (a row of `enrollments`), for `EXISTS`:
    /// its session's number first, then one probe of given_seats' (id_number, session) key.
    static func seatOf(_ alias: String) -> String {
        """
        SELECT 1 FROM seat_sessions ss JOIN given_seats g ON g.session = ss.no AND g.id_number = \(alias).id_number
        WHERE ss.plan_code = \(alias).plan_code AND ss.certificate_code = \(alias).certificate_code AND ss.level = \(alias).level
          AND ss.subject_code = \(alias).subject_code
        """
    }

    /// One row of `SELECT site_school_code, certificate_code, room_name, seat, school_code,
    /// id_number, level, subject_code FROM seats`.
    static func seat(_ row: SQLiteStatement, planCode: String) throws -> Seat {
        Seat(
            room: RoomKey(
                planCode: planCode, siteSchoolCode: try row.string(0), certificateCode: try row.string(1), name: try row.string(2)),
            number: try row.int(3), schoolCode: try row.string(4), idNumber: try row.string(5),
            session: SessionKey(
                certificateCode: try row.string(1), level: try row.value(6, as: CertificateLevel.self), subjectCode: try row.string(7)))
    }
}
