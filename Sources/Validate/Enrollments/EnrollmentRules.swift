public import Domain
import Foundation

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
