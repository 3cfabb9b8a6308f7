public import Domain
import Foundation

/// A judged row's effect on the store.
public enum EnrollmentChange: Sendable {
    /// Enroll the candidate (a snapshot of them) in these subjects of the certificate level,
    /// unless they are enrolled already (the store checks as it inserts).
    case add(
        planCode: String, candidate: Candidate, certificateCode: String, level: CertificateLevel, subjectCodes: [String], audience: String?)
    /// Delete the candidate's enrollments of the certificate (one subject, or all).
    case remove(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?)
}
