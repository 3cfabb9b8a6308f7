public import Domain
import Foundation

/// Catalog writes (upserts: a republished catalog replaces what it names) and lookups.
extension Store {
    public func upsert(_ organization: Organization) throws {
        try connection.statement(
            """
            INSERT INTO organizations (code, name, contact, phone, seal_path) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, contact = excluded.contact, phone = excluded.phone,
              seal_path = excluded.seal_path
            """
        ).bind([
            .text(organization.code), .text(organization.name), .of(organization.contact), .of(organization.phone),
            .of(organization.sealPath),
        ]).run()
    }

    public func upsert(_ school: School) throws {
        try connection.statement(
            """
            INSERT INTO schools (code, name, province, contact, phone, site_head, stamp_path) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, province = excluded.province, contact = excluded.contact,
              phone = excluded.phone, site_head = excluded.site_head, stamp_path = excluded.stamp_path
            """
        ).bind([
            .text(school.code), .text(school.name), .text(school.province), .of(school.contact), .of(school.phone),
            .of(school.siteHead), .of(school.stampPath),
        ]).run()
    }

    public func upsert(_ certificate: Certificate) throws {
        try connection.statement(
            """
            INSERT INTO certificates (code, name, org_code) VALUES (?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, org_code = excluded.org_code
            """
        ).bind([.text(certificate.code), .text(certificate.name), .text(certificate.organizationCode)]).run()
        for level in certificate.levels {
            try connection.statement("INSERT OR IGNORE INTO certificate_levels (certificate_code, level) VALUES (?, ?)")
                .bind([.text(certificate.code), .text(level.rawValue)]).run()
        }
        try connection.statement("DELETE FROM certificate_majors WHERE certificate_code = ?").bind([.text(certificate.code)]).run()
        for major in certificate.majors {
            try connection.statement("INSERT OR IGNORE INTO certificate_majors (certificate_code, major) VALUES (?, ?)")
                .bind([.text(certificate.code), .text(major)]).run()
        }
    }

    public func upsert(_ subject: Subject) throws {
        try connection.statement(
            """
            INSERT INTO subjects (certificate_code, level, code, name, exam_type, audience, full_marks, pass_mark)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (certificate_code, level, code) DO UPDATE SET name = excluded.name, exam_type = excluded.exam_type,
              audience = excluded.audience, full_marks = excluded.full_marks, pass_mark = excluded.pass_mark
            """
        ).bind([
            .text(subject.certificateCode), .text(subject.level.rawValue), .text(subject.code), .text(subject.name),
            .text(subject.examType.rawValue), .text(subject.audience), .real(subject.fullMarks), .real(subject.passMark),
        ]).run()
    }

    public func upsert(_ plan: ExamPlan) throws {
        let iso = { (date: Date) in SQLiteValue.text(Clock.isoString(date)) }
        try connection.statement(
            """
            INSERT INTO exam_plans (code, name, org_code, mode, registration_start, registration_end, scheduling_start,
              scheduling_end, score_start, score_end, publicity_end, fee_per_certificate, fee_per_subject, payment_required)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, org_code = excluded.org_code, mode = excluded.mode,
              registration_start = excluded.registration_start, registration_end = excluded.registration_end,
              scheduling_start = excluded.scheduling_start, scheduling_end = excluded.scheduling_end,
              score_start = excluded.score_start, score_end = excluded.score_end, publicity_end = excluded.publicity_end,
              fee_per_certificate = excluded.fee_per_certificate, fee_per_subject = excluded.fee_per_subject,
              payment_required = excluded.payment_required
            """
        ).bind([
            .text(plan.code), .text(plan.name), .text(plan.organizationCode), .text(plan.mode.rawValue),
            iso(plan.registration.start), iso(plan.registration.end), iso(plan.scheduling.start), iso(plan.scheduling.end),
            iso(plan.scoreRegistration.start), iso(plan.scoreRegistration.end), iso(plan.publicityEnd),
            .of(plan.feePerCertificate), .of(plan.feePerSubject), .of(plan.paymentRequired.map { $0 ? 1 : 0 }),
        ]).run()
        try connection.statement("DELETE FROM plan_certificates WHERE plan_code = ?").bind([.text(plan.code)]).run()
        for code in plan.certificateCodes {
            try connection.statement("INSERT OR IGNORE INTO plan_certificates (plan_code, certificate_code) VALUES (?, ?)")
                .bind([.text(plan.code), .text(code)]).run()
        }
        try connection.statement("DELETE FROM plan_schools WHERE plan_code = ?").bind([.text(plan.code)]).run()
        for code in plan.schoolCodes {
            try connection.statement("INSERT OR IGNORE INTO plan_schools (plan_code, school_code) VALUES (?, ?)")
                .bind([.text(plan.code), .text(code)]).run()
        }
    }

    public func upsert(_ session: PlanSession) throws {
        try connection.statement(
            """
            INSERT INTO plan_sessions (plan_code, certificate_code, level, subject_code, starts_at, ends_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (plan_code, certificate_code, level, subject_code) DO UPDATE SET starts_at = excluded.starts_at,
              ends_at = excluded.ends_at
            """
        ).bind([
            .text(session.planCode), .text(session.certificateCode), .text(session.level.rawValue), .text(session.subjectCode),
            .text(Clock.isoString(session.window.start)), .text(Clock.isoString(session.window.end)),
        ]).run()
    }

    public func upsert(_ site: AssessmentSite) throws {
        try connection.statement(
            """
            INSERT INTO sites (school_code, certificate_code, name, address, status) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (school_code, certificate_code) DO UPDATE SET name = excluded.name, address = excluded.address,
              status = excluded.status
            """
        ).bind([.text(site.schoolCode), .text(site.certificateCode), .text(site.name), .text(site.address), .text(site.status.rawValue)])
            .run()
    }

    public func upsert(_ allocation: SiteAllocation) throws {
        try connection.statement(
            """
            INSERT INTO site_allocations (plan_code, school_code, certificate_code, host_school_code) VALUES (?, ?, ?, ?)
            ON CONFLICT (plan_code, school_code, certificate_code) DO UPDATE SET host_school_code = excluded.host_school_code
            """
        ).bind([
            .text(allocation.planCode), .text(allocation.schoolCode), .text(allocation.certificateCode), .text(allocation.hostSchoolCode),
        ]).run()
    }

    // MARK: lookups

    public func school(code: String) throws -> School? {
        try connection.statement("SELECT code, name, province, contact, phone, site_head, stamp_path FROM schools WHERE code = ?")
            .bind([.text(code)]).first { row in
                School(
                    code: try row.string(0), name: try row.string(1), province: try row.string(2), contact: row.text(3),
                    phone: row.text(4), siteHead: row.text(5), stampPath: row.text(6))
            }
    }

    public func organization(code: String) throws -> Organization? {
        try connection.statement("SELECT code, name, contact, phone, seal_path FROM organizations WHERE code = ?")
            .bind([.text(code)]).first { row in
                Organization(
                    code: try row.string(0), name: try row.string(1), contact: row.text(2), phone: row.text(3), sealPath: row.text(4))
            }
    }

    public func organizationExists(code: String) throws -> Bool {
        try exists("SELECT 1 FROM organizations WHERE code = ?", [.text(code)])
    }

    public func certificateName(code: String) throws -> String? {
        try connection.statement("SELECT name FROM certificates WHERE code = ?").bind([.text(code)]).first { try $0.string(0) }
    }

    public func certificateHasLevel(code: String, level: CertificateLevel) throws -> Bool {
        try exists("SELECT 1 FROM certificate_levels WHERE certificate_code = ? AND level = ?", [.text(code), .text(level.rawValue)])
    }

    public func subjectExists(certificateCode: String, level: CertificateLevel, code: String) throws -> Bool {
        try exists(
            "SELECT 1 FROM subjects WHERE certificate_code = ? AND level = ? AND code = ?",
            [.text(certificateCode), .text(level.rawValue), .text(code)])
    }

    public func planExists(code: String) throws -> Bool {
        try exists("SELECT 1 FROM exam_plans WHERE code = ?", [.text(code)])
    }

    public func planIncludesCertificate(planCode: String, certificateCode: String) throws -> Bool {
        try exists(
            "SELECT 1 FROM plan_certificates WHERE plan_code = ? AND certificate_code = ?", [.text(planCode), .text(certificateCode)])
    }

    public func siteExists(schoolCode: String, certificateCode: String) throws -> Bool {
        try exists("SELECT 1 FROM sites WHERE school_code = ? AND certificate_code = ?", [.text(schoolCode), .text(certificateCode)])
    }

    /// Counts per catalog table, for the import summary.
    public func catalogCounts() throws -> [(table: String, count: Int)] {
        try ["organizations", "schools", "certificates", "subjects", "exam_plans", "plan_sessions", "sites", "site_allocations"].map {
            table in
            (table, Int(try connection.statement("SELECT count(*) FROM \(table)").first { $0.integer(0) ?? 0 } ?? 0))
        }
    }

    private func exists(_ sql: String, _ values: [SQLiteValue?]) throws -> Bool {
        try connection.statement(sql).bind(values).first { _ in true } ?? false
    }
}
