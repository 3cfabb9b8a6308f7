public import Domain
public import Foundation

// MARK: - Proctors

extension Store {
    /// Every certificate of the catalog (code, name), for resolving 监考证书 cells.
    public func certificateList() throws -> [(code: String, name: String)] {
        try connection.statement("SELECT code, name FROM certificates ORDER BY code").rows { (try $0.string(0), try $0.string(1)) }
    }

    /// The organization that owns a certificate, or nil for an unknown code.
    public func certificateOrganization(code: String) throws -> String? {
        try connection.statement("SELECT org_code FROM certificates WHERE code = ?").bind([.text(code)]).first { try $0.string(0) }
    }

    /// Who registered a proctor's ID number, if anyone (any school: the caller decides what it may reveal).
    public func proctorOwnership(idNumber: String) throws -> ProctorOwnership? {
        try connection.statement(static: "SELECT school_code, name FROM proctors WHERE id_number = ?").bind([.text(idNumber)])
            .first { ProctorOwnership(schoolCode: try $0.string(0), name: try $0.string(1)) }
    }

    /// Inserts a proctor, or updates the contact details of the same school's proctor with this
    /// ID (a repeated ID adds certificates; a later row's phone, gender and title win). False
    /// when the ID belongs to another school's proctor (nothing changed).
    public func upsertProctor(_ proctor: Proctor, recordID: String) throws -> Bool {
        try connection.statement(
            static:
                """
                INSERT INTO proctors (id_number, school_code, name, mobile, gender, title, record_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id_number) DO UPDATE SET mobile = excluded.mobile,
                  gender = coalesce(excluded.gender, proctors.gender), title = coalesce(excluded.title, proctors.title),
                  updated_by_record = excluded.record_id
                WHERE proctors.school_code = excluded.school_code
                """
        ).bind([
            .text(proctor.idNumber), .text(proctor.schoolCode), .text(proctor.name), .text(proctor.mobile),
            .of(proctor.gender?.rawValue), .of(proctor.title), .text(recordID),
        ]).run()
        return connection.changes > 0
    }

    /// Applies for a certificate: a new one is 待认证, a rejected one is submitted again (待认证),
    /// a pending or certified one stays as it is.
    public func applyForProctorCertificate(idNumber: String, certificateCode: String, recordID: String) throws {
        try connection.statement(
            static:
                """
                INSERT INTO proctor_certificates (id_number, certificate_code, status, record_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (id_number, certificate_code) DO UPDATE SET status = excluded.status, reason = NULL,
                  decided_at = NULL, record_id = excluded.record_id
                WHERE proctor_certificates.status = 'rejected'
                """
        ).bind([
            .text(idNumber), .text(certificateCode), .text(ProctorCertificationStatus.pending.rawValue), .text(recordID),
        ]).run()
    }

    /// A proctor and their certificates (in code order), or nil.
    public func proctor(idNumber: String) throws -> (proctor: Proctor, certificates: [ProctorCertificate])? {
        let found = try connection.statement("SELECT school_code, name, mobile, gender, title FROM proctors WHERE id_number = ?")
            .bind([.text(idNumber)]).first { row in
                Proctor(
                    schoolCode: try row.string(0), idNumber: idNumber, name: try row.string(1), mobile: try row.string(2),
                    gender: try row.optionalValue(3, as: Gender.self), title: row.text(4))
            }
        guard let found else { return nil }
        let certificates = try connection.statement(
            """
            SELECT pc.certificate_code, c.name, pc.status, pc.reason, pc.decided_at
            FROM proctor_certificates pc JOIN certificates c ON c.code = pc.certificate_code
            WHERE pc.id_number = ? ORDER BY pc.certificate_code
            """
        ).bind([.text(idNumber)]).rows(Store.decodeProctorCertificate(from: 0))
        return (found, certificates)
    }

    /// Records the organization's decision on one (proctor, certificate).
    public func setProctorCertification(
        idNumber: String, certificateCode: String, status: ProctorCertificationStatus, reason: String?, decidedAt: Date
    ) throws {
        try connection.statement(
            "UPDATE proctor_certificates SET status = ?, reason = ?, decided_at = ? WHERE id_number = ? AND certificate_code = ?"
        ).bind([.text(status.rawValue), .of(reason), .text(Clock.isoString(decidedAt)), .text(idNumber), .text(certificateCode)])
            .run()
    }

    public func deleteProctorCertificate(idNumber: String, certificateCode: String) throws {
        try connection.statement("DELETE FROM proctor_certificates WHERE id_number = ? AND certificate_code = ?")
            .bind([.text(idNumber), .text(certificateCode)]).run()
    }

    /// Deletes a proctor and every certificate application of theirs.
    public func deleteProctor(idNumber: String) throws {
        try connection.statement("DELETE FROM proctor_certificates WHERE id_number = ?").bind([.text(idNumber)]).run()
        try connection.statement("DELETE FROM proctors WHERE id_number = ?").bind([.text(idNumber)]).run()
    }

    /// Streams the (proctor, certificate) rows of one school or of one organization's
    /// certificates, optionally one state and/or one certificate, by school, ID and certificate.
    public func forEachProctorCertificate(
        schoolCode: String?, organizationCode: String?, status: ProctorCertificationStatus?, certificateCode: String?,
        _ body: (ProctorCertificateRow) throws -> Void
    ) throws {
        var conditions: [String] = []
        var values: [SQLiteValue?] = []
        for (condition, value) in [
            ("p.school_code = ?", schoolCode), ("c.org_code = ?", organizationCode), ("pc.status = ?", status?.rawValue),
            ("pc.certificate_code = ?", certificateCode),
        ] {
            guard let value else { continue }
            conditions.append(condition)
            values.append(.text(value))
        }
        let statement = try connection.statement(
            """
            SELECT pc.certificate_code, c.name, pc.status, pc.reason, pc.decided_at,
              p.school_code, s.name, p.id_number, p.name, p.mobile, p.gender, p.title
            FROM proctor_certificates pc JOIN proctors p ON p.id_number = pc.id_number
              JOIN certificates c ON c.code = pc.certificate_code JOIN schools s ON s.code = p.school_code
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY p.school_code, p.id_number, pc.certificate_code
            """)
        defer { statement.reset() }
        try statement.bind(values)
        let certificate = Store.decodeProctorCertificate(from: 0)
        while try statement.step() {
            let proctor = Proctor(
                schoolCode: try statement.string(5), idNumber: try statement.string(7), name: try statement.string(8),
                mobile: try statement.string(9), gender: try statement.optionalValue(10, as: Gender.self), title: statement.text(11))
            try body(ProctorCertificateRow(proctor: proctor, schoolName: try statement.string(6), certificate: try certificate(statement)))
        }
    }

    private static func decodeProctorCertificate(from column: Int) -> (SQLiteStatement) throws -> ProctorCertificate {
        { row in
            ProctorCertificate(
                certificateCode: try row.string(column), certificateName: try row.string(column + 1),
                status: try row.value(column + 2, as: ProctorCertificationStatus.self), reason: row.text(column + 3),
                decidedAt: try row.optionalDate(column + 4))
        }
    }
}

// MARK: - Teachers

extension Store {
    /// Who holds a teacher account: its school and the import that created it.
    public func teacherAccount(mobile: String) throws -> (schoolCode: String, recordID: String)? {
        try connection.statement(static: "SELECT school_code, record_id FROM teachers WHERE mobile = ?").bind([.text(mobile)])
            .first { (try $0.string(0), try $0.string(1)) }
    }

    /// Inserts a new teacher account with its password hash unless the mobile is taken; false
    /// when it was.
    public func insertTeacherIfAbsent(_ teacher: Teacher, passwordHash: String, recordID: String) throws -> Bool {
        try connection.statement(
            static:
                """
                INSERT INTO teachers (mobile, school_code, name, id_number, gender, major, title, email, password_hash, status,
                  record_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mobile) DO NOTHING
                """
        ).bind([
            .text(teacher.mobile), .text(teacher.schoolCode), .text(teacher.name), .of(teacher.idNumber),
            .of(teacher.gender?.rawValue), .of(teacher.major), .of(teacher.title), .of(teacher.email), .text(passwordHash),
            .text(teacher.status.rawValue), .text(recordID),
        ]).run()
        return connection.changes > 0
    }

    /// A teacher account and its stored password hash, for the login check only.
    public func teacherCredential(mobile: String) throws -> (teacher: Teacher, passwordHash: String)? {
        try connection.statement(Store.teacherSelect + ", password_hash FROM teachers WHERE mobile = ?").bind([.text(mobile)])
            .first { row in (try Store.decodeTeacher(row), try row.string(11)) }
    }

    /// 未激活 → 已激活.
    public func activateTeacher(mobile: String, at date: Date) throws {
        try connection.statement("UPDATE teachers SET status = ?, activated_at = ? WHERE mobile = ?")
            .bind([.text(TeacherStatus.active.rawValue), .text(Clock.isoString(date)), .text(mobile)]).run()
    }

    /// Streams one school's teachers (optionally one status) by status and mobile. The hash is
    /// never selected.
    public func forEachTeacher(schoolCode: String, status: TeacherStatus?, _ body: (Teacher) throws -> Void) throws {
        let statement = try connection.statement(
            Store.teacherSelect + " FROM teachers WHERE school_code = ?" + (status == nil ? "" : " AND status = ?")
                + " ORDER BY status, mobile")
        defer { statement.reset() }
        try statement.bind([.text(schoolCode)] + (status.map { [.text($0.rawValue)] } ?? []))
        while try statement.step() { try body(Store.decodeTeacher(statement)) }
    }

    private static let teacherSelect =
        "SELECT school_code, mobile, name, id_number, gender, major, title, email, status, activated_at, record_id"

    private static func decodeTeacher(_ row: SQLiteStatement) throws -> Teacher {
        Teacher(
            schoolCode: try row.string(0), mobile: try row.string(1), name: try row.string(2), idNumber: row.text(3),
            gender: try row.optionalValue(4, as: Gender.self), major: row.text(5), title: row.text(6), email: row.text(7),
            status: try row.value(8, as: TeacherStatus.self), activatedAt: try row.optionalDate(9))
    }
}
