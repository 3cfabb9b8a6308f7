/// A closed list whose every case has the Chinese label users see in sheets and documents.
///
/// The label is the one place the Chinese text lives; parsing a cell is looking it up.
public protocol ChineseLabeled: CaseIterable, Hashable, Sendable {
    var label: String { get }
    /// Label → case, built once per type.
    static var byLabel: LabelIndex<Self> { get }
}

/// Label → case for a handful of labels: their UTF-8 bytes compared in turn, which for Chinese
/// text is several times cheaper than hashing a `String` (that normalizes it first); a cell that
/// matches no label byte for byte is looked up by `String` equality, so a label typed in
/// another Unicode normalization form is still found.
public struct LabelIndex<Value: Sendable>: Sendable {
    @usableFromInline let entries: [(bytes: [UInt8], value: Value)]
    @usableFromInline let byString: [String: Value]

    public init(_ pairs: [(String, Value)]) {
        entries = pairs.map { (Array($0.0.utf8), $0.1) }
        byString = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    @inlinable
    public subscript(label: String) -> Value? {
        let (found, ascii) = label.withUTF8Bytes { bytes -> (Value?, Bool) in
            for entry in entries where entry.bytes.count == bytes.count {
                if entry.bytes.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return (entry.value, true) }
            }
            return (nil, bytes.allSatisfy { $0 < 0x80 })
        }
        if let found { return found }
        return ascii ? nil : byString[label]
    }
}

extension ChineseLabeled {
    /// Inlinable so a rule parsing a cell gets a specialized lookup, not a generic one that
    /// instantiates metadata on every call.
    @inlinable
    public init?(label: String) {
        guard let found = Self.byLabel[label] else { return nil }
        self = found
    }

    /// Builds `byLabel`; each type stores the result in a `static let`.
    public static func indexLabels() -> LabelIndex<Self> {
        LabelIndex(allCases.map { ($0.label, $0) })
    }

    /// All labels in declaration order, for drop-down lists and messages.
    public static var labels: [String] { allCases.map(\.label) }
}

/// 证件类型.
public enum IDType: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case residentID, hongKongMacauPermit, taiwanPermit, passport, foreignerPermanentResidence, hmtResidencePermit

    public var label: String {
        switch self {
        case .residentID: "居民身份证"
        case .hongKongMacauPermit: "港澳居民来往内地通行证"
        case .taiwanPermit: "台湾居民来往大陆通行证"
        case .passport: "护照"
        case .foreignerPermanentResidence: "外国人永久居留身份证"
        case .hmtResidencePermit: "港澳台居民居住证"
        }
    }
}

/// 专业层次.
public enum MajorLevel: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case secondaryVocational, higherVocational, vocationalBachelor, appliedBachelor, other

    public var label: String {
        switch self {
        case .secondaryVocational: "中职"
        case .higherVocational: "高职专科"
        case .vocationalBachelor: "职业本科"
        case .appliedBachelor: "应用型本科"
        case .other: "其他"
        }
    }
}

/// 考生类别: a school's own students, or trainees it recruits from society.
public enum CandidateCategory: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case school, social

    public var label: String {
        switch self {
        case .school: "院校考生"
        case .social: "社会考生"
        }
    }
}

/// 考生信息状态 (MISSION.md section 4).
public enum CandidateStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case noPhoto, pendingVerification, verified, needsManualCheck

    public var label: String {
        switch self {
        case .noPhoto: "无照片"
        case .pendingVerification: "信息待认证"
        case .verified: "信息准确"
        case .needsManualCheck: "需人工确认"
        }
    }

    /// While 信息准确, identity fields and the photo may not change.
    public var locksIdentity: Bool { self == .verified }
}

/// 证书等级.
public enum CertificateLevel: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case junior, intermediate, senior

    public var label: String {
        switch self {
        case .junior: "初级"
        case .intermediate: "中级"
        case .senior: "高级"
        }
    }
}

/// 考试类型 of a subject; it also decides the room type.
public enum ExamType: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case computer, practical, written

    public var label: String {
        switch self {
        case .computer: "机考"
        case .practical: "实操"
        case .written: "笔试"
        }
    }
}

/// 报考方式 of an exam plan.
public enum EnrollmentMode: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case byCertificate, bySubject

    public var label: String {
        switch self {
        case .byCertificate: "按证书"
        case .bySubject: "按科目"
        }
    }
}

/// 考核站点状态.
public enum SiteStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case notSubmitted, pendingReview, returned, approved

    public var label: String {
        switch self {
        case .notSubmitted: "未提交"
        case .pendingReview: "待审核"
        case .returned: "审核退回"
        case .approved: "已通过"
        }
    }
}

/// What an import record ended as.
public enum ImportStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    /// Every data row was committed.
    case succeeded
    /// Some rows failed; the valid ones were committed.
    case partial
    /// No row was valid; nothing but the record was committed.
    case failed
    /// A file-level problem: nothing was committed except the record of the refusal.
    case refused
    /// `--dry-run`: the record was computed and rolled back.
    case dryRun

    public var label: String {
        switch self {
        case .succeeded: "导入成功"
        case .partial: "部分成功"
        case .failed: "全部失败"
        case .refused: "文件被拒绝"
        case .dryRun: "试运行"
        }
    }
}

/// 性别 of proctors and teachers; for a resident ID it must agree with the 17th digit.
public enum Gender: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case male, female

    public var label: String {
        switch self {
        case .male: "男"
        case .female: "女"
        }
    }
}

/// 认证状态 of one (proctor, certificate) pair: the organization certifies or rejects each
/// certificate a school applies for; a certified one is final.
public enum ProctorCertificationStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case pending, certified, rejected

    public var label: String {
        switch self {
        case .pending: "待认证"
        case .certified: "已认证"
        case .rejected: "认证不通过"
        }
    }
}

/// 教师账号状态: 已激活 once the teacher has logged in with the initial password.
public enum TeacherStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case inactive, active

    public var label: String {
        switch self {
        case .inactive: "未激活"
        case .active: "已激活"
        }
    }
}

/// 考场类型: follows the exam type of the subject the room is set for.
public enum RoomType: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case computer, practical, written

    public var label: String {
        switch self {
        case .computer: "机考考场"
        case .practical: "实操考场"
        case .written: "笔试考场"
        }
    }
}

/// 考场状态, driven by the clock and the plan's scheduling window.
public enum RoomStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case unscheduled, scheduling, ended

    public var label: String {
        switch self {
        case .unscheduled: "未排考"
        case .scheduling: "排考中"
        case .ended: "已结束"
        }
    }
}

/// What a school or organization does to a 考核站点 (the manual's buttons).
public enum SiteAction: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case edit, submit, withdraw, approve, returnForRevision, delete

    public var label: String {
        switch self {
        case .edit: "修改"
        case .submit: "提交审核"
        case .withdraw: "撤销"
        case .approve: "审核通过"
        case .returnForRevision: "审核退回"
        case .delete: "删除"
        }
    }
}

/// A 是/否 column: the sites import's 提交审核 (是 submits the site right away, 否 keeps it as
/// a draft), the plans' 缴费后排考.
public enum YesNo: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case yes, no

    public var label: String {
        switch self {
        case .yes: "是"
        case .no: "否"
        }
    }
}

/// 收费方式 of a payment order (缴费申请单): per certificate or per subject, as the plan's fee.
public enum PaymentBasis: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case byCertificate, bySubject

    public var label: String {
        switch self {
        case .byCertificate: "按证书"
        case .bySubject: "按科目"
        }
    }
}

/// 缴费申请单状态: the organization confirms receipt; a confirmed order is final.
public enum PaymentOrderStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case unconfirmed, confirmed

    public var label: String {
        switch self {
        case .unconfirmed: "未确认"
        case .confirmed: "已确认"
        }
    }
}

/// 缴费状态 of an enrollment: nothing yet, in an unconfirmed order, or paid.
public enum EnrollmentPaymentStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case unpaid, ordered, paid

    public var label: String {
        switch self {
        case .unpaid: "未缴费"
        case .ordered: "待确认缴费"
        case .paid: "已缴费"
        }
    }
}

/// 排考状态 of an enrollment as far as deletion cares: once scheduled it stays.
public enum EnrollmentScheduleStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case unscheduled, scheduled

    public var label: String {
        switch self {
        case .unscheduled: "未排考"
        case .scheduled: "已排考"
        }
    }
}
