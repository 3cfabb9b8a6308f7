public import Domain
import Foundation

/// The read-only view of the store a 排考 row is checked against.
public protocol ScheduleDirectory: EnrolledSubjectDirectory {
    /// The school whose site for `certificateCode` is named `reference` (or is that school's code).
    func siteSchool(reference: String, certificateCode: String) throws -> String?
    func room(_ key: RoomKey) throws -> ExamRoom?
    func sessions(planCode: String) throws -> [SessionKey: Window]
    /// Who holds a seat, if anyone.
    func seatHolder(_ room: RoomKey, number: Int) throws -> (idNumber: String, session: SessionKey)?
    func seats(planCode: String, idNumber: String) throws -> [Seat]
    func ticket(planCode: String, idNumber: String) throws -> String?
    /// The candidate a ticket number belongs to (any plan).
    func ticketHolder(_ number: String) throws -> String?
}

/// A valid 排考 row: the seat to give and the seat it replaces (the candidate's earlier seat for
/// the same subject), and the ticket number the row names.
public struct ScheduleChange: Sendable {
    public let seat: Seat
    public let replacing: Seat?
    public let ticket: String?
}

/// Every rule of the 排考 row (MISSION.md section 3) for one organization: the plan is the
/// organization's and inside its scheduling window; the candidate is enrolled in the subject;
/// the room is at that site, for that subject (so of its exam type); the seat is within the
/// room's seats and given once; the candidate sits nothing else at an overlapping time; a ticket
/// number is the candidate's only one in the plan and nobody else's. The file counts too: a
/// seat or ticket given by an earlier row is taken.
public struct ScheduleRules {
    public let organizationCode: String
    public let clock: Clock
    private let directory: any ScheduleDirectory
    private var plans: OrganizationPlans
    private var sessions: [String: [SessionKey: Window]] = [:]
    private var seatsInFile: Set<SeatKey> = []
    private var candidateSessionsInFile: [String: [(SessionKey, Window)]] = [:]
    private var ticketsInFile: [String: String] = [:]  // number → ID number

    public init(organizationCode: String, clock: Clock, directory: any ScheduleDirectory) {
        self.organizationCode = organizationCode
        self.clock = clock
        self.directory = directory
        plans = OrganizationPlans(organizationCode: organizationCode)
    }

    public var schema: TableSchema { ScheduleColumns.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<ScheduleChange> {
        var judge = RowJudge(cells: cells, schema: schema)
        let at = ScheduleColumns.At.self
        var plan: ExamPlan?
        if let text = judge.text(at.plan, maxLength: 40) {
            plan = try plans.plan(text, column: at.plan, judge: &judge, lookup: directory.plan(code:))
            if let window = plan?.scheduling, RoomStatus.at(clock.now, scheduling: window) != .scheduling {
                judge.fail(
                    .planClosed, column: at.plan, value: text,
                    "不在排考时间内（\(Clock.isoString(window.start)) 至 \(Clock.isoString(window.end))）")
                plan = nil
            }
        }
        let idNumber = judge.text(at.idNumber, maxLength: 40).map { Normalize.code($0).uppercased() }
        var entry: ScheduleEntry?
        if let plan, let idNumber, let subjectText = judge.text(at.subject, maxLength: 100) {
            entry = try EnrolledSubject.find(
                subjectText, among: try directory.enrollments(planCode: plan.code, idNumber: idNumber),
                names: directory.subjects(certificateCode:level:), failing: .scheduleNotEnrolled, column: at.subject, judge: &judge)
        }
        var room: ExamRoom?
        if let plan, let entry, let siteText = judge.text(at.site, maxLength: 200), let name = judge.text(at.room, maxLength: 50) {
            if let school = try directory.siteSchool(reference: siteText, certificateCode: entry.certificateCode) {
                room = try directory.room(
                    RoomKey(planCode: plan.code, siteSchoolCode: school, certificateCode: entry.certificateCode, name: name))
                if let found = room, found.subjectCode != entry.subjectCode || found.level != entry.level {
                    judge.fail(.scheduleRoom, column: at.room, value: name, "该考场是为科目 \(found.subjectCode) 设置的，不能安排本科目")
                    room = nil
                } else if room == nil {
                    judge.fail(.scheduleRoom, column: at.room, value: name, "该考核站点在本考试计划中没有这个考场")
                }
            } else {
                judge.fail(.referenceNotFound, column: at.site, value: siteText, "没有该证书的这个考核站点")
            }
        }
        var seatNumber: Int?
        if let cell = judge.cell(at.seat) {
            if let number = Int(Normalize.code(cell.text)), number >= 1 {
                seatNumber = number
                if let room, number > room.seats {
                    judge.fail(.scheduleSeatRange, column: at.seat, value: cell.text, "座位号超出考场座位数 \(room.seats)")
                    seatNumber = nil
                }
            } else {
                judge.fail(.scheduleSeatRange, column: at.seat, value: cell.text, "座位号应为正整数")
            }
        }
        let ticketText = judge.cells[at.ticket] == nil ? nil : judge.text(at.ticket, maxLength: 40).map(Normalize.code)

        guard judge.failures.isEmpty, let plan, let idNumber, let entry, let room, let seatNumber else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        let seat = Seat(room: room.key, number: seatNumber, schoolCode: entry.schoolCode, idNumber: idNumber, session: entry.session)
        let seatKey = SeatKey(room: room.key, number: seatNumber)
        let earlier = try directory.seats(planCode: plan.code, idNumber: idNumber)
        let replacing = earlier.first { $0.session == entry.session }
        if seatsInFile.contains(seatKey) {
            judge.fail(.scheduleSeatTaken, column: at.seat, value: String(seatNumber), "该座位已由本文件前面的行安排")
        } else if let holder = try directory.seatHolder(room.key, number: seatNumber),
            holder.idNumber != idNumber || holder.session != entry.session
        {
            judge.fail(.scheduleSeatTaken, column: at.seat, value: String(seatNumber), "该座位已安排给考生 \(holder.idNumber)")
        }
        if sessions[plan.code] == nil { sessions[plan.code] = try directory.sessions(planCode: plan.code) }
        if let window = sessions[plan.code]?[entry.session] {
            let stored = earlier.filter { $0.session != entry.session }.compactMap { seat in
                sessions[plan.code]?[seat.session].map { (seat.session, $0) }
            }
            let others = stored + (candidateSessionsInFile[idNumber] ?? []).filter { $0.0 != entry.session }
            if let clash = others.first(where: { $0.1.overlaps(window) }) {
                judge.fail(.scheduleDoubleBooked, column: at.subject, value: entry.subjectCode, "与该考生已安排的科目 \(clash.0.subjectCode) 考试时间重叠")
            }
        }
        if let ticketText {
            let own = try directory.ticket(planCode: plan.code, idNumber: idNumber)
            if let own, own != ticketText {
                judge.fail(.scheduleTicketTaken, column: at.ticket, value: ticketText, "该考生在本考试计划中已有准考证号 \(own)")
            } else if let holder = try directory.ticketHolder(ticketText) ?? ticketsInFile[ticketText], holder != idNumber {
                judge.fail(.scheduleTicketTaken, column: at.ticket, value: ticketText, "该准考证号已属于考生 \(holder)")
            }
        }
        guard judge.failures.isEmpty else { return Validated(value: nil, failures: judge.failures, warnings: judge.warnings) }
        seatsInFile.insert(seatKey)
        if let window = sessions[plan.code]?[entry.session] {
            candidateSessionsInFile[idNumber, default: []].append((entry.session, window))
        }
        if let ticketText { ticketsInFile[ticketText] = idNumber }
        return Validated(
            value: ScheduleChange(seat: seat, replacing: replacing == seat ? nil : replacing, ticket: ticketText), failures: [],
            warnings: judge.warnings)
    }

    private struct SeatKey: Hashable {
        var room: RoomKey
        var number: Int
    }
}
