public import Domain
import Foundation

/// The read-only view of the store a 科目成绩 row is checked against.
public protocol ScoreDirectory: EnrolledSubjectDirectory {
    /// The candidate whose ticket in the plan this is.
    func ticketHolder(planCode: String, ticket: String) throws -> String?
    /// The subject sessions the candidate has a seat for.
    func seatedSessions(planCode: String, idNumber: String) throws -> Set<SessionKey>
    func marks(certificateCode: String, level: CertificateLevel, subjectCode: String) throws -> (full: Double, pass: Double)?
    func score(planCode: String, idNumber: String, session: SessionKey) throws -> SubjectScore?
    /// Whether the plan's results are settled (its scores locked for good).
    func isSettled(planCode: String) throws -> Bool
}

/// A valid 科目成绩 row: the score to store for one enrolled subject.
public struct ScoreEntry: Sendable {
    public let planCode, idNumber, schoolCode: String
    public let session: SessionKey
    public let score: SubjectScore
}

/// Every rule of the scores row (MISSION.md section 3) for one organization: the plan is the
/// organization's; scores are entered inside the score-registration window, corrected (only
/// those already entered) until the publicity ends, and locked after it (`score.locked`); the
/// candidate is named by 准考证号 or 证件号码 (both agreeing when both are given); the subject is
/// one the candidate enrolled and was seated for; the score is 缺考 or 0 … full marks. A subject
/// given twice in the file fails the later row.
public struct ScoreRules {
    public let organizationCode: String
    public let clock: Clock
    private let directory: any ScoreDirectory
    private var plans: OrganizationPlans
    private var seenInFile: Set<String> = []

    public init(organizationCode: String, clock: Clock, directory: any ScoreDirectory) {
        self.organizationCode = organizationCode
        self.clock = clock
        self.directory = directory
        plans = OrganizationPlans(organizationCode: organizationCode)
    }

    public var schema: TableSchema { ScoreColumns.schema }

    /// Where `now` stands for a plan's scores.
    enum Phase {
        case before, entry, publicity, locked
    }

    static func phase(_ plan: ExamPlan, at now: Date) -> Phase {
        if now < plan.scoreRegistration.start { return .before }
        if now <= plan.scoreRegistration.end { return .entry }
        return now <= plan.publicityEnd ? .publicity : .locked
    }

    public mutating func validate(_ cells: RowCells) throws -> Validated<ScoreEntry> {
        var judge = RowJudge(cells: cells, schema: schema)
        let at = ScoreColumns.At.self
        var plan: ExamPlan?
        var phase = Phase.entry
        if let text = judge.text(at.plan, maxLength: 40) {
            plan = try plans.plan(text, column: at.plan, judge: &judge, lookup: directory.plan(code:))
            if let found = plan {
                phase = try directory.isSettled(planCode: found.code) ? .locked : ScoreRules.phase(found, at: clock.now)
                let window = "\(Clock.isoString(found.scoreRegistration.start)) 至 \(Clock.isoString(found.scoreRegistration.end))"
                switch phase {
                case .before:
                    judge.fail(.planClosed, column: at.plan, value: text, "成绩登记尚未开始（成绩登记时间 \(window)）")
                    plan = nil
                case .locked:
                    judge.fail(
                        .scoreLocked, column: at.plan, value: text, "成绩公示已于 \(Clock.isoString(found.publicityEnd)) 结束，成绩已锁定，不能再登记或修改")
                    plan = nil
                case .entry, .publicity: break
                }
            }
        }
        let ticket = judge.cells[at.ticket] == nil ? nil : judge.text(at.ticket, maxLength: 40).map(Normalize.code)
        let typedID = judge.cells[at.idNumber] == nil ? nil : judge.text(at.idNumber, maxLength: 40).map { Normalize.code($0).uppercased() }
        if let cell = judge.cells[at.idNumber], cell.type == .number {
            judge.fail(.idNumericCell, column: at.idNumber, value: cell.text, "证件号码被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写")
        }
        if judge.cells[at.ticket] == nil, judge.cells[at.idNumber] == nil {
            judge.fail(.required, column: at.idNumber, value: "", "准考证号和证件号码至少填写一项")
        }
        var idNumber = typedID
        if let plan, let ticket {
            if let holder = try directory.ticketHolder(planCode: plan.code, ticket: ticket) {
                if let typedID, typedID != holder {
                    judge.fail(.scoreCandidate, column: at.idNumber, value: typedID, "与准考证号 \(ticket) 的考生证件号码不一致")
                    idNumber = nil
                } else {
                    idNumber = holder
                }
            } else {
                judge.fail(.scoreCandidate, column: at.ticket, value: ticket, "本考试计划中没有这个准考证号")
                idNumber = nil
            }
        }
        var entry: ScheduleEntry?
        if let plan, let idNumber, judge.failures.isEmpty, let subjectText = judge.text(at.subject, maxLength: 100) {
            let enrolled = try directory.enrollments(planCode: plan.code, idNumber: idNumber)
            if enrolled.isEmpty {
                judge.fail(.scoreCandidate, column: at.idNumber, value: idNumber, "该考生没有报考本考试计划")
            } else {
                entry = try EnrolledSubject.find(
                    subjectText, among: enrolled, names: directory.subjects(certificateCode:level:), failing: .scoreNotEnrolled,
                    column: at.subject, judge: &judge)
            }
        } else {
            _ = judge.cell(at.subject)
        }
        if let plan, let entry, try !directory.seatedSessions(planCode: plan.code, idNumber: entry.idNumber).contains(entry.session) {
            judge.fail(.scoreNotScheduled, column: at.subject, value: entry.subjectCode, "该考生的这个科目没有排考（没有考场座位），不能登记成绩")
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        var score: SubjectScore?
        if let cell = judge.cell(at.score) {
            let text = cell.text.trimmingCharacters(in: .whitespaces)
            if text == SubjectScore.absentLabel {
                score = .absent
            } else if let points = Double(Normalize.code(text)), points.isFinite {
                let full = try entry.flatMap {
                    try directory.marks(certificateCode: $0.certificateCode, level: $0.level, subjectCode: $0.subjectCode)
                }?.full
                if points < 0 || (full.map { points > $0 } ?? false) {
                    judge.fail(
                        .scoreRange, column: at.score, value: cell.text, "成绩应在 0 至满分 \(full.map { SubjectScore.points($0).text } ?? "") 之间")
                } else {
                    score = .points(points)
                }
            } else {
                judge.fail(.scoreFormat, column: at.score, value: cell.text, "成绩应为数字，缺考请填写“缺考”")
            }
        }
        guard judge.failures.isEmpty, let plan, let entry, let score else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        let key = "\(plan.code)|\(entry.idNumber)|\(entry.certificateCode)|\(entry.level.rawValue)|\(entry.subjectCode)"
        if seenInFile.contains(key) {
            judge.fail(.duplicateInFile, column: at.subject, value: entry.subjectCode, "该考生的这个科目在本文件前面已登记过成绩")
        } else if phase == .publicity, try directory.score(planCode: plan.code, idNumber: entry.idNumber, session: entry.session) == nil {
            judge.fail(
                .planClosed, column: at.plan, value: plan.code,
                "成绩登记已于 \(Clock.isoString(plan.scoreRegistration.end)) 截止；公示期内只能修改已登记的成绩")
        }
        guard judge.failures.isEmpty else { return Validated(value: nil, failures: judge.failures, warnings: judge.warnings) }
        seenInFile.insert(key)
        return Validated(
            value: ScoreEntry(
                planCode: plan.code, idNumber: entry.idNumber, schoolCode: entry.schoolCode, session: entry.session, score: score),
            failures: [], warnings: judge.warnings)
    }
}
