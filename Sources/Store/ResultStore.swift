public import Domain
public import Foundation

/// Scores, results, issuance records and their decisions (MISSION.md section 6).
extension Store {
    public func ticketHolder(planCode: String, ticket: String) throws -> String? {
        try connection.statement("SELECT id_number FROM admission_tickets WHERE plan_code = ? AND ticket_no = ?")
            .bind([.text(planCode), .text(ticket)]).first { try $0.string(0) }
    }

    public func subjectMarks(certificateCode: String, level: CertificateLevel, code: String) throws -> (full: Double, pass: Double)? {
        try connection.statement("SELECT full_marks, pass_mark FROM subjects WHERE certificate_code = ? AND level = ? AND code = ?")
            .bind([.text(certificateCode), .text(level.rawValue), .text(code)]).first { (try $0.double(0), try $0.double(1)) }
    }

    private static let scoreKeyWhere = "plan_code = ? AND id_number = ? AND certificate_code = ? AND level = ? AND subject_code = ?"

    private static func bindings(_ planCode: String, _ idNumber: String, _ session: SessionKey) -> [SQLiteValue?] {
        [.text(planCode), .text(idNumber), .text(session.certificateCode), .text(session.level.rawValue), .text(session.subjectCode)]
    }

    public func score(planCode: String, idNumber: String, session: SessionKey) throws -> SubjectScore? {
        let stored: SubjectScore?? = try connection.statement("SELECT points, absent FROM scores WHERE " + Store.scoreKeyWhere)
            .bind(Store.bindings(planCode, idNumber, session)).first { row in Store.subjectScore(row, 0) }
        return stored ?? nil
    }

    static func subjectScore(_ row: SQLiteStatement, _ column: Int) -> SubjectScore? {
        if row.integer(column + 1) == 1 { return .absent }
        return row.real(column).map { .points($0) }
    }

    /// Stores a score and, when it differs from the stored one (or is the first), a line of its
    /// audit trail. Returns whether anything changed.
    @discardableResult
    public func writeScore(
        planCode: String, idNumber: String, schoolCode: String, session: SessionKey, score: SubjectScore, recordID: String,
        operatorName: String, at time: Date
    ) throws -> Bool {
        let old = try self.score(planCode: planCode, idNumber: idNumber, session: session)
        guard old != score else { return false }
        let key = Store.bindings(planCode, idNumber, session)
        let absent: Int64 = score == .absent ? 1 : 0
        try connection.statement(
            """
            INSERT INTO scores (plan_code, id_number, certificate_code, level, subject_code, school_code, points, absent, record_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (plan_code, id_number, certificate_code, level, subject_code)
            DO UPDATE SET points = excluded.points, absent = excluded.absent, record_id = excluded.record_id, updated_at = excluded.updated_at
            """
        ).bind(key + [.text(schoolCode), .of(score.points), .integer(absent), .text(recordID), .text(Clock.isoString(time))])
            .run()
        try connection.statement(
            """
            INSERT INTO score_changes (plan_code, id_number, certificate_code, level, subject_code, old_points, old_absent,
              new_points, new_absent, record_id, operator, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind(key + changeBindings(old: old, new: score, recordID: recordID, operatorName: operatorName, at: time)).run()
        return true
    }

    private func changeBindings(old: SubjectScore?, new: SubjectScore, recordID: String, operatorName: String, at time: Date)
        -> [SQLiteValue?]
    {
        let oldAbsent: SQLiteValue? = old.map { .integer($0 == .absent ? 1 : 0) }
        let newAbsent: SQLiteValue = .integer(new == .absent ? 1 : 0)
        return [
            .of(old?.points), oldAbsent, .of(new.points), newAbsent, .text(recordID), .text(operatorName), .text(Clock.isoString(time)),
        ]
    }

    /// Every change to a candidate's scores, oldest first.
    public func scoreHistory(idNumber: String) throws -> [ScoreChange] {
        try connection.statement(
            """
            SELECT plan_code, certificate_code, level, subject_code, old_points, old_absent, new_points, new_absent, record_id,
              operator, changed_at FROM score_changes WHERE id_number = ? ORDER BY seq
            """
        ).bind([.text(idNumber)]).rows { row in
            ScoreChange(
                planCode: try row.string(0), subjectCode: try row.string(3), certificateCode: try row.string(1),
                level: try row.value(2, as: CertificateLevel.self), old: Store.subjectScore(row, 4), new: Store.subjectScore(row, 6),
                recordID: try row.string(8), operatorName: try row.string(9), changedAt: try row.date(10))
        }
    }

    /// The results of a plan (one school's, or all), streamed one candidate-certificate at a
    /// time in school, ID, certificate order: the enrolled subjects with their scores.
    public func forEachResult(planCode: String, schoolCode: String?, _ body: (CandidateResult) throws -> Void) throws {
        let statement = try connection.statement(
            """
            SELECT e.school_code, e.id_number, e.name, e.certificate_code, e.level, e.subject_code, j.name, j.full_marks, j.pass_mark,
              s.points, s.absent
            FROM enrollments e
            JOIN subjects j ON j.certificate_code = e.certificate_code AND j.level = e.level AND j.code = e.subject_code
            LEFT JOIN scores s ON s.plan_code = e.plan_code AND s.id_number = e.id_number AND s.certificate_code = e.certificate_code
              AND s.level = e.level AND s.subject_code = e.subject_code
            WHERE e.plan_code = ?1 AND (?2 IS NULL OR e.school_code = ?2)
            ORDER BY e.school_code, e.id_number, e.certificate_code, e.level, e.subject_code
            """
        ).bind([.text(planCode), .of(schoolCode)])
        var current: CandidateResult?
        defer { statement.reset() }
        while try statement.step() {
            let row = statement
            let school = try row.string(0)
            let id = try row.string(1)
            let certificate = try row.string(3)
            let level = try row.value(4, as: CertificateLevel.self)
            let subject = SubjectResult(
                subjectCode: try row.string(5), subjectName: try row.string(6), score: Store.subjectScore(row, 9),
                fullMarks: try row.double(7), passMark: try row.double(8))
            if let found = current, found.schoolCode == school, found.idNumber == id, found.certificateCode == certificate,
                found.level == level
            {
                current?.subjects.append(subject)
                continue
            }
            if let finished = current { try body(finished) }
            current = CandidateResult(
                planCode: planCode, idNumber: id, name: try row.string(2), schoolCode: school, certificateCode: certificate, level: level,
                subjects: [subject])
        }
        if let finished = current { try body(finished) }
    }

    /// Plans whose publicity ended by `now` and whose results are not settled yet.
    public func plansToSettle(at now: Date) throws -> [String] {
        try connection.statement(
            "SELECT code FROM exam_plans WHERE publicity_end <= ? AND code NOT IN (SELECT plan_code FROM settled_plans) ORDER BY code"
        ).bind([.text(Clock.isoString(now))]).rows { try $0.string(0) }
    }

    public func isSettled(planCode: String) throws -> Bool {
        try connection.statement("SELECT 1 FROM settled_plans WHERE plan_code = ?").bind([.text(planCode)]).first { _ in true } ?? false
    }

    public func markSettled(planCode: String, at time: Date) throws {
        try connection.statement("INSERT INTO settled_plans (plan_code, settled_at) VALUES (?, ?)")
            .bind([.text(planCode), .text(Clock.isoString(time))]).run()
    }

    public func insertResult(_ result: CandidateResult) throws {
        try connection.statement(
            "INSERT INTO results (plan_code, id_number, certificate_code, level, school_code, status) VALUES (?, ?, ?, ?, ?, ?)"
        ).bind([
            .text(result.planCode), .text(result.idNumber), .text(result.certificateCode), .text(result.level.rawValue),
            .text(result.schoolCode), .text(result.status.rawValue),
        ]).run()
    }

    /// The settled result, when the plan's results are frozen.
    public func settledResults(planCode: String) throws -> [String: ResultStatus] {
        var results: [String: ResultStatus] = [:]
        for (key, status) in try connection.statement(
            "SELECT id_number || '|' || certificate_code || '|' || level, status FROM results WHERE plan_code = ?"
        ).bind([.text(planCode)]).rows({ (try $0.string(0), try $0.value(1, as: ResultStatus.self)) }) {
            results[key] = status
        }
        return results
    }

    /// The highest sequence issued under a certificate number prefix.
    public func lastCertificateSequence(prefix: String) throws -> Int {
        try connection.statement(
            "SELECT max(CAST(substr(certificate_no, ?1) AS INTEGER)) FROM issuances WHERE substr(certificate_no, 1, ?2) = ?3"
        ).bind([.integer(Int64(prefix.count + 1)), .integer(Int64(prefix.count)), .text(prefix)]).first { $0.integer(0).map(Int.init) ?? 0 }
            ?? 0
    }

    public func insertIssuance(_ issuance: Issuance, at time: Date) throws {
        try connection.statement(
            """
            INSERT INTO issuances (certificate_no, plan_code, id_number, certificate_code, level, school_code, org_code, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind([
            .text(issuance.certificateNumber), .text(issuance.planCode), .text(issuance.idNumber), .text(issuance.certificateCode),
            .text(issuance.level.rawValue), .text(issuance.schoolCode), .text(issuance.organizationCode), .text(issuance.status.rawValue),
            .text(Clock.isoString(time)),
        ]).run()
    }

    private static let issuanceColumns = """
        i.certificate_no, i.plan_code, i.id_number, i.certificate_code, i.level, i.school_code, i.org_code, i.status, i.school_reason,
          i.org_reason, i.issued_on, i.verification_code, i.stamp_failure, c.name, c.photo
        """

    private static func issuanceListing(_ row: SQLiteStatement) throws -> IssuanceListing {
        IssuanceListing(
            issuance: Issuance(
                id: try row.string(0), planCode: try row.string(1), idNumber: try row.string(2), certificateCode: try row.string(3),
                level: try row.value(4, as: CertificateLevel.self), schoolCode: try row.string(5), organizationCode: try row.string(6),
                status: try row.value(7, as: IssuanceStatus.self), certificateNumber: try row.string(0), schoolReason: row.text(8),
                organizationReason: row.text(9), issuedOn: row.text(10), verificationCode: row.text(11), stampFailure: row.text(12)),
            name: row.text(13) ?? "", photo: row.text(14))
    }

    public func issuance(number: String) throws -> IssuanceListing? {
        try connection.statement(
            "SELECT \(Store.issuanceColumns) FROM issuances i LEFT JOIN candidates c ON c.id_number = i.id_number WHERE i.certificate_no = ?"
        ).bind([.text(number)]).first(Store.issuanceListing)
    }

    /// Issuance records by school, organization, plan, status and certificate (each optional),
    /// in certificate number order.
    public func issuances(
        schoolCode: String? = nil, organizationCode: String? = nil, planCode: String? = nil, statuses: [IssuanceStatus]? = nil,
        idNumber: String? = nil, certificateCode: String? = nil
    ) throws -> [IssuanceListing] {
        var listings: [IssuanceListing] = []
        try forEachIssuance(
            schoolCode: schoolCode, organizationCode: organizationCode, planCode: planCode, statuses: statuses, idNumber: idNumber,
            certificateCode: certificateCode
        ) { listings.append($0) }
        return listings
    }

    /// The same, streamed (the 发证记录 export).
    public func forEachIssuance(
        schoolCode: String? = nil, organizationCode: String? = nil, planCode: String? = nil, statuses: [IssuanceStatus]? = nil,
        idNumber: String? = nil, certificateCode: String? = nil, _ body: (IssuanceListing) throws -> Void
    ) throws {
        let statusList = statuses.map { $0.map(\.rawValue).joined(separator: ",") }
        let statement = try connection.statement(
            """
            SELECT \(Store.issuanceColumns) FROM issuances i LEFT JOIN candidates c ON c.id_number = i.id_number
            WHERE (?1 IS NULL OR i.school_code = ?1) AND (?2 IS NULL OR i.org_code = ?2) AND (?3 IS NULL OR i.plan_code = ?3)
              AND (?4 IS NULL OR instr(',' || ?4 || ',', ',' || i.status || ',') > 0) AND (?5 IS NULL OR i.id_number = ?5)
              AND (?6 IS NULL OR i.certificate_code = ?6)
            ORDER BY i.certificate_no
            """
        ).bind([.of(schoolCode), .of(organizationCode), .of(planCode), .of(statusList), .of(idNumber), .of(certificateCode)])
        defer { statement.reset() }
        while try statement.step() { try body(try Store.issuanceListing(statement)) }
    }

    /// The scores of a plan (one school's, or all) with the candidate's ticket and name, in
    /// school, ID, subject order.
    public func forEachScore(
        planCode: String, schoolCode: String?,
        _ body: (_ ticket: String?, _ name: String, _ idNumber: String, _ session: SessionKey, _ score: SubjectScore?, _ record: String)
            throws
            -> Void
    ) throws {
        let statement = try connection.statement(
            """
            SELECT t.ticket_no, e.name, s.id_number, s.certificate_code, s.level, s.subject_code, s.points, s.absent, s.record_id
            FROM scores s
            LEFT JOIN enrollments e ON e.school_code = s.school_code AND e.id_number = s.id_number AND e.plan_code = s.plan_code
              AND e.certificate_code = s.certificate_code AND e.level = s.level AND e.subject_code = s.subject_code
            LEFT JOIN admission_tickets t ON t.plan_code = s.plan_code AND t.id_number = s.id_number
            WHERE s.plan_code = ?1 AND (?2 IS NULL OR s.school_code = ?2)
            ORDER BY s.school_code, s.id_number, s.certificate_code, s.level, s.subject_code
            """
        ).bind([.text(planCode), .of(schoolCode)])
        defer { statement.reset() }
        while try statement.step() {
            let session = SessionKey(
                certificateCode: try statement.string(3), level: try statement.value(4, as: CertificateLevel.self),
                subjectCode: try statement.string(5))
            try body(
                statement.text(0), statement.text(1) ?? "", try statement.string(2), session, Store.subjectScore(statement, 6),
                try statement.string(8))
        }
    }

    /// A side's decision: the new status, the reason kept for a rejection (cleared by an
    /// approval), and the decision's line in the trail.
    public func recordDecision(
        number: String, side: IssuanceSide, decision: IssuanceDecision, reason: String?, status: IssuanceStatus, operatorName: String,
        recordID: String?, at time: Date
    ) throws {
        let reasonColumn = side == .school ? "school_reason" : "org_reason"
        try connection.statement("UPDATE issuances SET status = ?, \(reasonColumn) = ? WHERE certificate_no = ?")
            .bind([.text(status.rawValue), decision == .reject ? .of(reason) : nil, .text(number)]).run()
        try connection.statement(
            """
            INSERT INTO issuance_decisions (certificate_no, side, decision, reason, operator, decided_at, record_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        ).bind([
            .text(number), .text(side.rawValue), .text(decision.rawValue), .of(reason), .text(operatorName), .text(Clock.isoString(time)),
            .of(recordID),
        ]).run()
    }

    /// Who decided what and when, oldest first: (side, decision, reason, operator, time).
    public func decisions(number: String) throws -> [(IssuanceSide, IssuanceDecision, String?, String, Date)] {
        try connection.statement(
            "SELECT side, decision, reason, operator, decided_at FROM issuance_decisions WHERE certificate_no = ? ORDER BY seq"
        ).bind([.text(number)]).rows { row in
            (
                try row.value(0, as: IssuanceSide.self), try row.value(1, as: IssuanceDecision.self), row.text(2), try row.string(3),
                try row.date(4)
            )
        }
    }

    public func setIssuanceStatus(number: String, _ status: IssuanceStatus, stampFailure: String? = nil) throws {
        try connection.statement("UPDATE issuances SET status = ?, stamp_failure = ? WHERE certificate_no = ?")
            .bind([.text(status.rawValue), .of(stampFailure), .text(number)]).run()
    }

    /// The data a certificate printed, kept as printed: what its verification code covers.
    public func markIssued(number: String, holderName: String, certificateName: String, issuedOn: String, code: String) throws {
        try connection.statement(
            """
            UPDATE issuances SET status = ?, holder_name = ?, certificate_name = ?, issued_on = ?, verification_code = ?,
              stamp_failure = NULL WHERE certificate_no = ?
            """
        ).bind([
            .text(IssuanceStatus.issued.rawValue), .text(holderName), .text(certificateName), .text(issuedOn), .text(code), .text(number),
        ]).run()
    }

    /// The printed data of a certificate: (ID number, name, certificate code, certificate name,
    /// level, issue date, verification code), nil for an unknown number.
    public func printedCertificate(number: String) throws -> (
        idNumber: String, name: String?, certificateCode: String, certificateName: String?, level: String, issuedOn: String?,
        code: String?, status: IssuanceStatus
    )? {
        try connection.statement(
            """
            SELECT id_number, holder_name, certificate_code, certificate_name, level, issued_on, verification_code, status
            FROM issuances WHERE certificate_no = ?
            """
        ).bind([.text(number)]).first { row in
            (
                try row.string(0), row.text(1), try row.string(2), row.text(3), try row.string(4), row.text(5), row.text(6),
                try row.value(7, as: IssuanceStatus.self)
            )
        }
    }

    public func setSealPath(organizationCode: String, path: String) throws {
        try connection.statement("UPDATE organizations SET seal_path = ? WHERE code = ?").bind([.text(path), .text(organizationCode)]).run()
    }

    public func setSignaturePath(schoolCode: String, path: String) throws {
        try connection.statement("UPDATE schools SET stamp_path = ? WHERE code = ?").bind([.text(path), .text(schoolCode)]).run()
    }
}
