public import Domain

/// A candidate in a seat of one room session, as its documents print them.
public struct SeatedCandidate: Sendable {
    public var seat: Int
    public var idNumber, schoolCode, name: String
    public var ticketNumber: String?
    /// The stored photo, relative to the data root.
    public var photo: String?
}

/// The catalog's names kaowu prints on documents, read once per run.
public struct CatalogNames: Sendable {
    public var organizations: [String: String] = [:]
    public var schools: [String: String] = [:]
    public var certificates: [String: String] = [:]
    /// (certificate, level, code) → name.
    public var subjects: [SessionKey: String] = [:]
    /// (school, certificate) → the site's name and address.
    public var sites: [String: (name: String, address: String?)] = [:]

    public static func siteKey(school: String, certificate: String) -> String { school + "\u{1F}" + certificate }
}

extension Store {
    /// The candidates seated in one room session, by seat number.
    public func seatedCandidates(room: RoomKey) throws -> [SeatedCandidate] {
        try connection.statement(
            """
            SELECT s.seat, s.id_number, s.school_code, e.name, t.ticket_no, c.photo
            FROM seats s
            JOIN enrollments e ON e.school_code = s.school_code AND e.id_number = s.id_number AND e.plan_code = s.plan_code
              AND e.certificate_code = s.certificate_code AND e.level = s.level AND e.subject_code = s.subject_code
            LEFT JOIN admission_tickets t ON t.plan_code = s.plan_code AND t.id_number = s.id_number
            LEFT JOIN candidates c ON c.id_number = s.id_number
            WHERE s.plan_code = ? AND s.site_school_code = ? AND s.certificate_code = ? AND s.room_name = ?
            ORDER BY s.seat
            """
        ).bind([.text(room.planCode), .text(room.siteSchoolCode), .text(room.certificateCode), .text(room.name)]).rows { row in
            SeatedCandidate(
                seat: try row.int(0), idNumber: try row.string(1), schoolCode: try row.string(2), name: try row.string(3),
                ticketNumber: row.text(4), photo: row.text(5))
        }
    }

    public func catalogNames() throws -> CatalogNames {
        var names = CatalogNames()
        for (code, name) in try connection.statement("SELECT code, name FROM organizations").rows({ (try $0.string(0), try $0.string(1)) })
        {
            names.organizations[code] = name
        }
        for (code, name) in try connection.statement("SELECT code, name FROM schools").rows({ (try $0.string(0), try $0.string(1)) }) {
            names.schools[code] = name
        }
        for (code, name) in try connection.statement("SELECT code, name FROM certificates").rows({ (try $0.string(0), try $0.string(1)) }) {
            names.certificates[code] = name
        }
        for (key, name) in try connection.statement("SELECT certificate_code, level, code, name FROM subjects").rows({ row in
            (
                SessionKey(
                    certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self), subjectCode: try row.string(2)),
                try row.string(3)
            )
        }) {
            names.subjects[key] = name
        }
        for row in try connection.statement("SELECT school_code, certificate_code, name, address FROM sites").rows({ row in
            (try row.string(0), try row.string(1), try row.string(2), row.text(3))
        }) {
            names.sites[CatalogNames.siteKey(school: row.0, certificate: row.1)] = (row.2, row.3)
        }
        return names
    }
}
