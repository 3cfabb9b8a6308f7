import Domain
import Foundation
import Ingest
import Render
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

/// A data root with the sample catalog, verified candidates of S4101001 and helpers to write and
/// import enrollment workbooks.
struct EnrollmentBed {
    static let school = "S4101001"
    static let plan = "P2026-01"
    static let subjectPlan = "P2026-S"
    let test: TestRoot

    /// Candidates 1…`verified` are 信息准确; `pending` more stay 无照片.
    init(verified: Int = 6, pending: Int = 1) throws {
        test = try TestRoot()
        var rows = (1...(verified + pending)).map { TestRoot.row($0) }
        rows.append(["护理生", "hu li", "居民身份证", TestRoot.id(900), "13800138000", "护理", "高职专科", "#2024"])
        _ = try test.importCandidates(try test.workbook("candidates.xlsx", rows: rows))
        let store = try test.store()
        for sequence in Array(1...verified) + [900] {
            try store.setCandidateStatus(idNumber: TestRoot.id(sequence), schoolCode: EnrollmentBed.school, status: .verified)
        }
        // A 按科目 plan with a fee per subject, beside the sample's 按证书 plan.
        let window = { (start: String, end: String) in Window(start: Clock.parse(start)!.now, end: Clock.parse(end)!.now) }
        try store.upsert(
            ExamPlan(
                code: EnrollmentBed.subjectPlan, name: "按科目计划", organizationCode: "ORG001", certificateCodes: ["C-WEB", "C-BDA"],
                schoolCodes: [EnrollmentBed.school], mode: .bySubject,
                registration: window("2026-09-01T00:00:00+08:00", "2026-12-20T23:59:00+08:00"),
                scheduling: window("2026-12-21T00:00:00+08:00", "2027-01-05T23:59:00+08:00"),
                scoreRegistration: window("2027-01-16T00:00:00+08:00", "2027-01-31T23:59:00+08:00"),
                publicityEnd: Clock.parse("2027-02-15T23:59:00+08:00")!.now, feePerCertificate: nil, feePerSubject: 120))
    }

    static let certificateHeader = ["*考试计划编号", "*证件号码", "*姓名", "*证书", "*等级", "参考对象类型"]
    static let subjectHeader = ["*考试计划编号", "*证件号码", "*姓名", "*证书", "*等级", "*科目", "参考对象类型"]
    static let deleteHeader = ["*考试计划编号", "*证件号码", "*证书", "科目"]

    func run(
        _ action: EnrollmentAction, _ rows: [[String]], now: String = "2026-11-23T10:00:00+08:00", dryRun: Bool = false
    ) throws -> ImportOutcome {
        let header: [String]
        let kind: String
        switch action {
        case .byCertificate: (header, kind) = (EnrollmentBed.certificateHeader, "enrollments-certificate")
        case .bySubject: (header, kind) = (EnrollmentBed.subjectHeader, "enrollments-subject")
        case .delete: (header, kind) = (EnrollmentBed.deleteHeader, "enrollments-delete")
        }
        let file = try test.workbook("\(kind)-\(UUID().uuidString).xlsx", rows: rows, header: header)
        let request = ImportRequest(
            kind: kind, file: file, tenant: EnrollmentBed.school, operatorName: "test", clock: Clock.parse(now)!, dryRun: dryRun)
        return try Imports.enrollments(request, root: test.root, schoolCode: EnrollmentBed.school, action: action)
    }

    /// Failure codes of a record by sheet row.
    func codes(_ outcome: ImportOutcome) throws -> [Int: Set<String>] {
        var codes: [Int: Set<String>] = [:]
        try test.store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if !warning { codes[failure.row, default: []].insert(failure.code.rawValue) }
        }
        return codes
    }

    func enrollments() throws -> [EnrollmentRecord] {
        var all: [EnrollmentRecord] = []
        try test.store().forEachEnrollment(schoolCode: nil, planCode: nil, certificateCode: nil) { all.append($0) }
        return all
    }

    /// C-WEB 高级 gets a subject (WEB-H), so a candidate can be enrolled in a second level.
    func addSeniorWebSubject() throws {
        try test.store().upsert(
            Subject(
                certificateCode: "C-WEB", level: .senior, code: "WEB-H", name: "高级理论", examType: .computer,
                audience: Subject.everyone, fullMarks: 100, passMark: 60))
    }

    static func certificateRow(_ sequence: Int, certificate: String = "C-WEB", level: String = "中级", name: String = "张三") -> [String] {
        [plan, TestRoot.id(sequence), name, certificate, level]
    }
}

@Suite struct EnrollmentImportTests {
    typealias Bed = EnrollmentBed

    /// One file with a failing row per rule (sheet row = index + 3) and valid rows between.
    @Test func byCertificateRefusesEachRuleWithItsCodeAndStoresTheRest() throws {
        let bed = try Bed()
        let table: [([String], String?)] = [
            (Bed.certificateRow(1), nil),
            (Bed.certificateRow(2, certificate: "C-BDA", level: "初级"), nil),
            (["P2099-09", TestRoot.id(3), "张三", "C-WEB", "中级"], "plan.not-found"),
            ([Bed.subjectPlan, TestRoot.id(3), "张三", "C-WEB", "中级"], "plan.mode"),
            (Bed.certificateRow(3, certificate: "C-NONE"), "reference.not-found"),
            (Bed.certificateRow(3, certificate: "C-BDA", level: "高级"), "reference.not-found"),
            (Bed.certificateRow(3, level: "特级"), "enum.invalid"),
            (Bed.certificateRow(800), "candidate.not-found"),
            (Bed.certificateRow(7), "candidate.unverified"),
            (Bed.certificateRow(3, name: "李四"), "name.mismatch"),
            ([Bed.plan, TestRoot.id(900), "护理生", "C-WEB", "中级"], "major.not-eligible"),
            (Bed.certificateRow(1), "duplicate.in-file"),
            (["", TestRoot.id(3), "张三", "C-WEB", "中级"], "required"),
            (Bed.certificateRow(3, certificate: "Web 前端开发"), nil),
        ]
        let outcome = try bed.run(.byCertificate, table.map(\.0))
        let codes = try bed.codes(outcome)
        for (index, (_, code)) in table.enumerated() {
            let row = index + 3
            if let code {
                #expect(codes[row]?.contains(code) == true, "row \(row): \(codes[row] ?? [])")
            } else {
                #expect(codes[row] == nil, "row \(row): \(codes[row] ?? [])")
            }
        }
        #expect(outcome.record.succeeded == 3)
        #expect(outcome.record.failed == table.count - 3)
        let stored = try bed.enrollments()
        // C-WEB 中级 has two subjects, C-BDA 初级 one: 2 + 1 + 2.
        #expect(stored.count == 5)
        #expect(Set(stored.filter { $0.certificateCode == "C-WEB" }.map(\.subjectCode)) == ["WEB-T", "WEB-P"])
        #expect(stored.allSatisfy { $0.schoolCode == Bed.school && $0.mode == .byCertificate && !$0.paid && !$0.scheduled })
        // A second import of the same row is a duplicate of the stored enrollment.
        let again = try bed.run(.byCertificate, [Bed.certificateRow(1)])
        #expect(try bed.codes(again)[3] == ["enrollment.duplicate"])
        // The failed-rows workbook holds the failed rows with their reasons.
        let failed = try readRows(try #require(outcome.failedRowsPath))
        #expect(failed.count == table.count - 3 + 1)
    }

    /// 按证书: a candidate enrolled in any subject of the certificate in the plan is enrolled
    /// already — at another level, or with a subject left after a deletion — and a refused row
    /// changes nothing.
    @Test func byCertificateDuplicateIsAnySubjectOfTheCertificate() throws {
        let bed = try Bed()
        try bed.addSeniorWebSubject()
        let first = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(1, level: "高级"), Bed.certificateRow(2)])
        #expect(try bed.codes(first) == [4: ["duplicate.in-file"]])
        _ = try bed.run(.delete, [[Bed.plan, TestRoot.id(2), "C-WEB", "WEB-T"]])
        let again = try bed.run(
            .byCertificate, [Bed.certificateRow(1, level: "高级"), Bed.certificateRow(2), Bed.certificateRow(3, level: "高级")])
        #expect(try bed.codes(again) == [3: ["enrollment.duplicate"], 4: ["enrollment.duplicate"]])
        let stored = try bed.enrollments().map { "\($0.idNumber.suffix(4)) \($0.subjectCode)" }
        #expect(stored.count == 4)
        #expect(
            Set(stored)
                == Set([
                    "\(TestRoot.id(1).suffix(4)) WEB-T", "\(TestRoot.id(1).suffix(4)) WEB-P",
                    "\(TestRoot.id(2).suffix(4)) WEB-P", "\(TestRoot.id(3).suffix(4)) WEB-H",
                ]))
    }

    /// Rows failing several rules at once report every one, the duplicate included, whichever
    /// thread judged the rest.
    @Test func aFailingRowReportsEveryRuleItBreaks() throws {
        let bed = try Bed()
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1)])
        let outcome = try bed.run(
            .byCertificate, [Bed.certificateRow(1, name: "李四"), [Bed.plan, TestRoot.id(7), "李四", "C-WEB", "中级"]])
        let codes = try bed.codes(outcome)
        #expect(codes[3] == ["name.mismatch", "enrollment.duplicate"])
        #expect(codes[4] == ["candidate.unverified", "name.mismatch"])
        #expect(try bed.enrollments().count == 2)
    }

    @Test func enrollmentsKeepTheCandidateSnapshot() throws {
        let bed = try Bed()
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1)])
        // A later edit of the candidate (mobile and pinyin may change while 信息准确).
        var changed = TestRoot.row(1, phone: "13900139000")
        changed[1] = "zhang xiao san"
        let update = try bed.test.importCandidates(try bed.test.workbook("update.xlsx", rows: [changed]), mode: .update)
        #expect(update.record.succeeded == 1)
        let stored = try bed.enrollments()
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.mobile == "13800138000" && $0.pinyin == "zhang san" && $0.name == "张三" })
        #expect(stored.allSatisfy { $0.major == "软件技术" && $0.idType == .residentID && $0.category == .school })
    }

    /// A row that failed enrolled no one: a later row of the candidate for the certificate
    /// (another level) is no duplicate, and the rows after it are (the insert checks whenever
    /// an earlier row named the candidate with the certificate).
    @Test func aFailedRowLeavesTheCertificateFree() throws {
        let bed = try Bed()
        try bed.addSeniorWebSubject()
        let outcome = try bed.run(
            .byCertificate,
            [
                Bed.certificateRow(1, name: "李四"), Bed.certificateRow(1, level: "高级"), Bed.certificateRow(1),
                Bed.certificateRow(2), Bed.certificateRow(2, level: "高级"),
            ])
        #expect(try bed.codes(outcome) == [3: ["name.mismatch"], 5: ["duplicate.in-file"], 7: ["duplicate.in-file"]])
        let stored = try bed.enrollments().map { "\($0.idNumber.suffix(4)) \($0.subjectCode)" }
        #expect(
            Set(stored)
                == Set([
                    "\(TestRoot.id(1).suffix(4)) WEB-H", "\(TestRoot.id(2).suffix(4)) WEB-T", "\(TestRoot.id(2).suffix(4)) WEB-P",
                ]))
    }

    /// The table as 0009 left it (what every enrolled subject repeats of its import included),
    /// built from the current one, for the migrations that follow it.
    static let v9Shape = """
        CREATE TABLE enrollments_v9 (
          school_code TEXT NOT NULL, id_number TEXT NOT NULL, plan_code TEXT NOT NULL REFERENCES exam_plans(code),
          certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
          mode TEXT NOT NULL DEFAULT 'byCertificate',
          name TEXT NOT NULL DEFAULT '', id_type TEXT NOT NULL DEFAULT '', pinyin TEXT NOT NULL DEFAULT '',
          mobile TEXT NOT NULL DEFAULT '', major TEXT, category TEXT NOT NULL DEFAULT '', audience TEXT,
          paid INTEGER NOT NULL DEFAULT 0, order_no TEXT, scheduled INTEGER NOT NULL DEFAULT 0,
          record_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (school_code, id_number, plan_code, certificate_code, level, subject_code)) WITHOUT ROWID;
        INSERT INTO enrollments_v9 SELECT e.school_code, e.id_number, e.plan_code, e.certificate_code, e.level, e.subject_code,
          b.mode, e.name, e.id_type, e.pinyin, e.mobile, e.major, e.category, e.audience, e.paid, e.order_no, e.scheduled,
          b.record_id, b.created_at
        FROM enrollments e JOIN enrollment_batches b ON b.no = e.batch;
        DROP TRIGGER candidates_enrolled_delete;
        DROP TRIGGER candidates_enrolled_rekey;
        DROP TRIGGER exam_plans_enrolled_delete;
        DROP TRIGGER exam_plans_enrolled_rekey;
        DROP TABLE enrollments;
        DROP TABLE enrollment_batches;
        ALTER TABLE enrollments_v9 RENAME TO enrollments;
        DELETE FROM schema_migrations WHERE id = '0010-enrollment-batches';
        """

    /// The same enrollments, snapshot, state, mode and time after the migrations from an older
    /// table: from 0006's candidate-first key through 0009 and 0010, and from 0009's table
    /// (as 0009 made it before it had the triggers) through 0010. A later import still finds
    /// them under their school and knows they came from another import.
    @Test(arguments: ["0006", "0009"])
    func enrollmentsSurviveTheMigrations(from shape: String) throws {
        let bed = try Bed()
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(2, certificate: "C-BDA", level: "初级")])
        let describe = { (record: EnrollmentRecord) in
            [
                record.schoolCode, record.idNumber, record.planCode, record.certificateCode, record.level.rawValue, record.subjectCode,
                record.mode.rawValue, record.name, record.pinyin, record.mobile, record.major ?? "-", record.audience ?? "-",
                "\(record.paid)", record.orderNumber ?? "-", "\(record.scheduled)", "\(record.createdAt?.timeIntervalSince1970 ?? 0)",
            ].joined(separator: " ")
        }
        let before = try bed.enrollments().map(describe).sorted()
        #expect(before.count == 3)
        var older = Self.v9Shape
        if shape == "0006" {
            older +=
                ("""
                CREATE TABLE enrollments_v6 (
                  plan_code TEXT NOT NULL REFERENCES exam_plans(code),
                  id_number TEXT NOT NULL REFERENCES candidates(id_number),
                  certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
                  school_code TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT 'byCertificate',
                  name TEXT NOT NULL DEFAULT '', id_type TEXT NOT NULL DEFAULT '', pinyin TEXT NOT NULL DEFAULT '',
                  mobile TEXT NOT NULL DEFAULT '', major TEXT, category TEXT NOT NULL DEFAULT '', audience TEXT,
                  paid INTEGER NOT NULL DEFAULT 0, order_no TEXT, scheduled INTEGER NOT NULL DEFAULT 0,
                  record_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '',
                  PRIMARY KEY (id_number, plan_code, certificate_code, level, subject_code));
                INSERT INTO enrollments_v6 SELECT plan_code, id_number, certificate_code, level, subject_code, school_code, mode, name,
                  id_type, pinyin, mobile, major, category, audience, paid, order_no, scheduled, record_id, created_at FROM enrollments;
                DROP TABLE enrollments;
                ALTER TABLE enrollments_v6 RENAME TO enrollments;
                CREATE INDEX enrollments_school ON enrollments(school_code, plan_code, certificate_code);
                DELETE FROM schema_migrations WHERE id = '0009-enrollments-by-school';
                """)
        }
        // One connection: the next store opened migrates.
        try bed.test.store().connection.execute(older + "UPDATE enrollments SET paid = 1 WHERE id_number = '\(TestRoot.id(2))';")
        let store = try bed.test.store()
        #expect(
            try store.connection.statement("SELECT count(*) FROM schema_migrations WHERE id LIKE '0009-%' OR id LIKE '0010-%'")
                .first { $0.integer(0) } == 2)
        #expect(try store.connection.statement("SELECT count(*) FROM enrollment_batches").first { $0.integer(0) } == 1)
        let after = try bed.enrollments().map(describe).sorted()
        #expect(after == before.map { $0.contains(TestRoot.id(2)) ? $0.replacingOccurrences(of: " false - ", with: " true - ") : $0 })
        #expect(try store.enrollmentCount(idNumber: TestRoot.id(1)) == 2)
        let locks = try store.enrollmentLocks(planCode: Bed.plan, idNumber: TestRoot.id(2), certificateCode: "C-BDA", subjectCode: nil)
        #expect(locks.count == 1 && locks.allSatisfy { $0.paid && $0.schoolCode == Bed.school })
        let again = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(2, certificate: "C-BDA", level: "初级")])
        #expect(try bed.codes(again) == [3: ["enrollment.duplicate"], 4: ["enrollment.duplicate"]])
        #expect(throws: (any Error).self) { try store.connection.execute("DELETE FROM candidates WHERE id_number = '\(TestRoot.id(1))'") }
    }

    /// The store itself keeps an enrolled candidate, the plan and the batch of an enrollment
    /// from being deleted or re-keyed (what foreign keys did before 0009 and 0010); their other
    /// columns change freely, and a candidate or batch without enrollments goes.
    @Test func theStoreRefusesToLoseWhatAnEnrollmentPointsTo() throws {
        let bed = try Bed()
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1)])
        let store = try bed.test.store()
        let batch = try #require(try store.connection.statement("SELECT batch FROM enrollments LIMIT 1").first { $0.integer(0) } ?? nil)
        for sql in [
            "DELETE FROM candidates WHERE id_number = '\(TestRoot.id(1))'",
            "UPDATE candidates SET id_number = '\(TestRoot.id(800))' WHERE id_number = '\(TestRoot.id(1))'",
            "UPDATE candidates SET school_code = 'S4101002' WHERE id_number = '\(TestRoot.id(1))'",
            "DELETE FROM exam_plans WHERE code = '\(Bed.plan)'",
            "UPDATE exam_plans SET code = 'P-OTHER' WHERE code = '\(Bed.plan)'",
            "DELETE FROM enrollment_batches WHERE no = \(batch)",
            "UPDATE enrollment_batches SET no = \(batch + 100) WHERE no = \(batch)",
        ] {
            #expect(throws: (any Error).self, "\(sql)") { try store.connection.execute(sql) }
        }
        try store.connection.execute("UPDATE candidates SET mobile = '13900139000' WHERE id_number = '\(TestRoot.id(1))'")
        try store.connection.execute("DELETE FROM candidates WHERE id_number = '\(TestRoot.id(2))'")
        try store.connection.execute("UPDATE exam_plans SET name = '改名' WHERE code = '\(Bed.plan)'")
        try store.connection.execute("INSERT INTO enrollment_batches (record_id, mode, created_at) VALUES ('R-none', 'byCertificate', '')")
        try store.connection.execute("DELETE FROM enrollment_batches WHERE record_id = 'R-none'")
        #expect(try store.enrollmentCount(idNumber: TestRoot.id(1)) == 2)
        #expect(try store.candidateOwnership(idNumber: TestRoot.id(2)) == nil)
        #expect(try bed.enrollments().allSatisfy { $0.planCode == Bed.plan && $0.mode == .byCertificate })
    }

    @Test func bySubjectEnrollsOneSubjectPerRow() throws {
        let bed = try Bed()
        let outcome = try bed.run(
            .bySubject,
            [
                [Bed.subjectPlan, TestRoot.id(1), "张三", "C-WEB", "中级", "WEB-T"],
                [Bed.subjectPlan, TestRoot.id(1), "张三", "C-WEB", "中级", "实操技能"],
                [Bed.subjectPlan, TestRoot.id(1), "张三", "C-WEB", "中级", "WEB-T"],
                [Bed.subjectPlan, TestRoot.id(2), "张三", "C-WEB", "中级", "NOPE"],
                [Bed.plan, TestRoot.id(2), "张三", "C-WEB", "中级", "WEB-T"],
            ])
        let codes = try bed.codes(outcome)
        #expect(codes[3] == nil && codes[4] == nil)
        #expect(codes[5] == ["duplicate.in-file"])
        #expect(codes[6] == ["reference.not-found"])
        #expect(codes[7] == ["plan.mode"])
        #expect(Set(try bed.enrollments().map(\.subjectCode)) == ["WEB-T", "WEB-P"])
        #expect(try bed.enrollments().allSatisfy { $0.mode == .bySubject })
    }

    /// The registration window, on both sides of each boundary, through the whole job.
    @Test(arguments: [
        ("2026-08-31T23:59:59+08:00", false), ("2026-09-01T00:00:00+08:00", true), ("2026-12-20T23:59:00+08:00", true),
        ("2026-12-21T00:00:00+08:00", false),
    ])
    func registrationWindow(now: String, open: Bool) throws {
        let bed = try Bed()
        let added = try bed.run(.byCertificate, [Bed.certificateRow(1)], now: now)
        #expect(added.record.succeeded == (open ? 1 : 0))
        if !open { #expect(try bed.codes(added)[3] == ["plan.closed"]) }
        // Deleting follows the same window (the enrollment is made inside it first).
        _ = try bed.run(.byCertificate, [Bed.certificateRow(2)])
        let deleted = try bed.run(.delete, [[Bed.plan, TestRoot.id(2), "C-WEB", ""]], now: now)
        #expect(deleted.record.succeeded == (open ? 1 : 0))
        if !open { #expect(try bed.codes(deleted)[3] == ["plan.closed"]) }
    }

    @Test func deleteRemovesOneSubjectOrTheWholeCertificate() throws {
        let bed = try Bed()
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(2), Bed.certificateRow(3)])
        #expect(try bed.enrollments().count == 6)
        let outcome = try bed.run(
            .delete,
            [
                [Bed.plan, TestRoot.id(1), "C-WEB", "WEB-T"],
                [Bed.plan, TestRoot.id(2), "C-WEB", ""],
                [Bed.plan, TestRoot.id(2), "C-WEB", ""],
                [Bed.plan, TestRoot.id(4), "C-WEB", ""],
                [Bed.plan, TestRoot.id(3), "C-WEB", "NOPE"],
            ])
        let codes = try bed.codes(outcome)
        #expect(codes[3] == nil && codes[4] == nil)
        #expect(codes[5] == ["enrollment.not-found"])
        #expect(codes[6] == ["enrollment.not-found"])
        #expect(codes[7] == ["reference.not-found"])
        let left = try bed.enrollments()
        #expect(left.count == 3)
        #expect(Set(left.map { "\($0.idNumber.suffix(4)) \($0.subjectCode)" }).count == 3)
        #expect(left.contains { $0.idNumber == TestRoot.id(1) && $0.subjectCode == "WEB-P" })
    }

    @Test func dryRunReportsAndChangesNothing() throws {
        let bed = try Bed()
        let outcome = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(800)], dryRun: true)
        #expect(outcome.record.status == .dryRun)
        #expect((outcome.record.succeeded, outcome.record.failed) == (1, 1))
        #expect(try bed.enrollments().isEmpty)
    }

    @Test func wrongTemplateIsRefusedAsAFile() throws {
        let bed = try Bed()
        let file = try bed.test.workbook("candidates-as-enrollments.xlsx", rows: [TestRoot.row(1)])
        let request = ImportRequest(
            kind: "enrollments-certificate", file: file, tenant: Bed.school, operatorName: "test", clock: TestRoot.clock, dryRun: false)
        #expect(throws: KaowuError.self) {
            try Imports.enrollments(request, root: bed.test.root, schoolCode: Bed.school, action: .byCertificate)
        }
        #expect(try bed.enrollments().isEmpty)
    }

    @Test func templateIsReadableByTheImporter() throws {
        let bed = try Bed()
        for kind in [TemplateKind.enrollmentsCertificate, .enrollmentsSubject, .enrollmentsDelete] {
            let path = bed.test.path("\(kind.rawValue).xlsx")
            try TemplateWriter.write(kind, category: .school, to: path)
            let rows = try readRows(path)
            #expect(rows[1][0] == "*考试计划编号")
            #expect(rows[1][1] == "*证件号码")
        }
    }
}
