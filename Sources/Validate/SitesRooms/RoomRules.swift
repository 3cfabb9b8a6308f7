public import Domain
public import Foundation

/// The read-only view of plans, sites and rooms the room rules need; it sees the running
/// import's own writes (how a room repeated in one file is found).
public protocol RoomDirectory {
    func plan(code: String) throws -> ExamPlan?
    /// A certificate by code or exact name: (code, name).
    func certificate(reference: String) throws -> (code: String, name: String)?
    /// The certificate's subjects whose code or name is `reference`, one per level.
    func subjects(certificateCode: String, reference: String) throws -> [Subject]
    /// A site of the certificate by its name or by its school's code.
    func site(reference: String, certificateCode: String) throws -> SiteEntry?
    func allocationHost(planCode: String, schoolCode: String, certificateCode: String) throws -> String?
    func room(_ key: RoomKey) throws -> ExamRoom?
}

/// A room row after every rule: the room to store, and whether it replaces an existing one.
public struct RoomChange: Sendable {
    public let room: ExamRoom
    public let isNew: Bool
}

/// Every rule of the 考场 row (MISSION.md section 3) for one school: the plan exists and
/// includes the school and the certificate; the site is the school's own approved site for
/// the certificate or the site the plan lends it (借考); the room type follows the subject's
/// exam type; (plan, site, certificate, room name) is unique, also within the file; seats are
/// 1–500; and the plan's scheduling window decides what may change (`changeProblems`).
public struct RoomRules {
    public let schoolCode: String
    public let recordID: String
    public let clock: Clock
    private let directory: any RoomDirectory
    /// Plans already looked up: a file names a handful of plans over many rows.
    private var plans: [String: ExamPlan?] = [:]

    public init(schoolCode: String, recordID: String, clock: Clock, directory: any RoomDirectory) {
        self.schoolCode = schoolCode
        self.recordID = recordID
        self.clock = clock
        self.directory = directory
    }

    public var schema: TableSchema { RoomColumns.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<RoomChange> {
        var judge = RowJudge(cells: cells, schema: schema)
        var plan: ExamPlan?
        if let text = judge.text(RoomColumns.At.plan, maxLength: 40) {
            let code = Normalize.code(text)
            if plans[code] == nil { plans[code] = .some(try directory.plan(code: code)) }
            plan = plans[code] ?? nil
            if let found = plan, !found.schoolCodes.contains(schoolCode) {
                judge.fail(.schoolNotInPlan, column: RoomColumns.At.plan, value: text, "本院校不在该考试计划的参与院校中")
                plan = nil
            } else if plan == nil {
                judge.fail(.planNotFound, column: RoomColumns.At.plan, value: text, "考试计划不存在")
            }
        }
        var certificate: (code: String, name: String)?
        if let text = judge.text(RoomColumns.At.certificate, maxLength: 100) {
            certificate = try directory.certificate(reference: Normalize.code(text)) ?? directory.certificate(reference: text)
            if certificate == nil {
                judge.fail(.referenceNotFound, column: RoomColumns.At.certificate, value: text, "证书不存在，请填写目录中的证书代码或证书名称")
            } else if let plan, let code = certificate?.code, !plan.certificateCodes.contains(code) {
                judge.fail(.certificateNotInPlan, column: RoomColumns.At.certificate, value: text, "考试计划“\(plan.code)”不包含该证书")
                certificate = nil
            }
        }
        var site: SiteEntry?
        if let text = judge.text(RoomColumns.At.site, maxLength: 200), let certificate {
            site = try directory.site(reference: text, certificateCode: certificate.code)
            if site == nil, text != Normalize.code(text) {
                site = try directory.site(reference: Normalize.code(text), certificateCode: certificate.code)
            }
            let host =
                try plan.map { try directory.allocationHost(planCode: $0.code, schoolCode: schoolCode, certificateCode: certificate.code) }
                ?? nil
            if let problem = RoomRules.siteProblem(site, schoolCode: schoolCode, allocationHost: host) {
                judge.fail(.siteInvalid, column: RoomColumns.At.site, value: text, problem)
                site = nil
            }
        }
        let level = judge.cells[RoomColumns.At.level] == nil ? nil : judge.choice(RoomColumns.At.level, CertificateLevel.self)
        var subject: Subject?
        if let text = judge.text(RoomColumns.At.subject, maxLength: 100), let certificate {
            var found = try directory.subjects(certificateCode: certificate.code, reference: text)
            if found.isEmpty, text != Normalize.code(text) {
                found = try directory.subjects(certificateCode: certificate.code, reference: Normalize.code(text))
            }
            if let level { found = found.filter { $0.level == level } }
            if found.isEmpty {
                judge.fail(
                    .referenceNotFound, column: RoomColumns.At.subject, value: text, "证书“\(certificate.name)”\(level?.label ?? "")没有该科目")
            } else if found.count > 1 {
                judge.fail(.valueFormat, column: RoomColumns.At.subject, value: text, "该科目在多个等级中都有，请填写“等级”列")
            } else {
                subject = found.first
            }
        }
        let name = judge.text(RoomColumns.At.name, maxLength: 50)
        let address = judge.text(RoomColumns.At.address, maxLength: 200)
        var seats: Int?
        if let cell = judge.cell(RoomColumns.At.seats) {
            seats = RoomRules.seats(cell.text)
            if seats == nil { judge.fail(.roomSeats, column: RoomColumns.At.seats, value: cell.text, "座位数应为 1–500 的整数") }
        }
        guard judge.failures.isEmpty, let plan, let certificate, let site, let subject, let name, let address, let seats else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        let key = RoomKey(planCode: plan.code, siteSchoolCode: site.site.schoolCode, certificateCode: certificate.code, name: name)
        let room = ExamRoom(
            key: key, schoolCode: schoolCode, level: subject.level, subjectCode: subject.code, type: RoomType(examType: subject.examType),
            address: address, seats: seats, recordID: recordID)
        let existing = try directory.room(key)
        if let existing, existing.recordID == recordID {
            judge.fail(.roomDuplicate, column: RoomColumns.At.name, value: name, "同一考试计划、考核站点、证书下的考场名称在文件中重复")
        } else if let existing, existing.schoolCode != schoolCode {
            judge.fail(.roomDuplicate, column: RoomColumns.At.name, value: name, "该考核站点在本考试计划中已有同名考场（由其他院校设置）")
        } else {
            for problem in RoomRules.changeProblems(existing: existing, updated: room, plan: plan, now: clock.now) {
                judge.fail(
                    problem.code, column: problem.code == .planClosed ? RoomColumns.At.plan : RoomColumns.At.seats, value: problem.value,
                    problem.reason)
            }
        }
        return Validated(value: RoomChange(room: room, isNew: existing == nil), failures: judge.failures, warnings: judge.warnings)
    }

    /// A seat count: a whole number 1–500 (a number cell's `30` or `30.0` included).
    public static func seats(_ text: String) -> Int? {
        let code = Normalize.code(text)
        if let number = Int(code), RoomColumns.seatRange.contains(number) { return number }
        if let number = Double(code), number.rounded() == number, let whole = Int(exactly: number), RoomColumns.seatRange.contains(whole) {
            return whole
        }
        return nil
    }

    /// Why a school may not set rooms at `site` for a plan, or nil when it may: its own site
    /// once approved, or the host's approved site the plan allocates to it (借考).
    public static func siteProblem(_ site: SiteEntry?, schoolCode: String, allocationHost: String?) -> String? {
        guard let site else { return "找不到该证书的考核站点，请填写考核站点名称或其院校代码" }
        if site.site.schoolCode != schoolCode, site.site.schoolCode != allocationHost {
            return "该考核站点不属于本院校，也未在本考试计划中分配给本院校借考"
        }
        if site.site.status != .approved {
            return "考核站点“\(site.site.name)”状态为“\(site.site.status.label)”，审核通过后才能设置考场"
        }
        return nil
    }

    /// A clock rule broken by a change: its code, the value it concerns, and why.
    public struct Problem: Sendable, Equatable {
        public let code: FailureCode
        public let value: String
        public let reason: String
    }

    /// What the plan's scheduling window forbids in storing `updated` over `existing` (nil:
    /// a new room): before the window anything goes; inside it (排考中) a new room may be added
    /// but an existing one may only gain seats; after it (已结束) nothing changes.
    public static func changeProblems(existing: ExamRoom?, updated: ExamRoom, plan: ExamPlan, now: Date) -> [Problem] {
        switch RoomStatus.at(now, scheduling: plan.scheduling) {
        case .unscheduled:
            return []
        case .ended:
            return [Problem(code: .planClosed, value: plan.code, reason: closedReason(plan))]
        case .scheduling:
            guard let existing else { return [] }
            var problems: [Problem] = []
            if updated.seats < existing.seats {
                problems.append(
                    Problem(code: .roomSeats, value: String(updated.seats), reason: "排考中的考场座位数只能增加，不能少于原来的 \(existing.seats)"))
            }
            if existing.level != updated.level || existing.subjectCode != updated.subjectCode || existing.type != updated.type
                || existing.address != updated.address
            {
                problems.append(
                    Problem(code: .roomLocked, value: updated.key.name, reason: "考场状态为“排考中”，只能增加座位数，科目、考场类型和地址不能修改"))
            }
            return problems
        }
    }

    /// Why a room may not be deleted now, or nil: only a 未排考 room may be.
    public static func deletionProblem(_ room: ExamRoom, plan: ExamPlan, now: Date) -> Problem? {
        switch RoomStatus.at(now, scheduling: plan.scheduling) {
        case .unscheduled: nil
        case .scheduling: Problem(code: .roomLocked, value: room.key.name, reason: "考场状态为“排考中”，不能删除（只有“未排考”的考场可以删除）")
        case .ended: Problem(code: .planClosed, value: plan.code, reason: closedReason(plan))
        }
    }

    /// The refusal once a plan's scheduling has ended.
    public static func closedReason(_ plan: ExamPlan) -> String {
        "考试计划“\(plan.code)”的排考已于 \(Clock.isoString(plan.scheduling.end)) 结束（考场状态为“已结束”），考场不能再新增、修改或删除"
    }
}
