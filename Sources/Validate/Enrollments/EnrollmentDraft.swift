public import Domain
import Foundation

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
