public import Domain
import Foundation

/// Column names of the enrollment templates, and where each sits in each template.
public enum EnrollmentColumns {
    public static let plan = "考试计划编号"
    public static let idNumber = "证件号码"
    public static let name = "姓名"
    public static let certificate = "证书"
    public static let level = "等级"
    public static let subject = "科目"
    public static let audience = "参考对象类型"

    public static func schema(for action: EnrollmentAction) -> TableSchema {
        let plan = ColumnSpec(EnrollmentColumns.plan, required: true, aliases: ["计划编号", "考试计划"], hint: "如 P2026-01")
        let id = ColumnSpec(idNumber, required: true, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true)
        let person = ColumnSpec(name, required: true, aliases: ["考生姓名"], hint: "与考生信息中的姓名一致")
        let certificate = ColumnSpec(
            EnrollmentColumns.certificate, required: true, aliases: ["证书名称", "证书代码", "证书编号"], hint: "证书代码或名称")
        let level = ColumnSpec(
            EnrollmentColumns.level, required: true, aliases: ["证书等级"], hint: "从下拉列表选择", choices: CertificateLevel.labels)
        let audience = ColumnSpec(EnrollmentColumns.audience, required: false, hint: "有面向特定参考对象的科目时必填")
        switch action {
        case .byCertificate:
            return TableSchema(
                title: "按证书报考", sheetNames: ["按证书报考", "报考信息"], columns: [plan, id, person, certificate, level, audience])
        case .bySubject:
            let subject = ColumnSpec(EnrollmentColumns.subject, required: true, aliases: ["科目名称", "科目代码"], hint: "科目代码或名称")
            return TableSchema(
                title: "按科目报考", sheetNames: ["按科目报考", "报考信息"], columns: [plan, id, person, certificate, level, subject, audience])
        case .delete:
            let subject = ColumnSpec(EnrollmentColumns.subject, required: false, aliases: ["科目名称", "科目代码"], hint: "不填则删除该证书的全部科目")
            return TableSchema(title: "批量删除报考", sheetNames: ["批量删除报考", "删除报考"], columns: [plan, id, certificate, subject])
        }
    }

    /// Schema positions of each column in one action's template (nil: not in it), resolved by
    /// name from that action's schema.
    struct Layout: Sendable {
        let plan: Int, idNumber: Int, certificate: Int
        let name: Int?, level: Int?, subject: Int?, audience: Int?

        init(_ action: EnrollmentAction) {
            let schema = EnrollmentColumns.schema(for: action)
            plan = schema.position(EnrollmentColumns.plan)
            idNumber = schema.position(EnrollmentColumns.idNumber)
            certificate = schema.position(EnrollmentColumns.certificate)
            name = schema.index(of: EnrollmentColumns.name)
            level = schema.index(of: EnrollmentColumns.level)
            subject = schema.index(of: EnrollmentColumns.subject)
            audience = schema.index(of: EnrollmentColumns.audience)
        }
    }
}

/// An enrollment row's values after the cell rules.
struct EnrollmentCells: Sendable {
    let row: Int
    let failures: [Failure]
    let planCode: String?
    let idNumber: String?
    let name: String?
    let certificate: String?
    let level: CertificateLevel?
    let subject: String?
    let audience: String?
}

/// The cell rules of an enrollment row.
struct EnrollmentFieldRules: Sendable {
    let action: EnrollmentAction
    let schema: TableSchema
    let layout: EnrollmentColumns.Layout

    init(action: EnrollmentAction) {
        self.action = action
        schema = EnrollmentColumns.schema(for: action)
        layout = EnrollmentColumns.Layout(action)
    }

    func read(_ cells: RowCells) -> EnrollmentCells {
        var judge = RowJudge(cells: cells, schema: schema)
        let plan = judge.text(layout.plan, maxLength: 50).map(Normalize.code)
        var idNumber: String?
        if let cell = judge.cell(layout.idNumber) {
            if cell.type == .number {
                judge.fail(.idNumericCell, column: layout.idNumber, value: cell.text, "证件号码被存成了数字，末尾几位已丢失；请将该列设置为文本格式后重新填写")
            } else {
                idNumber = Normalize.idNumber(cell.text)
            }
        }
        let name = layout.name.flatMap { judge.text($0, maxLength: 50) }
        let certificate = judge.text(layout.certificate, maxLength: 100)
        let level = layout.level.flatMap { judge.choice($0, CertificateLevel.self) }
        let subject = layout.subject.flatMap { judge.text($0, maxLength: 100) }
        let audience = layout.audience.flatMap { judge.text($0, maxLength: 50) }
        return EnrollmentCells(
            row: cells.row, failures: judge.failures, planCode: plan, idNumber: idNumber, name: name, certificate: certificate,
            level: level, subject: subject, audience: audience)
    }
}

/// An enrollment row after the rules the prepare thread runs (cells, catalog, clock, and the
/// candidate's when they could be read there), waiting for the store thread. A class: the store
/// thread hands a draft on several times per row, and a reference is one retain where this
/// many fields copied are a dozen.
public final class EnrollmentDraft: Sendable {
    public var row: Int { cells.row }
    /// What the cell and catalog rules found wrong.
    public let failures: [Failure]
    let cells: EnrollmentCells
    /// The plan, certificate and subjects the cells name, shared with every row naming the same.
    let verdict: CatalogVerdict
    var plan: ExamPlan? { verdict.plan }
    var certificate: Certificate? { verdict.certificate }
    /// The subjects an adding row enrolls in (audience-filtered); empty when none resolved.
    var subjects: [Subject] { verdict.subjects }
    var subjectCodes: [String] { verdict.subjectCodes }
    /// The subject a delete row names, resolved to its code.
    var deleteSubject: String? { verdict.deleteSubject }
    /// Whether the prepare thread read the row's candidate and judged them: `failures` then
    /// hold every rule the row breaks but the duplicate one. Otherwise the store thread looks
    /// the candidate up and judges them.
    let candidateJudged: Bool
    /// This school's candidate holding the row's ID, as the prepare thread read them.
    let enrollee: Candidate?
    /// The candidate cannot be enrolled in the certificate of the plan yet: they had no
    /// enrollment when the import began, and no earlier row of the file named them with this
    /// plan and certificate. A 按证书 insert then needs no duplicate check.
    public let unenrolled: Bool

    init(
        failures: [Failure], cells: EnrollmentCells, verdict: CatalogVerdict, candidateJudged: Bool, enrollee: Candidate?,
        unenrolled: Bool
    ) {
        self.failures = failures
        self.cells = cells
        self.verdict = verdict
        self.candidateJudged = candidateJudged
        self.enrollee = enrollee
        self.unenrolled = unenrolled
    }
}

/// What the catalog rules make of a row's plan, certificate, level, subject and audience. A
/// class: every draft of the same cells shares one (a retain, not the plan's, certificate's
/// and subjects' fields copied per row).
final class CatalogVerdict: Sendable {
    /// The failures, made for row 0: the same cells fail the same way on any row.
    let rowlessFailures: [Failure]
    let plan: ExamPlan?
    let certificate: Certificate?
    let subjects: [Subject]
    let subjectCodes: [String]
    let deleteSubject: String?

    init(rowlessFailures: [Failure], plan: ExamPlan?, certificate: Certificate?, subjects: [Subject], deleteSubject: String?) {
        self.rowlessFailures = rowlessFailures
        self.plan = plan
        self.certificate = certificate
        self.subjects = subjects
        subjectCodes = subjects.map(\.code)
        self.deleteSubject = deleteSubject
    }

    func failures(row: Int) -> [Failure] {
        rowlessFailures.map { Failure(code: $0.code, row: row, column: $0.column, value: $0.value, reason: $0.reason) }
    }
}

/// The catalog verdicts of the cell combinations an import has met, so a row that repeats one
/// (most rows of a sheet: a few plans, certificates and levels) costs comparing five cells,
/// not a dozen hash lookups and the subjects' audience filter. A class used by one thread
/// only (the prepare thread makes and keeps it); it keeps at most `capacity` combinations.
public final class EnrollmentCatalogMemo {
    struct Key: Equatable {
        let plan, certificate: String?
        let level: CertificateLevel?
        let subject, audience: String?
    }

    static let capacity = 64
    private var verdicts = RecentValues<Key, CatalogVerdict>(capacity: EnrollmentCatalogMemo.capacity)

    public init() {}

    func verdict(for cells: EnrollmentCells, rules: EnrollmentRowRules) -> CatalogVerdict {
        let key = Key(
            plan: cells.planCode, certificate: cells.certificate, level: cells.level, subject: cells.subject, audience: cells.audience)
        return verdicts.value(for: key) { rules.catalogVerdict(cells) }
    }
}

/// The candidates of the store as the prepare thread may read them: only what an import does
/// not write, so another connection sees what the store thread would.
public protocol EnrollmentCandidates {
    /// The candidate holding the ID number (any school), nil when none does, and whether they
    /// had any enrollment when the import began. A read that fails throws: the store thread
    /// then looks them up and reports or throws.
    func candidate(idNumber: String) throws -> (candidate: Candidate, enrolled: Bool)?
}

/// The candidates, plans and certificates the rows of an import named so far, as a Bloom
/// filter: a fixed megabyte whatever the file's size, never missing a key it was given, and
/// wrong the other way for about 3 keys in 10,000 after 200k rows (3 in 100 after 1M). A row
/// that names a candidate with a plan and certificate no earlier row named, of a candidate
/// with no enrollment before the import, cannot be a duplicate: its insert skips the check
/// (about a tenth of the store thread's SQLite time, scripts/bench). Made and used by the
/// prepare thread only.
public final class EnrollmentFileKeys {
    static let wordCount = 1 << 17
    private let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: EnrollmentFileKeys.wordCount)

    public init() { bits.initialize(repeating: 0, count: EnrollmentFileKeys.wordCount) }

    deinit { bits.deallocate() }

    /// Adds the key and returns whether it may have been added before (false: certainly not).
    func insert(idNumber: String, planCode: String, certificateCode: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the three codes, each closed by 0xff
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        add(idNumber)
        add(planCode)
        add(certificateCode)
        // Two halves of one mixed hash make the three probes (Kirsch–Mitzenmacher).
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        let (first, step) = (hash & 0xffff_ffff, (hash >> 32) | 1)
        let bitCount = UInt64(EnrollmentFileKeys.wordCount * 64)
        var seen = true
        for probe in 0..<UInt64(3) {
            let bit = (first &+ probe &* step) % bitCount
            let mask: UInt64 = 1 << (bit & 63)
            let word = bits + Int(bit >> 6)
            if word.pointee & mask == 0 {
                seen = false
                word.pointee |= mask
            }
        }
        return seen
    }
}

/// The rules of an enrollment row that need no store thread: the cells, then the plan,
/// certificate, level, subject and audience against the catalog in memory, and the candidate
/// as `EnrollmentCandidates` reads them. They run on the prepare thread, so the store thread
/// is left with the duplicate check, which the insert makes itself, and the insert (or, for a
/// failing row, the duplicate check alone).
public struct EnrollmentRowRules: Sendable {
    let fields: EnrollmentFieldRules
    let schoolCode: String
    let now: Date
    let catalog: EnrollmentCatalog

    public init(action: EnrollmentAction, schoolCode: String, clock: Clock, catalog: EnrollmentCatalog) {
        fields = EnrollmentFieldRules(action: action)
        self.schoolCode = schoolCode
        now = clock.now
        self.catalog = catalog
    }

    public var schema: TableSchema { fields.schema }
    var action: EnrollmentAction { fields.action }

    /// Every rule but the duplicate one, the candidate read through `candidates`; without
    /// them (or when the read fails, and for delete rows), the cell and catalog rules only, and
    /// the store thread looks the candidate up. `memo` keeps the catalog verdicts of this
    /// import's rows, `keys` the candidates, plans and certificates they named (one thread's).
    public func prepare(
        _ row: RowCells, candidates: (any EnrollmentCandidates)?, memo: EnrollmentCatalogMemo? = nil, keys: EnrollmentFileKeys? = nil
    ) -> EnrollmentDraft {
        let cells = fields.read(row)
        let verdict = memo.map { $0.verdict(for: cells, rules: self) } ?? catalogVerdict(cells)
        var failures = cells.failures + verdict.failures(row: cells.row)
        // Every row that names them counts, failing or not: the filter may only err towards a check.
        var named = true
        if let keys, let idNumber = cells.idNumber, let plan = verdict.plan, let certificate = verdict.certificate {
            named = keys.insert(idNumber: idNumber, planCode: plan.code, certificateCode: certificate.code)
        }
        var judged = false
        var enrollee: Candidate?
        var enrolled = true
        if let candidates, action != .delete, let idNumber = cells.idNumber,
            case .success(let read) = Result(catching: { try candidates.candidate(idNumber: idNumber) })
        {
            judged = true
            let ownCandidate = checkCandidate(read?.candidate, cells: cells, certificate: verdict.certificate) {
                code, column, value, reason in
                failures.append(
                    Failure(code: code, row: cells.row, column: schema.columns[column].name, value: value, reason: reason))
            }
            if ownCandidate {
                enrollee = read?.candidate
                enrolled = read?.enrolled ?? true
            }
        }
        return EnrollmentDraft(
            failures: failures, cells: cells, verdict: verdict, candidateJudged: judged, enrollee: enrollee, unenrolled: !named && !enrolled
        )
    }

    /// The candidate rules but the duplicate one: this school's, 信息准确, the row's name, a
    /// major the certificate admits (院校考生). Returns whether the candidate is this school's.
    @discardableResult
    func checkCandidate(
        _ candidate: Candidate?, cells: EnrollmentCells, certificate: Certificate?, fail: (FailureCode, Int, String, String) -> Void
    ) -> Bool {
        let layout = fields.layout
        guard let idNumber = cells.idNumber else { return false }
        guard let candidate, candidate.schoolCode == schoolCode else {
            fail(.candidateNotFound, layout.idNumber, idNumber, "本校没有该证件号码的考生，请先导入考生信息")
            return false
        }
        if candidate.status != .verified {
            fail(
                .candidateUnverified, layout.idNumber, idNumber,
                "考生信息状态为“\(candidate.status.label)”，只有“\(CandidateStatus.verified.label)”的考生才能报考")
        }
        if let column = layout.name, let name = cells.name, !Normalize.same(name, candidate.name) {
            fail(.nameMismatch, column, name, "与考生信息中该证件号码的姓名不一致")
        }
        if let certificate, candidate.category == .school, let eligible = catalog.majors[certificate.code], !eligible.isEmpty,
            !certificate.majors.contains(where: { $0.hasSameUTF8(as: candidate.major ?? "") }),
            !eligible.contains(candidate.major ?? "")
        {
            fail(
                .majorNotEligible, layout.certificate, cells.certificate ?? certificate.code,
                "考生就读专业“\(candidate.major ?? "")”不在该证书的适用专业（\(certificate.majors.joined(separator: "、"))）内")
        }
        return true
    }

    /// The catalog rules of a row: the plan, certificate, level, subject and audience against
    /// the catalog, the clock and the school, so a function of those five cells alone.
    func catalogVerdict(_ draft: EnrollmentCells) -> CatalogVerdict {
        let layout = fields.layout
        var failures: [Failure] = []
        func fail(_ code: FailureCode, _ column: Int, _ value: String, _ reason: String) {
            failures.append(Failure(code: code, row: 0, column: schema.columns[column].name, value: value, reason: reason))
        }

        // The plan: it exists, registration is open now, the school takes part, the mode fits.
        var plan: ExamPlan?
        if let code = draft.planCode {
            plan = catalog.plans[code]
            if let plan {
                if !plan.registration.contains(now) {
                    fail(
                        .planClosed, layout.plan, code,
                        "当前时间不在该考试计划的报名时间（\(Clock.isoString(plan.registration.start)) 至 \(Clock.isoString(plan.registration.end))）内，不能\(action == .delete ? "删除报考" : "报考")"
                    )
                }
                if action != .delete, catalog.planSchools[code]?.contains(schoolCode) != true {
                    fail(.schoolNotInPlan, layout.plan, code, "本校不在该考试计划的参与院校中")
                }
                if let mode = action.mode, plan.mode != mode {
                    fail(.planMode, layout.plan, code, "该考试计划的报考方式为“\(plan.mode.label)”，请使用“\(plan.mode.label)报考”模板")
                }
            } else {
                fail(.planNotFound, layout.plan, code, "考试计划不存在，请核对考试计划编号")
            }
        }

        // The certificate (in the plan), its level and the subjects the row enrolls in.
        var certificate: Certificate?
        if let text = draft.certificate {
            certificate = catalog.certificate(text)
            if let certificate {
                if let plan, catalog.planCertificates[plan.code]?.contains(certificate.code) != true {
                    fail(.certificateNotInPlan, layout.certificate, text, "该考试计划不包含此证书")
                }
            } else {
                fail(.referenceNotFound, layout.certificate, text, "证书不存在，请填写目录中的证书代码或名称")
            }
        }
        var subjects: [Subject] = []
        if let certificate, let levelColumn = layout.level, let level = draft.level {
            if !certificate.levels.contains(level) {
                fail(.referenceNotFound, levelColumn, level.label, "证书“\(certificate.name)”没有“\(level.label)”等级")
            } else {
                subjects = catalog.subjects[certificate.code]?[level] ?? []
                if subjects.isEmpty {
                    fail(.referenceNotFound, levelColumn, level.label, "证书“\(certificate.name)”\(level.label)尚未设置考试科目")
                }
            }
        }
        var deleteSubject: String?
        if let certificate, let column = layout.subject, let text = draft.subject {
            if let subject = catalog.subject(text, certificate: certificate.code, level: action == .delete ? nil : draft.level) {
                subjects = [subject]
                deleteSubject = subject.code
            } else if action == .delete || !subjects.isEmpty {
                subjects = []
                fail(.referenceNotFound, column, text, "证书“\(certificate.name)”\(draft.level?.label ?? "")没有该科目，请填写科目代码或名称")
            }
        }
        if action != .delete, !subjects.isEmpty, let column = layout.audience {
            subjects = audienceFiltered(
                subjects, audience: draft.audience, fail: { code, value, reason in fail(code, column, value, reason) })
        }
        return CatalogVerdict(
            rowlessFailures: failures, plan: plan, certificate: certificate, subjects: action == .delete ? [] : subjects,
            deleteSubject: deleteSubject)
    }

    /// The subjects a row enrolls in, by 参考对象类型: a subject for 所有考生 always, one for a
    /// named audience only when the row names it (and then the column is required).
    private func audienceFiltered(
        _ subjects: [Subject], audience: String?, fail: (FailureCode, String, String) -> Void
    ) -> [Subject] {
        guard subjects.contains(where: { !Normalize.same($0.audience, Subject.everyone) }) else {
            if let audience, !Normalize.same(audience, Subject.everyone) {
                fail(.enrollmentAudience, audience, "该科目面向“\(Subject.everyone)”，参考对象类型请留空或填写“\(Subject.everyone)”")
                return []
            }
            return subjects
        }
        let named = Set(subjects.map(\.audience).filter { $0 != Subject.everyone })
        let options = ([Subject.everyone] + named.sorted()).joined(separator: "、")
        guard let audience else {
            fail(.required, "", "有面向特定参考对象的科目，参考对象类型必填（可选：\(options)）")
            return []
        }
        if audience != Subject.everyone, !named.contains(audience) {
            fail(.enrollmentAudience, audience, "参考对象类型只能填写：\(options)")
            return []
        }
        let chosen = subjects.filter { $0.audience == Subject.everyone || $0.audience == audience }
        if chosen.isEmpty { fail(.enrollmentAudience, audience, "没有面向该参考对象类型的科目") }
        return chosen
    }
}

/// The small catalog an enrollment import checks against, read once per import and kept in
/// memory: every row then costs hash lookups, not queries.
public struct EnrollmentCatalog: Sendable {
    let plans: [String: ExamPlan]
    let planSchools: [String: Set<String>]
    let planCertificates: [String: Set<String>]
    let certificates: [String: Certificate]
    let certificateCodesByName: [String: String]
    let majors: [String: Set<String>]
    /// Subjects by certificate code and level, in code order.
    let subjects: [String: [CertificateLevel: [Subject]]]

    public init(plans: [ExamPlan], certificates: [Certificate], subjects: [Subject]) {
        self.plans = Dictionary(plans.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        planSchools = self.plans.mapValues { Set($0.schoolCodes) }
        planCertificates = self.plans.mapValues { Set($0.certificateCodes) }
        self.certificates = Dictionary(certificates.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        certificateCodesByName = Dictionary(certificates.map { ($0.name, $0.code) }, uniquingKeysWith: { first, _ in first })
        majors = self.certificates.mapValues { Set($0.majors) }
        var grouped: [String: [CertificateLevel: [Subject]]] = [:]
        for subject in subjects { grouped[subject.certificateCode, default: [:]][subject.level, default: []].append(subject) }
        self.subjects = grouped
    }

    /// A certificate named by its code (full-width tolerated) or its name.
    func certificate(_ text: String) -> Certificate? {
        certificates[Normalize.code(text)] ?? certificateCodesByName[text].flatMap { certificates[$0] }
    }

    /// A subject of the certificate (at `level`, or any level) named by its code or its name.
    func subject(_ text: String, certificate: String, level: CertificateLevel?) -> Subject? {
        let code = Normalize.code(text)
        let candidates = level.map { subjects[certificate]?[$0] ?? [] } ?? (subjects[certificate]?.values.flatMap { $0 } ?? [])
        return candidates.first { $0.code == code } ?? candidates.first { $0.name == text }
    }
}

/// What an enrollment import finds in the store for a delete row.
public struct StoredEnrollmentState: Sendable {
    public let schoolCode: String
    public let subjectCode: String
    public let paid: Bool
    public let orderNumber: String?
    public let scheduled: Bool

    public init(schoolCode: String, subjectCode: String, paid: Bool, orderNumber: String?, scheduled: Bool) {
        self.schoolCode = schoolCode
        self.subjectCode = subjectCode
        self.paid = paid
        self.orderNumber = orderNumber
        self.scheduled = scheduled
    }
}

/// The per-row lookups the enrollment rules need. It must see the running import's writes:
/// a duplicate within the file is an enrollment this import already made.
public protocol EnrollmentDirectory {
    /// The candidate with this ID (any school), and the import that made an enrollment it
    /// already has for the plan and certificate (any subject when `subjectCode` is nil).
    func enrollee(idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?)
        throws -> (candidate: Candidate, enrolledBy: String?)?
    /// The import that made an enrollment this school's candidate already has for the plan and
    /// certificate (any subject when `subjectCode` is nil), or nil.
    func enrolledBy(
        schoolCode: String, idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?
    ) throws -> String?
    /// Enrollments of a candidate for a plan and certificate (one subject, or all).
    func enrollments(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws
        -> [StoredEnrollmentState]
}

/// A judged row's effect on the store.
public enum EnrollmentChange: Sendable {
    /// Enroll the candidate (a snapshot of them) in these subjects of the certificate level,
    /// unless they are enrolled already (the store checks as it inserts).
    case add(
        planCode: String, candidate: Candidate, certificateCode: String, level: CertificateLevel, subjectCodes: [String], audience: String?)
    /// Delete the candidate's enrollments of the certificate (one subject, or all).
    case remove(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?)
}

/// Every rule of the enrollment rows (MISSION.md section 3): `row` runs those the prepare
/// thread can (the candidate's included when it can read them), then the store thread either
/// inserts a row they settled (`enrollment`; the insert refuses a duplicate itself) or looks
/// the candidate and their enrollments up to judge the rest (`validate`).
public struct EnrollmentRules {
    public let row: EnrollmentRowRules
    public let recordID: String
    private let directory: any EnrollmentDirectory

    public init(
        action: EnrollmentAction, schoolCode: String, recordID: String, clock: Clock, catalog: EnrollmentCatalog,
        directory: any EnrollmentDirectory
    ) {
        row = EnrollmentRowRules(action: action, schoolCode: schoolCode, clock: clock, catalog: catalog)
        self.recordID = recordID
        self.directory = directory
    }

    public var schema: TableSchema { row.schema }
    public var action: EnrollmentAction { row.action }
    public var schoolCode: String { row.schoolCode }

    /// Every rule in one call, the candidate looked up through the directory (for tests and
    /// single rows).
    public func validate(_ cells: RowCells) throws -> Validated<EnrollmentChange> {
        try validate(row.prepare(cells, candidates: nil))
    }

    /// The change for a row that passed every rule on the prepare thread, its candidate
    /// included, so the store thread looks nothing up: the insert refuses a duplicate itself,
    /// and only then is `validate` asked why. Nil for any other row.
    public func enrollment(_ draft: EnrollmentDraft) -> EnrollmentChange? {
        guard draft.failures.isEmpty, draft.candidateJudged, let enrollee = draft.enrollee, let plan = draft.plan,
            let certificate = draft.certificate, let level = draft.cells.level, !draft.subjects.isEmpty
        else { return nil }
        return .add(
            planCode: plan.code, candidate: enrollee, certificateCode: certificate.code, level: level,
            subjectCodes: draft.subjectCodes, audience: draft.cells.audience)
    }

    /// The draft's failures plus those of the candidate and their enrollments, looked up
    /// through the directory (the store thread's view, this import's writes included).
    public func validate(_ draft: EnrollmentDraft) throws -> Validated<EnrollmentChange> {
        let layout = row.fields.layout
        let cells = draft.cells
        var failures = draft.failures
        func fail(_ code: FailureCode, _ column: Int, _ value: String, _ reason: String) {
            failures.append(Failure(code: code, row: draft.row, column: schema.columns[column].name, value: value, reason: reason))
        }
        let (plan, certificate, subjects) = (draft.plan, draft.certificate, draft.subjects)

        if action == .delete {
            try checkDeletion(draft, fail: fail)
            guard let plan, let certificate, let idNumber = cells.idNumber else {
                return Validated(value: nil, failures: failures, warnings: [])
            }
            let change = EnrollmentChange.remove(
                planCode: plan.code, idNumber: idNumber, certificateCode: certificate.code, subjectCode: draft.deleteSubject)
            return Validated(value: change, failures: failures, warnings: [])
        }

        // The candidate: this school's, verified, the same name, an eligible major (judged on
        // the prepare thread when it could read them), not enrolled yet.
        var enrollee: Candidate?
        if let idNumber = cells.idNumber {
            let level = action == .bySubject ? cells.level : nil
            let subjectCode = action == .bySubject ? subjects.first?.code : nil
            var enrolledBy: String?
            if draft.candidateJudged {
                enrollee = draft.enrollee
                if enrollee != nil, let plan, let certificate {
                    enrolledBy = try directory.enrolledBy(
                        schoolCode: schoolCode, idNumber: idNumber, planCode: plan.code, certificateCode: certificate.code, level: level,
                        subjectCode: subjectCode)
                }
            } else {
                let found = try directory.enrollee(
                    idNumber: idNumber, planCode: plan?.code ?? "", certificateCode: certificate?.code ?? "", level: level,
                    subjectCode: subjectCode)
                if row.checkCandidate(found?.candidate, cells: cells, certificate: certificate, fail: fail) {
                    enrollee = found?.candidate
                    enrolledBy = found?.enrolledBy
                }
            }
            // 按科目 compares one subject: without a resolved one there is nothing to compare.
            let comparable = action != .bySubject || (cells.level != nil && subjects.count == 1)
            if enrollee != nil, comparable, let enrolledBy {
                if enrolledBy == recordID {
                    fail(.duplicateInFile, layout.idNumber, idNumber, "与本文件前面某一行重复：该考生已报考此证书\(action == .bySubject ? "科目" : "")")
                } else {
                    fail(.enrollmentDuplicate, layout.idNumber, idNumber, "该考生已报考此考试计划的该证书\(action == .bySubject ? "科目" : "")，请勿重复报考")
                }
            }
        }
        guard let plan, let certificate, let level = cells.level, let enrollee, !subjects.isEmpty else {
            return Validated(value: nil, failures: failures, warnings: [])
        }
        let change = EnrollmentChange.add(
            planCode: plan.code, candidate: enrollee, certificateCode: certificate.code, level: level, subjectCodes: subjects.map(\.code),
            audience: cells.audience)
        return Validated(value: change, failures: failures, warnings: [])
    }

    /// A delete row: the enrollments exist for this school and none is paid, ordered or scheduled.
    private func checkDeletion(_ draft: EnrollmentDraft, fail: (FailureCode, Int, String, String) -> Void) throws {
        let layout = row.fields.layout
        guard let plan = draft.plan, let certificate = draft.certificate, let idNumber = draft.cells.idNumber,
            draft.cells.subject == nil || draft.deleteSubject != nil
        else { return }
        let subject = draft.deleteSubject
        let stored = try directory.enrollments(
            planCode: plan.code, idNumber: idNumber, certificateCode: certificate.code, subjectCode: subject
        ).filter { $0.schoolCode == schoolCode }
        if stored.isEmpty {
            fail(.enrollmentNotFound, layout.idNumber, idNumber, "本校该考生没有此考试计划该证书\(subject == nil ? "" : "科目")的报考记录")
        } else if stored.contains(where: \.paid) {
            fail(.enrollmentLocked, layout.idNumber, idNumber, "该报考已缴费，不能删除")
        } else if stored.contains(where: \.scheduled) {
            fail(.enrollmentLocked, layout.idNumber, idNumber, "该报考已排考，不能删除")
        } else if let order = stored.compactMap(\.orderNumber).first {
            fail(.enrollmentLocked, layout.idNumber, idNumber, "该报考已列入缴费申请单 \(order)，请先删除该缴费申请单")
        }
    }
}
