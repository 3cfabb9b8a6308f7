public import Domain
public import Foundation

/// An enrollment as stored: its key, the candidate snapshot taken when it was made, and its
/// payment and scheduling state (for lists, exports and payment orders).
public struct EnrollmentRecord: Sendable {
    public var planCode, idNumber, certificateCode: String
    public var level: CertificateLevel
    public var subjectCode, schoolCode: String
    public var mode: EnrollmentMode
    public var name, pinyin: String
    public var idType: IDType
    public var mobile: String
    public var major: String?
    public var category: CandidateCategory
    public var audience: String?
    public var paid: Bool
    public var orderNumber: String?
    /// Holds a seat (已排考): the seat is the only record of it.
    public var scheduled: Bool
    public var createdAt: Date?
    /// The subject's session in the plan, when the plan sets one.
    public var session: Window?

    /// 缴费状态 as users see it.
    public var paymentStatus: EnrollmentPaymentStatus { paid ? .paid : orderNumber == nil ? .unpaid : .ordered }
}

/// What a delete row may remove: one stored enrollment and what locks it.
public struct EnrollmentLock: Sendable {
    public let schoolCode: String
    public let level: CertificateLevel
    public let subjectCode: String
    public let paid: Bool
    public let orderNumber: String?
    public let scheduled: Bool
}

// MARK: - Catalog facts and per-row lookups of the enrollment imports

extension Store {
    /// Every plan, certificate (with levels and majors) and subject: the small catalog an
    /// enrollment import reads once and keeps in memory instead of querying per row.
    public func enrollmentCatalogFacts() throws -> (plans: [ExamPlan], certificates: [Certificate], subjects: [Subject]) {
        let date = { (text: String?) in text.flatMap { Clock.parse($0)?.now } ?? Date(timeIntervalSince1970: 0) }
        var planCertificates: [String: [String]] = [:]
        for (plan, certificate) in try connection.statement("SELECT plan_code, certificate_code FROM plan_certificates").rows({
            (try $0.string(0), try $0.string(1))
        }) {
            planCertificates[plan, default: []].append(certificate)
        }
        var planSchools: [String: [String]] = [:]
        for (plan, school) in try connection.statement("SELECT plan_code, school_code FROM plan_schools").rows({
            (try $0.string(0), try $0.string(1))
        }) {
            planSchools[plan, default: []].append(school)
        }
        let plans = try connection.statement(
            """
            SELECT code, name, org_code, mode, registration_start, registration_end, scheduling_start, scheduling_end,
              score_start, score_end, publicity_end, fee_per_certificate, fee_per_subject, payment_required FROM exam_plans
            """
        ).rows { row in
            let code = try row.string(0)
            return ExamPlan(
                code: code, name: try row.string(1), organizationCode: try row.string(2),
                certificateCodes: planCertificates[code] ?? [], schoolCodes: planSchools[code] ?? [],
                mode: try row.value(3, as: EnrollmentMode.self),
                registration: Window(start: date(row.text(4)), end: date(row.text(5))),
                scheduling: Window(start: date(row.text(6)), end: date(row.text(7))),
                scoreRegistration: Window(start: date(row.text(8)), end: date(row.text(9))), publicityEnd: date(row.text(10)),
                feePerCertificate: row.real(11), feePerSubject: row.real(12), paymentRequired: row.integer(13).map { $0 != 0 })
        }
        var levels: [String: [CertificateLevel]] = [:]
        for (code, level) in try connection.statement("SELECT certificate_code, level FROM certificate_levels").rows({
            (try $0.string(0), try $0.value(1, as: CertificateLevel.self))
        }) {
            levels[code, default: []].append(level)
        }
        var majors: [String: [String]] = [:]
        for (code, major) in try connection.statement("SELECT certificate_code, major FROM certificate_majors").rows({
            (try $0.string(0), try $0.string(1))
        }) {
            majors[code, default: []].append(major)
        }
        let certificates = try connection.statement("SELECT code, name, org_code FROM certificates").rows { row in
            let code = try row.string(0)
            return Certificate(
                code: code, name: try row.string(1), organizationCode: try row.string(2), levels: levels[code] ?? [],
                majors: majors[code] ?? [])
        }
        let subjects = try connection.statement(
            "SELECT certificate_code, level, code, name, exam_type, audience, full_marks, pass_mark FROM subjects ORDER BY code"
        ).rows { row in
            Subject(
                certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self),
                code: try row.string(2), name: try row.string(3), examType: try row.value(4, as: ExamType.self),
                audience: try row.string(5), fullMarks: try row.double(6), passMark: try row.double(7))
        }
        return (plans, certificates, subjects)
    }

    /// The enrollments a delete row names (one subject, or every subject of the certificate),
    /// with what may lock them.
    public func enrollmentLocks(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws
        -> [EnrollmentLock]
    {
        let statement = try connection.statement(
            """
            SELECT school_code, level, subject_code, paid, order_no, EXISTS (\(Store.seatOf("e")))
            FROM enrollments e
            WHERE school_code = (SELECT c.school_code FROM candidates c WHERE c.id_number = ?2) AND id_number = ?2
              AND plan_code = ?1 AND certificate_code = ?3
              AND (?4 IS NULL OR subject_code = ?4)
            """
        )
        return try statement.bind(1, planCode).bind(2, idNumber).bind(3, certificateCode).bind(4, subjectCode).rows { row in
            EnrollmentLock(
                schoolCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self),
                subjectCode: try row.string(2), paid: try row.bool(3), orderNumber: row.text(4), scheduled: try row.bool(5))
        }
    }

    /// Deletes what `enrollmentLocks` found for the same arguments; returns how many.
    public func deleteEnrollments(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws -> Int {
        try connection.statement(
            static: """
                DELETE FROM enrollments
                WHERE school_code = (SELECT c.school_code FROM candidates c WHERE c.id_number = ?2) AND id_number = ?2
                  AND plan_code = ?1 AND certificate_code = ?3
                  AND (?4 IS NULL OR subject_code = ?4)
                """
        ).bind(1, planCode).bind(2, idNumber).bind(3, certificateCode).bind(4, subjectCode).run()
        return connection.changes
    }

    /// Streams enrollments (all, or filtered by school, plan and/or certificate) by school, then
    /// by candidate: the order of the key, so an export of any size walks it without a sort.
    public func forEachEnrollment(
        schoolCode: String?, planCode: String?, certificateCode: String?, _ body: (EnrollmentRecord) throws -> Void
    ) throws {
        var conditions: [String] = []
        var values: [SQLiteValue?] = []
        for (column, value) in [("school_code", schoolCode), ("plan_code", planCode), ("certificate_code", certificateCode)] {
            if let value {
                conditions.append("e.\(column) = ?")
                values.append(.text(value))
            }
        }
        let statement = try connection.statement(
            """
            SELECT e.plan_code, e.id_number, e.certificate_code, e.level, e.subject_code, e.school_code, b.mode, e.name, e.pinyin,
              e.id_type, e.mobile, e.major, e.category, e.audience, e.paid, e.order_no,
              EXISTS (\(Store.seatOf("e"))),
              b.created_at, ps.starts_at, ps.ends_at
            FROM enrollments e CROSS JOIN enrollment_batches b ON b.no = e.batch
            LEFT JOIN plan_sessions ps ON ps.plan_code = e.plan_code AND ps.certificate_code = e.certificate_code
              AND ps.level = e.level AND ps.subject_code = e.subject_code
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY e.school_code, e.id_number, e.plan_code, e.certificate_code, e.level, e.subject_code
            """)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {
            try body(
                EnrollmentRecord(
                    planCode: try statement.string(0), idNumber: try statement.string(1), certificateCode: try statement.string(2),
                    level: try statement.value(3, as: CertificateLevel.self), subjectCode: try statement.string(4),
                    schoolCode: try statement.string(5), mode: try statement.value(6, as: EnrollmentMode.self),
                    name: try statement.string(7), pinyin: try statement.string(8),
                    idType: try statement.value(9, as: IDType.self), mobile: try statement.string(10),
                    major: statement.text(11), category: try statement.value(12, as: CandidateCategory.self),
                    audience: statement.text(13), paid: try statement.bool(14), orderNumber: statement.text(15),
                    scheduled: try statement.bool(16), createdAt: try statement.optionalDate(17),
                    session: try statement.optionalWindow(18, 19)))
        }
    }
}

/// The statements an enrollment import runs on the store thread, prepared once and held for
/// the import (not looked up per row), with what every row shares bound once.
public final class EnrollmentStatements {
    /// Keeps the connection the statements belong to open.
    private let store: Store
    /// The candidate and the import that made an enrollment they already have: of any subject
    /// of the certificate in the plan (按证书), or of this subject (按科目).
    private let enrolleeByCertificate: SQLiteStatement
    private let enrolleeBySubject: SQLiteStatement
    /// The import that made an enrollment the candidate already has in the plan for the
    /// certificate (按证书), or for the subject (按科目).
    private let enrolledByCertificate: SQLiteStatement
    private let enrolledBySubject: SQLiteStatement
    /// One subject, skipped (`OR IGNORE`) when its key is taken, and when ?15 is 1 (the first
    /// subject of a 按证书 row) also when the candidate has any subject of the certificate in
    /// the plan: the subquery makes the ID NULL, which `OR IGNORE` skips, so the duplicate check
    /// costs no statement of its own. A single-row `INSERT … VALUES` runs the subquery before
    /// inserting; an `INSERT … SELECT` (the check and the candidate's snapshot in one statement)
    /// gets a statement journal per execution, and a temporary table when it reads
    /// `enrollments`: on the 200k-row sample, SQLite alone spent 3.3 s of CPU that way against
    /// 2.2 s for a lookup and plain inserts. One statement for every subject of a row: the
    /// next subject rebinds only its code and the flag, the snapshot stays bound.
    private let insertSubject: SQLiteStatement
    /// The import's batch (its id, mode and time), made with the first enrollment: inside the
    /// import's transaction, and not at all when it enrolls no one.
    private let insertBatch: SQLiteStatement
    private var batch: Int?

    public init(store: Store, mode: EnrollmentMode, recordID: String, createdAt: String) throws {
        self.store = store
        enrolleeByCertificate = try store.connection.statement(
            static: """
                SELECT c.school_code, c.category, c.name, c.pinyin, c.id_type, c.mobile, c.major, c.status,
                  (SELECT b.record_id FROM enrollments e CROSS JOIN enrollment_batches b ON b.no = e.batch
                    WHERE e.school_code = c.school_code AND e.id_number = ?3 AND e.plan_code = ?1 AND e.certificate_code = ?2
                    LIMIT 1)
                FROM candidates c WHERE c.id_number = ?3
                """)
        enrolleeBySubject = try store.connection.statement(
            static: """
                SELECT c.school_code, c.category, c.name, c.pinyin, c.id_type, c.mobile, c.major, c.status,
                  (SELECT b.record_id FROM enrollments e CROSS JOIN enrollment_batches b ON b.no = e.batch
                    WHERE e.school_code = c.school_code AND e.id_number = ?3 AND e.plan_code = ?1 AND e.certificate_code = ?2
                      AND e.level = ?4 AND e.subject_code = ?5)
                FROM candidates c WHERE c.id_number = ?3
                """)
        enrolledByCertificate = try store.connection.statement(
            static: """
                SELECT b.record_id FROM enrollments e CROSS JOIN enrollment_batches b ON b.no = e.batch
                WHERE e.school_code = ?1 AND e.id_number = ?2 AND e.plan_code = ?3 AND e.certificate_code = ?4 LIMIT 1
                """)
        enrolledBySubject = try store.connection.statement(
            static: """
                SELECT b.record_id FROM enrollments e CROSS JOIN enrollment_batches b ON b.no = e.batch
                WHERE e.school_code = ?1 AND e.id_number = ?2 AND e.plan_code = ?3 AND e.certificate_code = ?4 AND e.level = ?5
                  AND e.subject_code = ?6
                """)
        insertSubject = try store.connection.statement(
            static: """
                INSERT OR IGNORE INTO enrollments (plan_code, id_number, certificate_code, level, subject_code, school_code,
                  batch, name, id_type, pinyin, mobile, major, category, audience)
                VALUES (?1, CASE WHEN ?15 AND EXISTS (
                    SELECT 1 FROM enrollments e WHERE e.school_code = ?6 AND e.id_number = ?2 AND e.plan_code = ?1
                      AND e.certificate_code = ?3
                  ) THEN NULL ELSE ?2 END, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """)
        insertBatch = try store.connection.statement(
            static: "INSERT INTO enrollment_batches (record_id, mode, created_at) VALUES (?1, ?2, ?3)")
        try insertBatch.bind(1, recordID).bind(2, mode.rawValue).bind(3, createdAt)
    }

    /// The candidate holding `idNumber` (any school: the rules decide what to reveal) and the
    /// import that made an enrollment they already have in the plan for the certificate — any
    /// subject when `subjectCode` is nil, else that level and subject. One statement: the
    /// candidates' unique index and the enrollments' key.
    public func enrollee(idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?)
        throws -> (candidate: Candidate, enrolledBy: String?)?
    {
        let statement: SQLiteStatement
        if let subjectCode, let level {
            statement = try enrolleeBySubject.bind(4, level.rawValue).bind(5, subjectCode)
        } else {
            statement = enrolleeByCertificate
        }
        return try statement.bind(1, planCode).bind(2, certificateCode).bind(3, idNumber).first { row in
            (try Store.candidate(idNumber: idNumber, row), row.text(8))
        }
    }

    /// The import that made an enrollment the school's candidate already has in the plan for
    /// the certificate — any subject when `subjectCode` is nil, else that level and subject.
    public func enrolledBy(
        schoolCode: String, idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?
    ) throws -> String? {
        let statement: SQLiteStatement
        if let subjectCode, let level {
            statement = try enrolledBySubject.bind(5, level.rawValue).bind(6, subjectCode)
        } else {
            statement = enrolledByCertificate
        }
        return try statement.bind(1, schoolCode).bind(2, idNumber).bind(3, planCode).bind(4, certificateCode).first { $0.text(0) }
            ?? nil
    }

    /// Enrolls the candidate in every subject, with their snapshot, or in none when they are
    /// enrolled already: in any subject of the certificate in the plan when `wholeCertificate`
    /// (按证书, unless the caller knows they have none), else in the subject. Returns whether it
    /// enrolled them.
    public func insert(
        planCode: String, candidate: Candidate, certificateCode: String, level: CertificateLevel, subjectCodes: [String],
        audience: String?, wholeCertificate: Bool
    ) throws -> Bool {
        if batch == nil {
            try insertBatch.run()
            let made = Int(store.connection.lastInsertRowID)
            batch = made
            try insertSubject.bind(7, made)
        }
        for (index, subjectCode) in subjectCodes.enumerated() {
            if index == 0 {
                try insertSubject.bind(1, planCode).bind(2, candidate.idNumber).bind(3, certificateCode).bind(4, level.rawValue)
                    .bind(6, candidate.schoolCode).bind(8, candidate.name).bind(9, candidate.idType.rawValue)
                    .bind(10, candidate.pinyin).bind(11, candidate.mobile).bind(12, candidate.major)
                    .bind(13, candidate.category.rawValue).bind(14, audience).bind(15, wholeCertificate ? 1 : 0)
            } else {
                try insertSubject.bind(15, 0)
            }
            try insertSubject.bind(5, subjectCode).run()
            if store.connection.changes == 0 {
                // After the first subject nothing of the certificate was enrolled: a later one
                // cannot be refused.
                if index == 0 { return false }
                throw KaowuError(.storeEnrollment, "报考写入失败：同一行的科目未能全部写入", cause: "\(certificateCode) \(subjectCode)")
            }
        }
        return true
    }
}

/// Candidates read through a connection of their own, so an import's prepare thread can read
/// them while the store thread writes (one thread at a time uses it).
///
/// From the first read until the reader is released it holds one read transaction: a
/// transaction per lookup (locking the WAL index each time) cost more than the lookup. Its page
/// cache is small: the pages stay in the OS's cache, and the connection's own would otherwise
/// grow with the candidates table (25 MB more peak memory for 100k candidates).
public final class EnrollmentCandidateReader {
    private let store: Store
    private let select: SQLiteStatement
    private var reading = false

    /// `store` must be a connection of its own, not the import's.
    public init(store: Store) throws {
        self.store = store
        try store.connection.execute("PRAGMA cache_size = -8192")
        select = try store.connection.statement(
            static: """
                SELECT c.school_code, c.category, c.name, c.pinyin, c.id_type, c.mobile, c.major, c.status,
                  EXISTS (SELECT 1 FROM enrollments e WHERE e.school_code = c.school_code AND e.id_number = ?1)
                FROM candidates c WHERE c.id_number = ?1
                """)
    }

    /// The candidate, and whether they have any enrollment (as the read transaction sees it).
    public func candidate(idNumber: String) throws -> (candidate: Candidate, enrolled: Bool)? {
        if !reading {
            try store.connection.execute("BEGIN")
            reading = true
        }
        return try select.bind(1, idNumber).first { (try Store.candidate(idNumber: idNumber, $0), $0.integer(8) != 0) }
    }

    /// Ends the read transaction (the next lookup starts another). While it is open, no
    /// checkpoint can copy what was committed after it began.
    public func endReading() {
        guard reading else { return }
        select.reset()
        try? store.connection.execute("COMMIT")
        reading = false
    }
}

extension Store {
    /// A candidate from columns school_code, category, name, pinyin, id_type, mobile, major,
    /// status (0…7): what an enrollment keeps of them and checks.
    fileprivate static func candidate(idNumber: String, _ row: SQLiteStatement) throws -> Candidate {
        Candidate(
            schoolCode: try row.string(0), category: try row.value(1, as: CandidateCategory.self),
            name: try row.string(2), pinyin: try row.string(3), idType: try row.value(4, as: IDType.self),
            idNumber: idNumber, mobile: try row.string(5), major: row.text(6), majorLevel: nil, entranceYear: nil,
            employer: nil, status: try row.value(7, as: CandidateStatus.self))
    }
}
