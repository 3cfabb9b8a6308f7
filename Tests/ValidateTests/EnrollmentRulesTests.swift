import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// Candidates and enrollments in memory, standing in for the store.
final class MemoryEnrollments: EnrollmentDirectory {
    var candidates: [String: Candidate] = [:]
    /// (plan|id|certificate|level|subject) → the record that made it, and its state.
    var stored: [String: (record: String, state: StoredEnrollmentState)] = [:]

    static func key(_ plan: String, _ id: String, _ certificate: String, _ level: CertificateLevel, _ subject: String) -> String {
        [plan, id, certificate, level.rawValue, subject].joined(separator: "|")
    }

    func enrollee(idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?) throws
        -> (candidate: Candidate, enrolledBy: String?)?
    {
        guard let candidate = candidates[idNumber] else { return nil }
        let prefix = [planCode, idNumber, certificateCode].joined(separator: "|") + "|"
        let match = stored.first { key, _ in
            if let level, let subjectCode { return key == prefix + level.rawValue + "|" + subjectCode }
            return key.hasPrefix(prefix)
        }
        return (candidate, match?.value.record)
    }

    func enrolledBy(
        schoolCode: String, idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?
    ) throws -> String? {
        guard candidates[idNumber]?.schoolCode == schoolCode else { return nil }
        return try enrollee(
            idNumber: idNumber, planCode: planCode, certificateCode: certificateCode, level: level, subjectCode: subjectCode)?.enrolledBy
    }

    func enrollments(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws -> [StoredEnrollmentState] {
        let prefix = [planCode, idNumber, certificateCode].joined(separator: "|") + "|"
        return stored.filter { $0.key.hasPrefix(prefix) && (subjectCode == nil || $0.key.hasSuffix("|" + (subjectCode ?? ""))) }
            .map(\.value.state)
    }

    func enroll(
        _ id: String, plan: String = "P1", certificate: String = "C1", level: CertificateLevel = .intermediate, subject: String,
        record: String = "R0", school: String = "S1", paid: Bool = false, order: String? = nil, scheduled: Bool = false
    ) {
        stored[MemoryEnrollments.key(plan, id, certificate, level, subject)] = (
            record, StoredEnrollmentState(schoolCode: school, subjectCode: subject, paid: paid, orderNumber: order, scheduled: scheduled)
        )
    }
}

/// The prepare thread's candidate reads, from the same memory.
extension MemoryEnrollments: EnrollmentCandidates {
    func candidate(idNumber: String) -> (candidate: Candidate, enrolled: Bool)? {
        candidates[idNumber].map { candidate in (candidate, stored.keys.contains { $0.split(separator: "|")[1] == idNumber }) }
    }
}

enum EnrollmentFixture {
    static func date(_ text: String) -> Date { Clock.parse(text)!.now }
    static let registration = Window(start: date("2026-09-01T00:00:00+08:00"), end: date("2026-12-20T23:59:00+08:00"))
    static let later = Window(start: date("2026-12-21T00:00:00+08:00"), end: date("2027-01-05T23:59:00+08:00"))

    static func plan(_ code: String, mode: EnrollmentMode, schools: [String] = ["S1"]) -> ExamPlan {
        ExamPlan(
            code: code, name: code, organizationCode: "O1", certificateCodes: ["C1", "C2"], schoolCodes: schools, mode: mode,
            registration: registration, scheduling: later, scoreRegistration: later, publicityEnd: later.end, feePerCertificate: 300,
            feePerSubject: 120)
    }

    static func subject(_ certificate: String, _ level: CertificateLevel, _ code: String, audience: String = Subject.everyone) -> Subject {
        Subject(
            certificateCode: certificate, level: level, code: code, name: "科目" + code, examType: .computer, audience: audience,
            fullMarks: 100, passMark: 60)
    }

    static let catalog = EnrollmentCatalog(
        plans: [plan("P1", mode: .byCertificate), plan("P2", mode: .bySubject), plan("P3", mode: .byCertificate, schools: ["S2"])],
        certificates: [
            Certificate(code: "C1", name: "Web 前端开发", organizationCode: "O1", levels: [.intermediate, .senior], majors: ["软件技术"]),
            Certificate(code: "C2", name: "大数据应用开发", organizationCode: "O1", levels: [.junior], majors: []),
            Certificate(code: "C3", name: "云计算", organizationCode: "O1", levels: [.junior], majors: []),
        ],
        subjects: [
            subject("C1", .intermediate, "T1"), subject("C1", .intermediate, "P1"), subject("C1", .senior, "H1"),
            subject("C1", .senior, "H2", audience: "社会考生"), subject("C2", .junior, "B1"), subject("C3", .junior, "Y1"),
        ])

    static func id(_ sequence: Int) -> String {
        let first17 = "110101" + "20000101" + String(format: "%03d", sequence)
        return first17 + String(IDNumberRules.checkCharacter(forFirst17: first17))
    }

    static func candidate(
        _ sequence: Int, school: String = "S1", status: CandidateStatus = .verified, major: String = "软件技术", name: String = "张三"
    ) -> Candidate {
        Candidate(
            schoolCode: school, category: .school, name: name, pinyin: "zhang san", idType: .residentID, idNumber: id(sequence),
            mobile: "13800138000", major: major, majorLevel: .higherVocational, entranceYear: 2024, employer: nil, status: status)
    }

    static func directory() -> MemoryEnrollments {
        let directory = MemoryEnrollments()
        for candidate in [
            candidate(1), candidate(2, school: "S2"), candidate(3, status: .pendingVerification), candidate(4, major: "护理"),
            candidate(5), candidate(6), candidate(7), candidate(8), candidate(9),
        ] {
            directory.candidates[candidate.idNumber] = candidate
        }
        directory.enroll(id(5), subject: "T1", record: "R0")
        directory.enroll(id(6), subject: "T1", record: "R1")
        directory.enroll(id(7), subject: "T1", paid: true)
        directory.enroll(id(8), subject: "T1", order: "JF1")
        directory.enroll(id(9), subject: "T1", scheduled: true)
        return directory
    }

    static func rules(_ action: EnrollmentAction, directory: MemoryEnrollments = directory(), now: String = "2026-11-23T10:00:00+08:00")
        -> EnrollmentRules
    {
        EnrollmentRules(
            action: action, schoolCode: "S1", recordID: "R1", clock: Clock.parse(now)!, catalog: catalog, directory: directory)
    }

    /// A row from texts by position ("" leaves the cell empty; "#…" writes a number cell).
    static func cells(_ texts: [String], row: Int = 3) -> RowCells {
        RowCells(
            row: row,
            values: texts.map { text in
                if text.isEmpty { return nil }
                if text.hasPrefix("#") { return CellValue(type: .number, text: String(text.dropFirst())) }
                return CellValue(type: .string, text: text)
            })
    }
}

@Suite struct EnrollmentRulesTests {
    typealias F = EnrollmentFixture

    /// 按证书报考: every rule with a row that breaks it, and the code it must give.
    @Test(
        arguments: [
            ([:], nil),
            ([0: "P9"], "plan.not-found"),
            ([0: "P3"], "school.not-in-plan"),
            ([0: "P2"], "plan.mode"),
            ([3: "C3", 4: "初级"], "certificate.not-in-plan"),
            ([3: "CX"], "reference.not-found"),
            ([3: "C2", 4: "高级"], "reference.not-found"),
            ([4: "特级"], "enum.invalid"),
            ([1: F.id(99)], "candidate.not-found"),
            ([1: F.id(2)], "candidate.not-found"),
            ([1: F.id(3)], "candidate.unverified"),
            ([2: "李四"], "name.mismatch"),
            ([1: F.id(4)], "major.not-eligible"),
            ([1: F.id(5)], "enrollment.duplicate"),
            ([1: F.id(6)], "duplicate.in-file"),
            ([4: "高级"], "required"),
            ([4: "高级", 5: "老师"], "enrollment.audience"),
            ([5: "社会考生"], "enrollment.audience"),
            ([2: ""], "required"),
            ([1: "#110101200001010010"], "id.numeric-cell"),
            ([3: "Web 前端开发"], nil),
            ([3: "ｃ2", 4: "初级"], "reference.not-found"),
            ([3: "Ｃ2", 4: "初级"], nil),
        ] as [([Int: String], String?)])
    func byCertificate(overrides: [Int: String], code: String?) throws {
        var texts = ["P1", F.id(1), "张三", "C1", "中级", ""]
        for (position, text) in overrides { texts[position] = text }
        let verdict = try F.rules(.byCertificate).validate(F.cells(texts))
        if let code {
            #expect(verdict.failures.map(\.code.rawValue).contains(code), "\(verdict.failures.map(\.message))")
            #expect(verdict.value == nil)
            #expect(verdict.failures.allSatisfy { $0.row == 3 && !$0.column.isEmpty && !$0.reason.isEmpty })
        } else {
            #expect(verdict.failures.isEmpty, "\(verdict.failures.map(\.message))")
            #expect(verdict.value != nil)
        }
    }

    @Test func byCertificateEnrollsEveryAudienceFilteredSubjectWithASnapshot() throws {
        let rules = F.rules(.byCertificate)
        let plain = try rules.validate(F.cells(["P1", F.id(1), "张三", "C1", "中级", ""]))
        guard case .add(let plan, let candidate, let certificate, let level, let subjects, _) = try #require(plain.value) else {
            Issue.record("not an add")
            return
        }
        #expect((plan, certificate, level) == ("P1", "C1", .intermediate))
        #expect(Set(subjects) == ["T1", "P1"])
        #expect(candidate.name == "张三" && candidate.major == "软件技术" && candidate.mobile == "13800138000")
        let social = try rules.validate(F.cells(["P1", F.id(1), "张三", "C1", "高级", "社会考生"]))
        if case .add(_, _, _, _, let subjects, let audience) = try #require(social.value) {
            #expect(Set(subjects) == ["H1", "H2"])
            #expect(audience == "社会考生")
        }
        let everyone = try rules.validate(F.cells(["P1", F.id(1), "张三", "C1", "高级", Subject.everyone]))
        if case .add(_, _, _, _, let subjects, _) = try #require(everyone.value) { #expect(subjects == ["H1"]) }
    }

    /// 按科目报考: one subject per row, the plan must be 按科目.
    @Test(
        arguments: [
            ([:], nil),
            ([0: "P1"], "plan.mode"),
            ([5: "ZZ"], "reference.not-found"),
            ([5: "科目P1"], nil),
            ([4: "高级", 5: "H2"], "required"),
            ([4: "高级", 5: "H2", 6: "院校考生"], "enrollment.audience"),
            ([4: "高级", 5: "H2", 6: "社会考生"], nil),
            ([1: F.id(5)], "enrollment.duplicate"),
            ([1: F.id(3)], "candidate.unverified"),
            ([1: F.id(4)], "major.not-eligible"),
            ([2: "王五"], "name.mismatch"),
            ([5: ""], "required"),
        ] as [([Int: String], String?)])
    func bySubject(overrides: [Int: String], code: String?) throws {
        var texts = ["P2", F.id(1), "张三", "C1", "中级", "T1", ""]
        for (position, text) in overrides { texts[position] = text }
        let directory = F.directory()
        directory.enroll(F.id(5), plan: "P2", subject: "T1", record: "R0")
        let verdict = try F.rules(.bySubject, directory: directory).validate(F.cells(texts))
        if let code {
            #expect(verdict.failures.map(\.code.rawValue).contains(code), "\(verdict.failures.map(\.message))")
            #expect(verdict.value == nil)
        } else {
            #expect(verdict.failures.isEmpty, "\(verdict.failures.map(\.message))")
        }
    }

    @Test func bySubjectDuplicateIsPerSubject() throws {
        let directory = F.directory()
        directory.enroll(F.id(1), plan: "P2", subject: "T1", record: "R1")
        let rules = F.rules(.bySubject, directory: directory)
        #expect(try rules.validate(F.cells(["P2", F.id(1), "张三", "C1", "中级", "T1"])).failures.map(\.code) == [.duplicateInFile])
        #expect(try rules.validate(F.cells(["P2", F.id(1), "张三", "C1", "中级", "P1"])).failures.isEmpty)
    }

    /// 批量删除报考: only this school's unscheduled, unpaid, un-ordered enrollments.
    @Test(
        arguments: [
            ([:], nil),
            ([1: F.id(7)], "enrollment.locked"),
            ([1: F.id(8)], "enrollment.locked"),
            ([1: F.id(9)], "enrollment.locked"),
            ([1: F.id(2)], "enrollment.not-found"),
            ([1: F.id(99)], "enrollment.not-found"),
            ([3: "P1"], "enrollment.not-found"),
            ([3: "ZZ"], "reference.not-found"),
            ([0: "P9"], "plan.not-found"),
            ([2: "CX"], "reference.not-found"),
            ([2: ""], "required"),
        ] as [([Int: String], String?)])
    func delete(overrides: [Int: String], code: String?) throws {
        var texts = ["P1", F.id(5), "C1", "T1"]
        for (position, text) in overrides { texts[position] = text }
        let verdict = try F.rules(.delete).validate(F.cells(texts))
        if let code {
            #expect(verdict.failures.map(\.code.rawValue).contains(code), "\(verdict.failures.map(\.message))")
            #expect(verdict.value == nil)
        } else {
            #expect(verdict.failures.isEmpty, "\(verdict.failures.map(\.message))")
            guard case .remove(let plan, let id, let certificate, let subject) = try #require(verdict.value) else { return }
            #expect((plan, id, certificate, subject) == ("P1", F.id(5), "C1", "T1"))
        }
    }

    /// The registration window on both sides of each boundary, for every action.
    @Test(arguments: [
        ("2026-08-31T23:59:59+08:00", false), ("2026-09-01T00:00:00+08:00", true), ("2026-12-20T23:59:00+08:00", true),
        ("2026-12-20T23:59:01+08:00", false),
    ])
    func registrationWindow(now: String, open: Bool) throws {
        let rows: [(EnrollmentAction, [String])] = [
            (.byCertificate, ["P1", F.id(1), "张三", "C1", "高级", "社会考生"]),
            (.bySubject, ["P2", F.id(1), "张三", "C1", "中级", "T1"]),
            (.delete, ["P1", F.id(5), "C1", "T1"]),
        ]
        for (action, texts) in rows {
            let verdict = try F.rules(action, now: now).validate(F.cells(texts))
            #expect(verdict.failures.map(\.code.rawValue) == (open ? [] : ["plan.closed"]), "\(action) at \(now)")
        }
    }

    /// A row passing every rule but the duplicate one becomes its enrollment on the prepare
    /// thread, with nothing left to look up; any other row is judged by `validate`, which
    /// reports all it breaks.
    @Test(
        arguments: [
            ([:], true),
            ([1: F.id(5)], true),  // enrolled already: the insert refuses it, then `validate` says so
            ([1: F.id(99)], false), ([1: F.id(2)], false), ([1: F.id(3)], false), ([1: F.id(4)], false), ([2: "李四"], false),
            ([0: "P9"], false), ([4: "特级"], false),
        ] as [([Int: String], Bool)])
    func prepareThreadSettlesAllButTheDuplicate(overrides: [Int: String], settled: Bool) throws {
        var texts = ["P1", F.id(1), "张三", "C1", "中级", ""]
        for (position, text) in overrides { texts[position] = text }
        let directory = F.directory()
        let rules = F.rules(.byCertificate, directory: directory)
        let draft = rules.row.prepare(F.cells(texts), candidates: directory)
        let change = rules.enrollment(draft)
        #expect((change != nil) == settled)
        if let change, case .add(let plan, let candidate, let certificate, let level, let subjects, _) = change {
            #expect((plan, candidate.idNumber, certificate, level) == ("P1", texts[1], "C1", .intermediate))
            #expect(Set(subjects) == ["T1", "P1"])
        }
        // Without a reader on the prepare thread, every row goes to `validate`.
        #expect(rules.enrollment(rules.row.prepare(F.cells(texts), candidates: nil)) == nil)
        #expect(rules.enrollment(F.rules(.delete).row.prepare(F.cells(["P1", F.id(5), "C1", "T1"]), candidates: directory)) == nil)
    }

    /// A draft knows its candidate cannot be enrolled in the certificate yet only when they
    /// had no enrollment (any plan) and no earlier row named them with the plan and
    /// certificate, at another level or failing; whether this row fails is another matter.
    @Test func aDraftIsUnenrolledOnlyForTheFirstRowOfACandidateWithoutEnrollments() {
        let directory = F.directory()
        let rules = F.rules(.byCertificate, directory: directory)
        let keys = EnrollmentFileKeys()
        let unenrolled = { (texts: [String]) in
            rules.row.prepare(F.cells(texts + [""]), candidates: directory, memo: nil, keys: keys).unenrolled
        }
        #expect(unenrolled(["P1", F.id(1), "张三", "C1", "中级"]))
        #expect(!unenrolled(["P1", F.id(1), "张三", "C1", "高级"]))  // the same certificate at another level
        #expect(unenrolled(["P1", F.id(1), "张三", "C2", "初级"]))  // another certificate
        #expect(!unenrolled(["P1", F.id(6), "张三", "C2", "初级"]))  // enrolled (in another certificate) before the import
        #expect(unenrolled(["P1", F.id(3), "张三", "C1", "中级"]))  // not 信息准确: fails, but is not enrolled either
        #expect(!unenrolled(["P1", F.id(99), "张三", "C2", "初级"]))  // no such candidate
        let failing = F.candidate(10, name: "王五")
        directory.candidates[failing.idNumber] = failing
        #expect(unenrolled(["P1", failing.idNumber, "张三", "C1", "中级"]))  // fails on the name
        #expect(!unenrolled(["P1", failing.idNumber, "王五", "C1", "中级"]))  // named before, though that row failed
        // Without a reader there is no knowing; nor without the filter.
        #expect(!rules.row.prepare(F.cells(["P1", F.id(1), "张三", "C2", "中级", ""]), candidates: nil, keys: EnrollmentFileKeys()).unenrolled)
        #expect(!rules.row.prepare(F.cells(["P1", F.id(1), "张三", "C2", "中级", ""]), candidates: directory).unenrolled)
    }

    /// The filter never forgets a key, and takes few new ones for old (at 50k keys, about 1 in 4,000).
    @Test func fileKeysNeverMissAKey() {
        let keys = EnrollmentFileKeys()
        var taken = 0
        for sequence in 0..<50_000 {
            if keys.insert(idNumber: String(format: "1101012000010%05d", sequence), planCode: "P1", certificateCode: "C\(sequence % 3)") {
                taken += 1
            }
        }
        #expect(taken < 50)
        for sequence in 0..<50_000 {
            #expect(
                keys.insert(idNumber: String(format: "1101012000010%05d", sequence), planCode: "P1", certificateCode: "C\(sequence % 3)"))
        }
        #expect(!keys.insert(idNumber: "110101200001010000", planCode: "P2", certificateCode: "C0"))
    }

    /// A row's failures are the same whether the prepare thread judged its candidate (the store
    /// thread then only probes for the duplicate) or the store thread looked them up, also
    /// when the prepare thread's read fails; in both orders of rules.
    @Test(arguments: ["按证书", "按科目"])
    func candidateJudgedOnEitherThreadFailsAlike(template: String) throws {
        struct Unreadable: EnrollmentCandidates {
            struct Failed: Error {}
            func candidate(idNumber: String) throws -> (candidate: Candidate, enrolled: Bool)? { throw Failed() }
        }
        let action: EnrollmentAction = template == "按证书" ? .byCertificate : .bySubject
        let plan = action == .byCertificate ? "P1" : "P2"
        let rows: [[String]] = [
            [plan, F.id(1), "张三", "C1", "中级"], [plan, F.id(5), "张三", "C1", "中级"], [plan, F.id(6), "李四", "C1", "中级"],
            [plan, F.id(3), "李四", "C1", "中级"], [plan, F.id(4), "张三", "C1", "中级"], [plan, F.id(2), "张三", "C1", "中级"],
            [plan, F.id(99), "张三", "C1", "中级"], ["P9", F.id(5), "李四", "C1", "中级"], [plan, F.id(5), "", "C9", "中级"],
            [plan, "#4.1E+17", "张三", "C1", "中级"], [plan, F.id(1), "张三", "C1", "特级"],
        ]
        let directory = F.directory()
        directory.enroll(F.id(5), plan: "P2", subject: "T1", record: "R0")
        directory.enroll(F.id(6), plan: "P2", subject: "T1", record: "R1")
        let rules = F.rules(action, directory: directory)
        var judged = 0
        for (offset, texts) in rows.enumerated() {
            let cells = F.cells(action == .bySubject ? texts + ["T1", ""] : texts + [""], row: 3 + offset)
            let expected = try rules.validate(cells).failures
            let draft = rules.row.prepare(cells, candidates: directory)
            if draft.candidateJudged { judged += 1 }
            #expect(try rules.validate(draft).failures == expected)
            let unread = rules.row.prepare(cells, candidates: Unreadable())
            #expect(!unread.candidateJudged)
            #expect(try rules.validate(unread).failures == expected)
        }
        #expect(judged == rows.count - 1)
    }

    /// A memoized catalog verdict is the one the rules give, on the row that reuses it: the
    /// same failures with that row's number, the same subjects per level and audience, also
    /// once the memo is full and replaces combinations.
    @Test func memoizedCatalogVerdictsEqualFreshOnes() throws {
        let directory = F.directory()
        let rules = F.rules(.byCertificate, directory: directory)
        let memo = EnrollmentCatalogMemo()
        var combinations: [[String]] = [
            ["P1", "C1", "中级", ""], ["P9", "C1", "中级", ""], ["P1", "C9", "中级", ""], ["P1", "C1", "高级", ""],
            ["P1", "C1", "高级", "社会考生"], ["P1", "C1", "高级", "老师"], ["P1", "C2", "初级", ""], ["P2", "C1", "中级", ""],
        ]
        combinations += (0..<EnrollmentCatalogMemo.capacity).map { ["P\($0 + 10)", "C1", "中级", ""] }
        for round in 0..<3 {
            for (offset, combination) in combinations.enumerated() {
                let row = 3 + round * 1000 + offset
                let texts = [combination[0], F.id(1), "张三", combination[1], combination[2], combination[3]]
                let memoized = rules.row.prepare(F.cells(texts, row: row), candidates: directory, memo: memo)
                let fresh = rules.row.prepare(F.cells(texts, row: row), candidates: directory)
                #expect(memoized.failures == fresh.failures)
                #expect(memoized.failures.allSatisfy { $0.row == row })
                #expect(memoized.subjects.map(\.code) == fresh.subjects.map(\.code))
                #expect(memoized.plan?.code == fresh.plan?.code && memoized.certificate?.code == fresh.certificate?.code)
                #expect((memoized.enrollee == nil) == (fresh.enrollee == nil))
            }
        }
        let failing = rules.row.prepare(F.cells(["P9", F.id(1), "张三", "C1", "中级", ""], row: 41), candidates: directory, memo: memo)
        #expect(failing.failures.map(\.code) == [.planNotFound])
    }

    @Test func messagesNameRowColumnAndValue() throws {
        let verdict = try F.rules(.byCertificate).validate(F.cells(["P9", F.id(1), "张三", "C1", "中级", ""], row: 7))
        let failure = try #require(verdict.failures.first)
        #expect(failure.message.hasPrefix("第7行【考试计划编号】值“P9”："))
    }
}
