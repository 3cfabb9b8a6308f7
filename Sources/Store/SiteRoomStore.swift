public import Domain
import Foundation

/// Reads and writes of 考核站点 and 考场, and the catalog reads their rules need. A type of its
/// own rather than more `Store` methods, so its names cannot clash with other features'.
public struct SiteRoomStore {
    public let store: Store
    var connection: SQLiteConnection { store.connection }

    public init(_ store: Store) { self.store = store }

    // MARK: catalog

    /// A certificate by its code or its exact name: (code, name, organization code).
    public func certificate(reference: String) throws -> (code: String, name: String, organizationCode: String)? {
        try connection.statement("SELECT code, name, org_code FROM certificates WHERE code = ? OR name = ? ORDER BY code = ? DESC LIMIT 1")
            .bind([.text(reference), .text(reference), .text(reference)])
            .first { (try $0.string(0), try $0.string(1), try $0.string(2)) }
    }

    /// The subjects of a certificate whose code or name is `reference` (one per level it exists in).
    public func subjects(certificateCode: String, reference: String) throws -> [Subject] {
        try connection.statement(
            """
            SELECT level, code, name, exam_type, audience, full_marks, pass_mark FROM subjects
            WHERE certificate_code = ? AND (code = ? OR name = ?) ORDER BY level, code
            """
        ).bind([.text(certificateCode), .text(reference), .text(reference)]).rows { row in
            Subject(
                certificateCode: certificateCode, level: try row.value(0, as: CertificateLevel.self), code: try row.string(1),
                name: try row.string(2), examType: try row.value(3, as: ExamType.self), audience: try row.string(4),
                fullMarks: try row.double(5), passMark: try row.double(6))
        }
    }

    public func subjectName(certificateCode: String, level: CertificateLevel, code: String) throws -> String? {
        try connection.statement("SELECT name FROM subjects WHERE certificate_code = ? AND level = ? AND code = ?")
            .bind([.text(certificateCode), .text(level.rawValue), .text(code)]).first { try $0.string(0) }
    }

    /// An exam plan with its certificates and participating schools.
    public func plan(code: String) throws -> ExamPlan? {
        let plan = try connection.statement(
            """
            SELECT code, name, org_code, mode, registration_start, registration_end, scheduling_start, scheduling_end,
              score_start, score_end, publicity_end, fee_per_certificate, fee_per_subject, payment_required FROM exam_plans WHERE code = ?
            """
        ).bind([.text(code)]).first { row -> ExamPlan in
            let date = { (column: Int) throws(StoredValueCorrupt) in try row.date(column) }
            return ExamPlan(
                code: try row.string(0), name: try row.string(1), organizationCode: try row.string(2),
                certificateCodes: [], schoolCodes: [], mode: try row.value(3, as: EnrollmentMode.self),
                registration: Window(start: try date(4), end: try date(5)), scheduling: Window(start: try date(6), end: try date(7)),
                scoreRegistration: Window(start: try date(8), end: try date(9)), publicityEnd: try date(10),
                feePerCertificate: row.real(11), feePerSubject: row.real(12), paymentRequired: row.integer(13).map { $0 != 0 })
        }
        guard var plan else { return nil }
        plan.certificateCodes = try connection.statement(
            "SELECT certificate_code FROM plan_certificates WHERE plan_code = ? ORDER BY certificate_code"
        ).bind([.text(code)]).rows { try $0.string(0) }
        plan.schoolCodes = try connection.statement("SELECT school_code FROM plan_schools WHERE plan_code = ? ORDER BY school_code")
            .bind([.text(code)]).rows { try $0.string(0) }
        return plan
    }

    /// The host school of a borrowed site (借考) for a school's certificate in a plan.
    public func allocationHost(planCode: String, schoolCode: String, certificateCode: String) throws -> String? {
        try connection.statement(
            "SELECT host_school_code FROM site_allocations WHERE plan_code = ? AND school_code = ? AND certificate_code = ?"
        ).bind([.text(planCode), .text(schoolCode), .text(certificateCode)]).first { try $0.string(0) }
    }

    // MARK: sites

    private static let siteColumns = "school_code, certificate_code, name, address, status, contact, phone, return_reason, record_id"

    private static func decodeSite(_ row: SQLiteStatement) throws -> SiteEntry {
        SiteEntry(
            site: AssessmentSite(
                schoolCode: try row.string(0), certificateCode: try row.string(1), name: try row.string(2), address: try row.string(3),
                status: try row.value(4, as: SiteStatus.self)),
            contact: row.text(5), phone: row.text(6), returnReason: row.text(7), recordID: row.text(8))
    }

    public func site(schoolCode: String, certificateCode: String) throws -> SiteEntry? {
        try connection.statement("SELECT \(SiteRoomStore.siteColumns) FROM sites WHERE school_code = ? AND certificate_code = ?")
            .bind([.text(schoolCode), .text(certificateCode)]).first(SiteRoomStore.decodeSite)
    }

    /// A certificate's site by its name, as users write it in the rooms template.
    public func site(named name: String, certificateCode: String) throws -> SiteEntry? {
        try connection.statement("SELECT \(SiteRoomStore.siteColumns) FROM sites WHERE name = ? AND certificate_code = ? LIMIT 1")
            .bind([.text(name), .text(certificateCode)]).first(SiteRoomStore.decodeSite)
    }

    /// Inserts or replaces a site with everything the school filled in.
    public func save(_ entry: SiteEntry) throws {
        let site = entry.site
        try connection.statement(
            """
            INSERT INTO sites (school_code, certificate_code, name, address, status, contact, phone, return_reason, record_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (school_code, certificate_code) DO UPDATE SET name = excluded.name, address = excluded.address,
              status = excluded.status, contact = excluded.contact, phone = excluded.phone,
              return_reason = excluded.return_reason, record_id = excluded.record_id
            """
        ).bind([
            .text(site.schoolCode), .text(site.certificateCode), .text(site.name), .text(site.address), .text(site.status.rawValue),
            .of(entry.contact), .of(entry.phone), .of(entry.returnReason), .of(entry.recordID),
        ]).run()
    }

    public func deleteSite(schoolCode: String, certificateCode: String) throws {
        try connection.statement("DELETE FROM sites WHERE school_code = ? AND certificate_code = ?")
            .bind([.text(schoolCode), .text(certificateCode)]).run()
    }

    /// Rooms set at a site, and plans that lend it (借考): either keeps the site from being deleted.
    public func siteUseCount(schoolCode: String, certificateCode: String) throws -> Int {
        Int(
            try connection.statement(
                """
                SELECT (SELECT count(*) FROM rooms WHERE site_school_code = ?1 AND certificate_code = ?2)
                  + (SELECT count(*) FROM site_allocations WHERE host_school_code = ?1 AND certificate_code = ?2)
                """
            ).bind([.text(schoolCode), .text(certificateCode)]).first { $0.integer(0) ?? 0 } ?? 0)
    }

    /// A site with the names an export shows.
    public struct SiteListing: Sendable {
        public let entry: SiteEntry
        public let schoolName: String
        public let certificateName: String
    }

    /// Sites in school, then certificate order; each filter is optional.
    public func forEachSite(
        schoolCode: String?, certificateCode: String?, status: SiteStatus?, _ body: (SiteListing) throws -> Void
    ) throws {
        var conditions: [String] = []
        var values: [SQLiteValue?] = []
        for (column, value) in [("s.school_code", schoolCode), ("s.certificate_code", certificateCode), ("s.status", status?.rawValue)] {
            if let value {
                conditions.append("\(column) = ?")
                values.append(.text(value))
            }
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let statement = try connection.statement(
            """
            SELECT s.school_code, s.certificate_code, s.name, s.address, s.status, s.contact, s.phone, s.return_reason, s.record_id,
              coalesce(h.name, ''), coalesce(c.name, '')
            FROM sites s LEFT JOIN schools h ON h.code = s.school_code LEFT JOIN certificates c ON c.code = s.certificate_code
            \(filter) ORDER BY s.school_code, s.certificate_code
            """)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {
            try body(
                SiteListing(
                    entry: SiteRoomStore.decodeSite(statement), schoolName: try statement.string(9),
                    certificateName: try statement.string(10)))
        }
    }

    // MARK: rooms

    private static let roomColumns =
        "plan_code, site_school_code, certificate_code, name, school_code, level, subject_code, room_type, address, seats, record_id"

    private static func decodeRoom(_ row: SQLiteStatement) throws -> ExamRoom {
        ExamRoom(
            key: RoomKey(
                planCode: try row.string(0), siteSchoolCode: try row.string(1), certificateCode: try row.string(2), name: try row.string(3)),
            schoolCode: try row.string(4), level: try row.value(5, as: CertificateLevel.self), subjectCode: try row.string(6),
            type: try row.value(7, as: RoomType.self), address: try row.string(8), seats: try row.int(9),
            recordID: row.text(10))
    }

    public func room(_ key: RoomKey) throws -> ExamRoom? {
        try connection.statement(
            "SELECT \(SiteRoomStore.roomColumns) FROM rooms WHERE plan_code = ? AND site_school_code = ? AND certificate_code = ? AND name = ?"
        ).bind([.text(key.planCode), .text(key.siteSchoolCode), .text(key.certificateCode), .text(key.name)]).first(
            SiteRoomStore.decodeRoom)
    }

    /// Inserts a room or replaces the one with its key.
    public func save(_ room: ExamRoom) throws {
        try connection.statement(
            """
            INSERT INTO rooms (plan_code, site_school_code, certificate_code, name, school_code, level, subject_code, room_type,
              address, seats, record_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (plan_code, site_school_code, certificate_code, name) DO UPDATE SET school_code = excluded.school_code,
              level = excluded.level, subject_code = excluded.subject_code, room_type = excluded.room_type,
              address = excluded.address, seats = excluded.seats, record_id = excluded.record_id
            """
        ).bind([
            .text(room.key.planCode), .text(room.key.siteSchoolCode), .text(room.key.certificateCode), .text(room.key.name),
            .text(room.schoolCode), .text(room.level.rawValue), .text(room.subjectCode), .text(room.type.rawValue), .text(room.address),
            .integer(Int64(room.seats)), .of(room.recordID),
        ]).run()
    }

    public func deleteRoom(_ key: RoomKey) throws {
        try connection.statement("DELETE FROM rooms WHERE plan_code = ? AND site_school_code = ? AND certificate_code = ? AND name = ?")
            .bind([.text(key.planCode), .text(key.siteSchoolCode), .text(key.certificateCode), .text(key.name)]).run()
    }

    /// The rooms a school set in a plan, in site, certificate and name order.
    public func rooms(schoolCode: String, planCode: String) throws -> [ExamRoom] {
        try connection.statement(
            """
            SELECT \(SiteRoomStore.roomColumns) FROM rooms WHERE school_code = ? AND plan_code = ?
            ORDER BY site_school_code, certificate_code, name
            """
        ).bind([.text(schoolCode), .text(planCode)]).rows(SiteRoomStore.decodeRoom)
    }

    /// A room with the names and the scheduling window an export shows.
    public struct RoomListing: Sendable {
        public let room: ExamRoom
        public let planName: String
        public let siteName: String
        public let certificateName: String
        public let subjectName: String
        public let scheduling: Window
    }

    /// Rooms in plan, school, site, certificate and name order; each filter is optional.
    public func forEachRoom(schoolCode: String?, planCode: String?, _ body: (RoomListing) throws -> Void) throws {
        var conditions: [String] = []
        var values: [SQLiteValue?] = []
        for (column, value) in [("r.school_code", schoolCode), ("r.plan_code", planCode)] {
            if let value {
                conditions.append("\(column) = ?")
                values.append(.text(value))
            }
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let columns = SiteRoomStore.roomColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }
        let statement = try connection.statement(
            """
            SELECT \(columns.joined(separator: ", ")), coalesce(p.name, ''), coalesce(s.name, ''), coalesce(c.name, ''),
              coalesce(j.name, ''), p.scheduling_start, p.scheduling_end
            FROM rooms r JOIN exam_plans p ON p.code = r.plan_code
              LEFT JOIN sites s ON s.school_code = r.site_school_code AND s.certificate_code = r.certificate_code
              LEFT JOIN certificates c ON c.code = r.certificate_code
              LEFT JOIN subjects j ON j.certificate_code = r.certificate_code AND j.level = r.level AND j.code = r.subject_code
            \(filter) ORDER BY r.plan_code, r.school_code, r.site_school_code, r.certificate_code, r.name
            """)
        defer { statement.reset() }
        try statement.bind(values)
        let date = { (text: String?) in text.flatMap { Clock.parse($0)?.now } ?? Date(timeIntervalSince1970: 0) }
        while try statement.step() {
            try body(
                RoomListing(
                    room: SiteRoomStore.decodeRoom(statement), planName: try statement.string(11), siteName: try statement.string(12),
                    certificateName: try statement.string(13), subjectName: try statement.string(14),
                    scheduling: Window(start: date(statement.text(15)), end: date(statement.text(16)))))
        }
    }

    // MARK: catalog lists

    public func forEachOrganization(_ body: (Organization) throws -> Void) throws {
        let statement = try connection.statement("SELECT code, name, contact, phone, seal_path FROM organizations ORDER BY code")
        defer { statement.reset() }
        while try statement.step() {
            try body(
                Organization(
                    code: try statement.string(0), name: try statement.string(1), contact: statement.text(2), phone: statement.text(3),
                    sealPath: statement.text(4)))
        }
    }

    /// Schools in code order; with `planCode`, only the plan's participating schools.
    public func forEachSchool(planCode: String?, _ body: (School) throws -> Void) throws {
        let statement: SQLiteStatement
        if let planCode {
            statement = try connection.statement(
                """
                SELECT code, name, province, contact, phone, site_head, stamp_path FROM schools
                WHERE code IN (SELECT school_code FROM plan_schools WHERE plan_code = ?) ORDER BY code
                """)
            try statement.bind([.text(planCode)])
        } else {
            statement = try connection.statement(
                "SELECT code, name, province, contact, phone, site_head, stamp_path FROM schools ORDER BY code")
        }
        defer { statement.reset() }
        while try statement.step() {
            try body(
                School(
                    code: try statement.string(0), name: try statement.string(1), province: try statement.string(2),
                    contact: statement.text(3), phone: statement.text(4), siteHead: statement.text(5), stampPath: statement.text(6)))
        }
    }
}
