import Domain
import Foundation

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
