public import Domain
import Foundation

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
