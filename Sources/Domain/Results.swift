public import Foundation

/// 科目成绩: points, or 缺考 (absent). A missing score is no `SubjectScore` at all.
public enum SubjectScore: Hashable, Sendable {
    case points(Double)
    case absent

    /// The label the absent mark is written with in sheets.
    public static let absentLabel = "缺考"

    /// As a sheet shows it: the points without a trailing `.0`, or 缺考.
    public var text: String {
        switch self {
        case .absent: return SubjectScore.absentLabel
        case .points(let points):
            return points == points.rounded() && abs(points) < 1e9 ? String(Int(points)) : String(points)
        }
    }

    /// The stored form: points, or NULL with `absent` set.
    public var points: Double? {
        if case .points(let points) = self { return points }
        return nil
    }
}

/// 考证结果 of one candidate for one certificate level in one plan.
public enum ResultStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case pending, passed, failed, absent

    public var label: String {
        switch self {
        case .pending: "待出成绩"
        case .passed: "通过"
        case .failed: "未通过"
        case .absent: "缺考"
        }
    }

    /// The plan's default rule (MISSION.md section 6): every enrolled subject at or above its pass
    /// mark passes; a subject without a score yet keeps the result pending; absent from every
    /// subject is 缺考; an absent subject among sat ones fails the certificate.
    public static func of(_ subjects: [(score: SubjectScore?, passMark: Double)]) -> ResultStatus {
        guard !subjects.isEmpty, subjects.allSatisfy({ $0.score != nil }) else { return .pending }
        if subjects.allSatisfy({ $0.score == .absent }) { return .absent }
        let passed = subjects.allSatisfy { subject in
            if case .points(let points) = subject.score { return points >= subject.passMark }
            return false
        }
        return passed ? .passed : .failed
    }
}

/// Who signs an issuance: the assessment site (its school) first, then the organization.
public enum IssuanceSide: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case school, organization

    public var label: String {
        switch self {
        case .school: "考核站点"
        case .organization: "培训评价组织"
        }
    }
}

/// 签发决定 (同意 / 拒绝).
public enum IssuanceDecision: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case approve, reject

    public var label: String {
        switch self {
        case .approve: "同意"
        case .reject: "拒绝"
        }
    }
}

/// 颁证状态 (MISSION.md section 6). A passing result starts at 考核站点待签发; the site signs,
/// then the organization; either may reject with a reason and later re-sign, and an approval
/// is final. Both approvals make it 证书待发放; generation moves it through 证书生成中 to
/// 完成发放, or to 盖章失败 when a stamp is missing or invalid (generation retries those).
public enum IssuanceStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case organizationPending, organizationRejected, schoolPending, schoolRejected, awaitingCertificate, generating, stampFailed,
        issued

    public var label: String {
        switch self {
        case .organizationPending: "培训评价组织待签发"
        case .organizationRejected: "培训评价组织拒绝签发"
        case .schoolPending: "考核站点待签发"
        case .schoolRejected: "考核站点拒绝签发"
        case .awaitingCertificate: "证书待发放"
        case .generating: "证书生成中"
        case .stampFailed: "盖章失败"
        case .issued: "完成发放"
        }
    }

    /// The status after `side` decides, or nil when that side may not decide now.
    public func after(_ decision: IssuanceDecision, by side: IssuanceSide) -> IssuanceStatus? {
        switch (self, side, decision) {
        case (.schoolPending, .school, .approve), (.schoolRejected, .school, .approve): .organizationPending
        case (.schoolPending, .school, .reject): .schoolRejected
        case (.organizationPending, .organization, .approve), (.organizationRejected, .organization, .approve): .awaitingCertificate
        case (.organizationPending, .organization, .reject): .organizationRejected
        default: nil
        }
    }

    /// Why `side` may not decide now, in the words a user reads.
    public func refusal(for side: IssuanceSide) -> String {
        switch (self, side) {
        case (.schoolRejected, .school), (.organizationRejected, .organization):
            "当前状态为“\(label)”，已拒绝签发；如需改变请重新签发（同意）"
        case (.schoolPending, .organization), (.schoolRejected, .organization):
            "当前状态为“\(label)”，需考核站点先签发"
        default:
            "当前状态为“\(label)”，\(side.label)不能再签发或拒绝（同意签发后不可撤回）"
        }
    }

    /// Waiting for a certificate to be generated (first time, or again after a stamp failed).
    public var isDue: Bool { self == .awaitingCertificate || self == .stampFailed }
}

/// Which stamp a certificate carries: the organization's seal or the site head's signature.
public enum StampKind: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case seal, signature

    public var label: String {
        switch self {
        case .seal: "培训评价组织印章"
        case .signature: "站点负责人签章"
        }
    }

    /// The limits checked when the stamp is registered and again before it is printed.
    public static let maxBytes = 1 << 20
    /// A signature stamp is about 95×95 px; this much either way is accepted.
    public static let signatureSide = 95
    public static let signatureTolerance = 10
}

/// 证书编号: `<证书代码>-<年份>-<6 位序号>`, e.g. `C-WEB-2027-000042`, the sequence counted per
/// certificate and year of issue. Read aloud it names the certificate, the year and a number;
/// the store's unique index makes it unique across the installation.
public enum CertificateNumber {
    public static func make(certificateCode: String, year: Int, sequence: Int) -> String {
        "\(certificateCode)-\(year)-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
    }

    /// The prefix the sequence is counted under.
    public static func prefix(certificateCode: String, year: Int) -> String { "\(certificateCode)-\(year)-" }
}

/// One issuance record: a passing result on its way to a certificate.
public struct Issuance: Hashable, Sendable {
    public var id: String
    public var planCode, idNumber, certificateCode: String
    public var level: CertificateLevel
    public var schoolCode, organizationCode: String
    public var status: IssuanceStatus
    public var certificateNumber: String
    public var schoolReason, organizationReason: String?
    /// Set when the certificate was generated: the date printed and the verification code.
    public var issuedOn: String?
    public var verificationCode: String?
    public var stampFailure: String?

    public init(
        id: String, planCode: String, idNumber: String, certificateCode: String, level: CertificateLevel, schoolCode: String,
        organizationCode: String, status: IssuanceStatus, certificateNumber: String, schoolReason: String? = nil,
        organizationReason: String? = nil, issuedOn: String? = nil, verificationCode: String? = nil, stampFailure: String? = nil
    ) {
        self.id = id
        self.planCode = planCode
        self.idNumber = idNumber
        self.certificateCode = certificateCode
        self.level = level
        self.schoolCode = schoolCode
        self.organizationCode = organizationCode
        self.status = status
        self.certificateNumber = certificateNumber
        self.schoolReason = schoolReason
        self.organizationReason = organizationReason
        self.issuedOn = issuedOn
        self.verificationCode = verificationCode
        self.stampFailure = stampFailure
    }
}

/// One enrolled subject and its score, as a result is judged from it.
public struct SubjectResult: Sendable {
    public var subjectCode, subjectName: String
    public var score: SubjectScore?
    public var fullMarks, passMark: Double

    public init(subjectCode: String, subjectName: String, score: SubjectScore?, fullMarks: Double, passMark: Double) {
        (self.subjectCode, self.subjectName, self.score, self.fullMarks, self.passMark) = (
            subjectCode, subjectName, score, fullMarks, passMark
        )
    }
}

/// 考证结果 of one candidate for one certificate level of a plan, with the per-subject detail.
public struct CandidateResult: Sendable {
    public var planCode, idNumber, name, schoolCode, certificateCode: String
    public var level: CertificateLevel
    public var subjects: [SubjectResult]
    public var status: ResultStatus { ResultStatus.of(subjects.map { ($0.score, $0.passMark) }) }

    public init(
        planCode: String, idNumber: String, name: String, schoolCode: String, certificateCode: String, level: CertificateLevel,
        subjects: [SubjectResult]
    ) {
        (self.planCode, self.idNumber, self.name, self.schoolCode, self.certificateCode, self.level, self.subjects) =
            (planCode, idNumber, name, schoolCode, certificateCode, level, subjects)
    }
}

/// One line of a score's audit trail: old and new value, the record and operator, the time.
public struct ScoreChange: Sendable {
    public var planCode, subjectCode, certificateCode: String
    public var level: CertificateLevel
    public var old, new: SubjectScore?
    public var recordID, operatorName: String
    public var changedAt: Date

    public init(
        planCode: String, subjectCode: String, certificateCode: String, level: CertificateLevel, old: SubjectScore?, new: SubjectScore?,
        recordID: String, operatorName: String, changedAt: Date
    ) {
        (self.planCode, self.subjectCode, self.certificateCode, self.level, self.old, self.new) =
            (planCode, subjectCode, certificateCode, level, old, new)
        (self.recordID, self.operatorName, self.changedAt) = (recordID, operatorName, changedAt)
    }
}

/// An issuance with what a listing shows of its candidate.
public struct IssuanceListing: Sendable {
    public var issuance: Issuance
    public var name: String
    public var photo: String?

    public init(issuance: Issuance, name: String, photo: String?) {
        (self.issuance, self.name, self.photo) = (issuance, name, photo)
    }
}
