public import Foundation

/// One enrolled subject of a candidate, as scheduling sees it: who, which session, and whether
/// the candidate has paid for it.
public struct ScheduleEntry: Hashable, Sendable {
    public var schoolCode, idNumber, name, pinyin: String
    public var major: String?
    public var certificateCode: String
    public var level: CertificateLevel
    public var subjectCode: String
    public var paid: Bool

    public init(
        schoolCode: String, idNumber: String, name: String, pinyin: String, major: String?, certificateCode: String,
        level: CertificateLevel, subjectCode: String, paid: Bool
    ) {
        self.schoolCode = schoolCode
        self.idNumber = idNumber
        self.name = name
        self.pinyin = pinyin
        self.major = major
        self.certificateCode = certificateCode
        self.level = level
        self.subjectCode = subjectCode
        self.paid = paid
    }

    /// The subject session this entry sits: (certificate, level, subject) within the plan.
    public var session: SessionKey { SessionKey(certificateCode: certificateCode, level: level, subjectCode: subjectCode) }

    /// `session < other.session`, without building either key (a copy of two texts each: it was
    /// a third of putting 271k entries in order).
    public func sessionPrecedes(_ other: ScheduleEntry) -> Bool {
        SessionKey.precedes(certificateCode, level, subjectCode, other.certificateCode, other.level, other.subjectCode)
    }
}

/// A subject session of a plan: every room set for it shares its time.
public struct SessionKey: Hashable, Sendable, Comparable {
    public var certificateCode: String
    public var level: CertificateLevel
    public var subjectCode: String

    public init(certificateCode: String, level: CertificateLevel, subjectCode: String) {
        self.certificateCode = certificateCode
        self.level = level
        self.subjectCode = subjectCode
    }

    public static func < (a: SessionKey, b: SessionKey) -> Bool {
        precedes(a.certificateCode, a.level, a.subjectCode, b.certificateCode, b.level, b.subjectCode)
    }

    /// The order of sessions: by certificate, level (its stored text), subject code.
    static func precedes(
        _ certificate: String, _ level: CertificateLevel, _ subject: String, _ otherCertificate: String, _ otherLevel: CertificateLevel,
        _ otherSubject: String
    ) -> Bool {
        (certificate, level.rawValue, subject) < (otherCertificate, otherLevel.rawValue, otherSubject)
    }
}

/// 座位: a candidate's place for one subject session, in a room of a site.
public struct Seat: Hashable, Sendable {
    public var room: RoomKey
    public var number: Int
    public var schoolCode, idNumber: String
    public var session: SessionKey

    public init(room: RoomKey, number: Int, schoolCode: String, idNumber: String, session: SessionKey) {
        self.room = room
        self.number = number
        self.schoolCode = schoolCode
        self.idNumber = idNumber
        self.session = session
    }
}

/// 准考证号: one per candidate per plan, unique across the installation, kept on every re-run.
///
/// Format `<plan>-<school>-<sequence>`, e.g. `P2026-01-S4101001-00017`: the plan and school codes
/// as the catalog writes them and a five-digit sequence per (plan, school), given in the
/// scheduling order (school, major, name pinyin, ID number) the first time the candidate gets a
/// seat. Read aloud in three parts; never reused, also when the candidate's seats are withdrawn.
public struct AdmissionTicket: Hashable, Sendable {
    public var planCode, schoolCode, idNumber: String
    public var sequence: Int

    public init(planCode: String, schoolCode: String, idNumber: String, sequence: Int) {
        self.planCode = planCode
        self.schoolCode = schoolCode
        self.idNumber = idNumber
        self.sequence = sequence
    }

    public var number: String { AdmissionTicket.number(planCode: planCode, schoolCode: schoolCode, sequence: sequence) }

    public static func number(planCode: String, schoolCode: String, sequence: Int) -> String {
        let digits = String(sequence)
        return planCode + "-" + schoolCode + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}

/// Why an enrolled subject got no seat.
public enum UnseatedReason: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    /// The plan requires payment first and this subject is not paid.
    case unpaid
    /// Neither the school's own site for the certificate nor an allocated (借考) one.
    case noSite
    /// The plan sets no time for the subject.
    case noSession
    /// The site has no room of the subject's exam type set for it.
    case noRoom
    /// The site's rooms for the subject are full.
    case noSeat
    /// The candidate already sits another subject at an overlapping time.
    case timeConflict

    public var label: String {
        switch self {
        case .unpaid: "未缴费"
        case .noSite: "无考核站点"
        case .noSession: "科目未安排考试时间"
        case .noRoom: "无该类型考场"
        case .noSeat: "座位不足"
        case .timeConflict: "考试时间冲突"
        }
    }

    /// The stable code of the reason in `--json`, the unseated workbook and the record.
    public var code: FailureCode {
        switch self {
        case .unpaid: .scheduleUnpaid
        case .noSite: .scheduleNoSite
        case .noSession: .scheduleNoSession
        case .noRoom: .scheduleNoRoom
        case .noSeat: .scheduleNoSeat
        case .timeConflict: .scheduleTimeConflict
        }
    }
}

/// 报考状态 as the clock makes it: 未排考 without a seat, then 待考试 → 考试中 → 已结束 around
/// the session's time. Computed, never stored.
public enum EnrollmentExamStatus: String, ChineseLabeled {
    public static let byLabel = indexLabels()

    case unscheduled, awaiting, inProgress, finished

    public var label: String {
        switch self {
        case .unscheduled: "未排考"
        case .awaiting: "待考试"
        case .inProgress: "考试中"
        case .finished: "已结束"
        }
    }

    /// Before the start 待考试, from the start until the end 考试中, after the end 已结束.
    public static func at(_ now: Date, seated: Bool, session: Window?) -> EnrollmentExamStatus {
        guard seated, let session else { return .unscheduled }
        if now < session.start { return .awaiting }
        return now < session.end ? .inProgress : .finished
    }
}

/// The seat numbers given in one room: 1…`upTo` without a gap (most rooms), and any `others`.
public struct TakenSeats: Hashable, Sendable {
    public var upTo: Int
    public var others: Set<Int>

    public init(upTo: Int, others: Set<Int> = []) {
        self.upTo = upTo
        self.others = others
    }

    public func contains(_ number: Int) -> Bool { number <= upTo || others.contains(number) }

    /// How many seats are taken.
    public var count: Int { upTo + others.count }
}

/// The documents printed for an exam (MISSION.md section 5), one template each.
public enum ExamDocument: String, CaseIterable, Sendable, ChineseLabeled {
    public static let byLabel = indexLabels()

    /// 准考证: one page per candidate, with every subject the candidate sits.
    case tickets
    /// 考场签到表: one sheet per room session, a row per seat, masked ID numbers.
    case signin
    /// 考场门贴: one page per room session, for the door.
    case door
    /// 考场桌贴: a label per seat, several per page with cut lines, masked ID numbers.
    case desk
    /// 职业技能等级证书: one page per certificate, with the seal and the signature stamp.
    case certificate

    public var label: String {
        switch self {
        case .tickets: "准考证"
        case .signin: "考场签到表"
        case .door: "考场门贴"
        case .desk: "考场桌贴"
        case .certificate: "职业技能等级证书"
        }
    }

    /// The documents of an exam's room sessions (`kaowu render all`, the nightly redraw).
    public static let examDocuments: [ExamDocument] = [.tickets, .signin, .door, .desk]
}

/// ID numbers on sheets others see (sign-in sheets, desk stickers): the first four and the last
/// four characters, the rest as `*` (`4101**********123X`). Shorter numbers keep only the last four.
public enum MaskedID {
    public static func mask(_ id: String) -> String {
        let characters = Array(id)
        guard characters.count > 8 else {
            return String(repeating: "*", count: max(0, characters.count - 4)) + String(characters.suffix(4))
        }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8) + String(characters.suffix(4))
    }
}
