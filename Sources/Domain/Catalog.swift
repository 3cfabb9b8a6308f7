public import Foundation

/// 培训评价组织: publishes certificates and exam plans, owns the seal.
public struct Organization: Hashable, Sendable {
    public var code, name: String
    public var contact, phone, sealPath: String?
    public init(code: String, name: String, contact: String?, phone: String?, sealPath: String?) {
        (self.code, self.name, self.contact, self.phone, self.sealPath) = (code, name, contact, phone, sealPath)
    }
}

/// 试点院校: the tenant that drops candidates; its site head signs issuance.
public struct School: Hashable, Sendable {
    public var code, name, province: String
    public var contact, phone, siteHead, stampPath: String?
    public init(code: String, name: String, province: String, contact: String?, phone: String?, siteHead: String?, stampPath: String?) {
        (self.code, self.name, self.province, self.contact, self.phone, self.siteHead, self.stampPath) =
            (code, name, province, contact, phone, siteHead, stampPath)
    }
}

/// 职业技能等级证书, with its levels and the majors that may sit it (empty = any major).
public struct Certificate: Hashable, Sendable {
    public var code, name, organizationCode: String
    public var levels: [CertificateLevel]
    public var majors: [String]
    public init(code: String, name: String, organizationCode: String, levels: [CertificateLevel], majors: [String]) {
        (self.code, self.name, self.organizationCode, self.levels, self.majors) = (code, name, organizationCode, levels, majors)
    }
}

/// 科目 of a certificate level. `audience` is 所有考生 or a named candidate category.
public struct Subject: Hashable, Sendable {
    public static let everyone = "所有考生"
    public var certificateCode: String
    public var level: CertificateLevel
    public var code, name: String
    public var examType: ExamType
    public var audience: String
    public var fullMarks, passMark: Double
    public init(
        certificateCode: String, level: CertificateLevel, code: String, name: String, examType: ExamType, audience: String,
        fullMarks: Double, passMark: Double
    ) {
        (self.certificateCode, self.level, self.code, self.name, self.examType, self.audience, self.fullMarks, self.passMark) =
            (certificateCode, level, code, name, examType, audience, fullMarks, passMark)
    }
}

/// A time window [start, end] of an exam plan.
public struct Window: Hashable, Sendable {
    public var start, end: Date
    public init(start: Date, end: Date) { (self.start, self.end) = (start, end) }
    public func contains(_ date: Date) -> Bool { date >= start && date <= end }
    /// Whether the two share any instant but an end touching a start (a session ending at 10:30
    /// and one starting at 10:30 do not clash).
    public func overlaps(_ other: Window) -> Bool { start < other.end && other.start < end }
}

/// 考试计划.
public struct ExamPlan: Hashable, Sendable {
    public var code, name, organizationCode: String
    public var certificateCodes, schoolCodes: [String]
    public var mode: EnrollmentMode
    public var registration, scheduling, scoreRegistration: Window
    public var publicityEnd: Date
    public var feePerCertificate, feePerSubject: Double?
    /// 缴费后排考 as the catalog set it; nil leaves it to `seatsOnlyPaid`'s default.
    public var paymentRequired: Bool?
    public init(
        code: String, name: String, organizationCode: String, certificateCodes: [String], schoolCodes: [String],
        mode: EnrollmentMode, registration: Window, scheduling: Window, scoreRegistration: Window, publicityEnd: Date,
        feePerCertificate: Double?, feePerSubject: Double?, paymentRequired: Bool? = nil
    ) {
        self.code = code
        self.name = name
        self.organizationCode = organizationCode
        self.certificateCodes = certificateCodes
        self.schoolCodes = schoolCodes
        self.mode = mode
        self.registration = registration
        self.scheduling = scheduling
        self.scoreRegistration = scoreRegistration
        self.publicityEnd = publicityEnd
        self.feePerCertificate = feePerCertificate
        self.feePerSubject = feePerSubject
        self.paymentRequired = paymentRequired
    }

    /// Whether scheduling seats only paid enrollments: as the catalog says (缴费后排考), and by
    /// default when the plan charges a fee.
    public var seatsOnlyPaid: Bool { paymentRequired ?? (feePerCertificate != nil || feePerSubject != nil) }
}

/// One subject's exam session within a plan.
public struct PlanSession: Hashable, Sendable {
    public var planCode, certificateCode: String
    public var level: CertificateLevel
    public var subjectCode: String
    public var window: Window
    public init(planCode: String, certificateCode: String, level: CertificateLevel, subjectCode: String, window: Window) {
        (self.planCode, self.certificateCode, self.level, self.subjectCode, self.window) = (
            planCode, certificateCode, level, subjectCode, window
        )
    }
}

/// 考核站点: one per (school, certificate).
public struct AssessmentSite: Hashable, Sendable {
    public var schoolCode, certificateCode, name, address: String
    public var status: SiteStatus
    public init(schoolCode: String, certificateCode: String, name: String, address: String, status: SiteStatus) {
        (self.schoolCode, self.certificateCode, self.name, self.address, self.status) = (schoolCode, certificateCode, name, address, status)
    }
}

/// 借考: a school's candidates of a certificate sit at another school's site in a plan.
public struct SiteAllocation: Hashable, Sendable {
    public var planCode, schoolCode, certificateCode, hostSchoolCode: String
    public init(planCode: String, schoolCode: String, certificateCode: String, hostSchoolCode: String) {
        (self.planCode, self.schoolCode, self.certificateCode, self.hostSchoolCode) = (
            planCode, schoolCode, certificateCode, hostSchoolCode
        )
    }
}
