/// A stable, machine-readable failure identifier (`id.checksum`, `phone.format`, …).
///
/// A struct rather than an enum so later import kinds add codes without breaking callers;
/// tests and the failed-rows workbook depend on the raw strings never changing.
public struct FailureCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let required = FailureCode("required")
    public static let idFormat = FailureCode("id.format")
    public static let idRegion = FailureCode("id.region")
    public static let idRegionUnknown = FailureCode("id.region-unknown")
    public static let idBirthdate = FailureCode("id.birthdate")
    public static let idAge = FailureCode("id.age")
    public static let idChecksum = FailureCode("id.checksum")
    public static let idNumericCell = FailureCode("id.numeric-cell")
    public static let idLegacy15 = FailureCode("id.legacy15")
    public static let phoneFormat = FailureCode("phone.format")
    public static let enumInvalid = FailureCode("enum.invalid")
    public static let yearRange = FailureCode("year.range")
    public static let nameFormat = FailureCode("name.format")
    public static let pinyinFormat = FailureCode("pinyin.format")
    public static let textTooLong = FailureCode("text.too-long")
    public static let duplicateInFile = FailureCode("duplicate.in-file")
    public static let candidateExists = FailureCode("candidate.exists")
    public static let candidateNotFound = FailureCode("candidate.not-found")
    public static let candidateLocked = FailureCode("candidate.locked")
    public static let candidateUnverified = FailureCode("candidate.unverified")
    public static let candidateEnrolled = FailureCode("candidate.enrolled")
    public static let majorNotEligible = FailureCode("major.not-eligible")
    public static let planClosed = FailureCode("plan.closed")
    public static let planNotFound = FailureCode("plan.not-found")
    public static let schoolNotInPlan = FailureCode("school.not-in-plan")
    public static let siteInvalid = FailureCode("site.invalid")
    public static let roomDuplicate = FailureCode("room.duplicate")
    public static let roomSeats = FailureCode("room.seats")
    public static let enrollmentDuplicate = FailureCode("enrollment.duplicate")
    public static let enrollmentLocked = FailureCode("enrollment.locked")
    public static let photoFormat = FailureCode("photo.format")
    public static let photoTooLarge = FailureCode("photo.too-large")
    public static let photoDimensions = FailureCode("photo.dimensions")
    public static let photoBackground = FailureCode("photo.background")
    public static let photoUnmatched = FailureCode("photo.unmatched")
    public static let scoreRange = FailureCode("score.range")
    public static let scoreLocked = FailureCode("score.locked")
    /// 科目成绩: not a number or 缺考; the candidate (ticket or ID) is not in the plan or the two
    /// disagree; the subject is not one the candidate enrolled; the enrolled subject has no seat.
    public static let scoreFormat = FailureCode("score.format")
    public static let scoreCandidate = FailureCode("score.candidate")
    public static let scoreNotEnrolled = FailureCode("score.not-enrolled")
    public static let scoreNotScheduled = FailureCode("score.not-scheduled")
    /// 签发: a rejection without a reason; a decision the issuance's status does not allow; no
    /// issuance record matches.
    public static let issuanceReason = FailureCode("issuance.reason")
    public static let issuanceState = FailureCode("issuance.state")
    public static let issuanceNotFound = FailureCode("issuance.not-found")
    /// A stamp file named in the catalog that could not be printed (a warning: it stops nothing
    /// until a certificate needs it).
    public static let stampInvalid = FailureCode("stamp.invalid")
    public static let referenceNotFound = FailureCode("reference.not-found")
    public static let valueFormat = FailureCode("value.format")
    /// Scheduling: why an enrolled subject got no seat (`UnseatedReason`).
    public static let scheduleUnpaid = FailureCode("schedule.unpaid")
    public static let scheduleNoSite = FailureCode("schedule.no-site")
    public static let scheduleNoSession = FailureCode("schedule.no-session")
    public static let scheduleNoRoom = FailureCode("schedule.no-room")
    public static let scheduleNoSeat = FailureCode("schedule.no-seat")
    public static let scheduleTimeConflict = FailureCode("schedule.time-conflict")
    /// The 排考 import: the plan is another organization's; the candidate is not enrolled in the
    /// subject; the room is not at the site for the subject; the seat is past the room's seats
    /// or given already; the candidate sits another subject then; the ticket number is taken.
    public static let scheduleForeignPlan = FailureCode("schedule.foreign-plan")
    public static let scheduleNotEnrolled = FailureCode("schedule.not-enrolled")
    public static let scheduleRoom = FailureCode("schedule.room")
    public static let scheduleSeatRange = FailureCode("schedule.seat-range")
    public static let scheduleSeatTaken = FailureCode("schedule.seat-taken")
    public static let scheduleDoubleBooked = FailureCode("schedule.double-booked")
    public static let scheduleTicketTaken = FailureCode("schedule.ticket-taken")
    /// The cell holds a formula error value (`#N/A`, `#REF!`, `#DIV/0!`), not data.
    public static let cellError = FailureCode("cell.error")
}

/// One reason a row (or one cell of it) was refused, or a warning kept on the record.
///
/// Carries the sheet row number a user sees in Excel, the column's template name and the
/// cell text, so the Chinese message can point at the exact cell.
public struct Failure: Hashable, Sendable {
    public let code: FailureCode
    public let row: Int
    public let column: String
    public let value: String
    /// What is wrong and how to fix it, in Chinese, without the row/column prefix.
    public let reason: String

    public init(code: FailureCode, row: Int, column: String, value: String, reason: String) {
        self.code = code
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
    }

    /// Longest value a message quotes in full; a longer one is cut short with "…".
    public static let quotedLength = 50

    /// `value` as a message quotes it: at most `quotedLength` characters, then "…".
    public static func quoted(_ value: String) -> String {
        guard value.utf8.count > quotedLength else { return value }
        let cut = value.prefix(quotedLength)
        return cut.endIndex == value.endIndex ? value : cut + "…"
    }

    /// The full Chinese message: row, column, value, then the reason.
    public var message: String {
        var text = "第\(row)行"
        if !column.isEmpty { text += "【\(column)】" }
        if !value.isEmpty { text += "值“\(Failure.quoted(value))”" }
        return text + "：" + reason
    }
}

// Proctors and teachers (监考人员, 教师).
extension FailureCode {
    public static let certificateNotFound = FailureCode("certificate.not-found")
    public static let genderMismatch = FailureCode("gender.mismatch")
    public static let emailFormat = FailureCode("email.format")
    public static let proctorExists = FailureCode("proctor.exists")
    public static let proctorMismatch = FailureCode("proctor.mismatch")
    public static let teacherExists = FailureCode("teacher.exists")
}

// Assessment sites and rooms (考核站点, 考场).
extension FailureCode {
    /// The site's status does not allow the change (the manual's edit/delete/withdraw rules).
    public static let siteLocked = FailureCode("site.locked")
    /// The site still has rooms, so it cannot be deleted.
    public static let siteInUse = FailureCode("site.in-use")
    /// The plan's scheduling has opened: only the seat count may grow.
    public static let roomLocked = FailureCode("room.locked")
    public static let roomNotFound = FailureCode("room.not-found")
    public static let certificateNotInPlan = FailureCode("certificate.not-in-plan")
}

// Enrollments and payment orders (报考, 缴费申请单).
extension FailureCode {
    /// The plan's enrollment mode (按证书 / 按科目) is not the one of the import.
    public static let planMode = FailureCode("plan.mode")
    /// The name in the row is not the registered candidate's name.
    public static let nameMismatch = FailureCode("name.mismatch")
    /// 参考对象类型 missing where a subject needs it, or not the subject's audience.
    public static let enrollmentAudience = FailureCode("enrollment.audience")
    /// A delete row names no enrollment of this school.
    public static let enrollmentNotFound = FailureCode("enrollment.not-found")
}

extension FailureCode {
    /// Each code in a few Chinese words, for summaries (the review site's chart): the one place
    /// these names live. A code not listed shows as itself.
    public static let chineseNames: [String: String] = [
        "required": "必填项为空", "id.format": "证件号码格式错误", "id.region": "证件号码地区码无效", "id.region-unknown": "地区码未收录",
        "id.birthdate": "出生日期无效", "id.age": "年龄不在范围内", "id.checksum": "证件号码校验位错误", "id.numeric-cell": "证件号码存成了数字",
        "id.legacy15": "15 位旧身份证号", "phone.format": "手机号格式错误", "enum.invalid": "不在可选值中", "year.range": "年份超出范围",
        "name.format": "姓名格式错误", "pinyin.format": "拼音格式错误", "text.too-long": "内容过长", "duplicate.in-file": "文件内重复",
        "candidate.exists": "考生已存在", "candidate.not-found": "考生不存在", "candidate.locked": "考生信息已锁定",
        "candidate.unverified": "考生信息未认证", "candidate.enrolled": "考生已有报考", "major.not-eligible": "专业不可报考",
        "plan.closed": "不在时间窗口内", "plan.not-found": "考试计划不存在", "school.not-in-plan": "院校不在考试计划中",
        "site.invalid": "考核站点无效", "room.duplicate": "考场重名", "room.seats": "座位数无效", "enrollment.duplicate": "重复报考",
        "enrollment.locked": "报考已锁定", "photo.format": "照片格式错误", "photo.too-large": "照片过大", "photo.dimensions": "照片尺寸不符",
        "photo.background": "照片背景不是红色", "photo.unmatched": "照片无对应考生", "score.range": "成绩超出范围", "score.locked": "成绩已锁定",
        "score.format": "成绩格式错误", "score.candidate": "考生不符", "score.not-enrolled": "未报考该科目", "score.not-scheduled": "该科目未排考",
        "issuance.reason": "缺少拒绝理由", "issuance.state": "当前状态不能签发", "issuance.not-found": "颁证记录不存在",
        "stamp.invalid": "印章无效", "reference.not-found": "引用不存在", "value.format": "格式错误", "schedule.unpaid": "未缴费",
        "schedule.no-site": "没有考核站点", "schedule.no-session": "没有考试场次", "schedule.no-room": "没有对应类型的考场",
        "schedule.no-seat": "座位不足", "schedule.time-conflict": "考试时间冲突", "schedule.foreign-plan": "不是本组织的考试计划",
        "schedule.not-enrolled": "未报考该科目", "schedule.room": "考场不符", "schedule.seat-range": "座位号超出范围",
        "schedule.seat-taken": "座位已被占用", "schedule.double-booked": "考试时间重叠", "schedule.ticket-taken": "准考证号已被使用",
        "cell.error": "单元格是公式错误", "certificate.not-found": "证书不存在", "gender.mismatch": "性别与证件号码不符",
        "email.format": "邮箱格式错误", "proctor.exists": "监考人员已存在", "proctor.mismatch": "监考人员信息不符",
        "teacher.exists": "教师已存在", "site.locked": "考核站点不可修改", "site.in-use": "考核站点仍有考场", "room.locked": "考场不可修改",
        "room.not-found": "考场不存在", "certificate.not-in-plan": "证书不在考试计划中", "plan.mode": "报考方式不符",
        "name.mismatch": "姓名不符", "enrollment.audience": "参考对象类型不符", "enrollment.not-found": "报考记录不存在",
    ]

    /// The code in Chinese, e.g. 证件号码校验位错误.
    public var chineseName: String { FailureCode.chineseNames[rawValue] ?? rawValue }
}
