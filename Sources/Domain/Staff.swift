public import Foundation

/// 监考人员: a school's teacher who applies to proctor exams of some certificates. The ID
/// number is the identity; a proctor belongs to the one school that registered them.
public struct Proctor: Hashable, Sendable {
    public var schoolCode: String
    public var idNumber: String
    public var name: String
    public var mobile: String
    public var gender: Gender?
    public var title: String?

    public init(schoolCode: String, idNumber: String, name: String, mobile: String, gender: Gender?, title: String?) {
        self.schoolCode = schoolCode
        self.idNumber = idNumber
        self.name = name
        self.mobile = mobile
        self.gender = gender
        self.title = title
    }
}

/// One certificate a proctor applied for, and where the organization's decision stands.
public struct ProctorCertificate: Hashable, Sendable {
    public var certificateCode: String
    public var certificateName: String
    public var status: ProctorCertificationStatus
    /// The organization's reason when it rejected the application.
    public var reason: String?
    public var decidedAt: Date?

    public init(
        certificateCode: String, certificateName: String, status: ProctorCertificationStatus, reason: String?, decidedAt: Date?
    ) {
        self.certificateCode = certificateCode
        self.certificateName = certificateName
        self.status = status
        self.reason = reason
        self.decidedAt = decidedAt
    }
}

/// One row of the proctors list: a proctor with one of their certificates (exports and
/// filters work per certificate, since each has its own state).
public struct ProctorCertificateRow: Hashable, Sendable {
    public var proctor: Proctor
    public var schoolName: String
    public var certificate: ProctorCertificate

    public init(proctor: Proctor, schoolName: String, certificate: ProctorCertificate) {
        self.proctor = proctor
        self.schoolName = schoolName
        self.certificate = certificate
    }
}

/// Who holds a proctor's ID number, as much as a rule may know about it.
public struct ProctorOwnership: Hashable, Sendable {
    public let schoolCode: String
    public let name: String

    public init(schoolCode: String, name: String) {
        self.schoolCode = schoolCode
        self.name = name
    }
}

/// 教师: a school's teacher with an account on the teacher-training portal. The mobile number
/// is the account. The password hash is not part of this value: only the store and the
/// password check ever see it.
public struct Teacher: Hashable, Sendable {
    public var schoolCode: String
    public var mobile: String
    public var name: String
    public var idNumber: String?
    public var gender: Gender?
    public var major: String?
    public var title: String?
    public var email: String?
    public var status: TeacherStatus
    public var activatedAt: Date?

    public init(
        schoolCode: String, mobile: String, name: String, idNumber: String?, gender: Gender?, major: String?, title: String?,
        email: String?, status: TeacherStatus, activatedAt: Date? = nil
    ) {
        self.schoolCode = schoolCode
        self.mobile = mobile
        self.name = name
        self.idNumber = idNumber
        self.gender = gender
        self.major = major
        self.title = title
        self.email = email
        self.status = status
        self.activatedAt = activatedAt
    }
}
