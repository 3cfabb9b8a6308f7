public import Domain
import Foundation

/// The candidates of the store as the prepare thread may read them: only what an import does
/// not write, so another connection sees what the store thread would.
public protocol EnrollmentCandidates {
    /// The candidate holding the ID number (any school), nil when none does, and whether they
    /// had any enrollment when the import began. A read that fails throws: the store thread
    /// then looks them up and reports or throws.
    func candidate(idNumber: String) throws -> (candidate: Candidate, enrolled: Bool)?
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
