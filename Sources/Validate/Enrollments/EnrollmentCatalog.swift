public import Domain
import Foundation

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
