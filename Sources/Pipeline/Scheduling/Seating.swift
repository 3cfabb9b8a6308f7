import Domain
import Foundation

/// What scheduling knows of a plan: everything `Seating.plan` needs, read once from the store.
struct SchedulingInputs {
    var planCode: String
    /// Every enrolled subject of the plan (all schools: other schools' seats fill shared rooms).
    var entries: [ScheduleEntry]
    /// The schools being scheduled now (`--school`), nil for all.
    var scope: Set<String>?
    var paymentRequired: Bool
    /// (school, certificate) → the schools whose sites seat its candidates, in order: its own
    /// site for the certificate, then the site a 借考 allocation lends it.
    var hosts: [SchoolCertificate: [String]]
    var sessions: [SessionKey: Window]
    var examTypes: [SessionKey: ExamType]
    var rooms: [ExamRoom]
    var seats: [Seat]
    var tickets: [AdmissionTicket]
}

struct SchoolCertificate: Hashable {
    var schoolCode, certificateCode: String
}

/// One enrolled subject that got no seat, and why.
struct Unseated {
    var entry: ScheduleEntry
    var reason: UnseatedReason
    /// What to do about it, in Chinese (how many seats are short, which subject clashes).
    var detail: String
}

/// The schedule `Seating.plan` decides: seats kept, added and withdrawn, tickets issued.
struct SeatingPlan {
    var kept: [Seat] = []
    var added: [Seat] = []
    /// Seats whose enrollment or room is gone (or whose number the room no longer has).
    var withdrawn: [Seat] = []
    var newTickets: [AdmissionTicket] = []
    var unseated: [Unseated] = []
    /// Every in-scope entry that holds a seat after the run (kept or added).
    var seatedCount = 0
}

/// The seating rule, a pure function of the plan's data (so it is tested without a store).
///
/// Order: candidates by school, major, name pinyin, ID number; each candidate's subjects by
/// certificate, level, subject code. A subject is seated at its candidate's site (or the 借考
/// host) in the first room of the subject's exam type, by room name, with a free seat, on the
/// lowest free seat number. A seat already given is kept while its enrollment and room exist,
/// so a re-run after new enrollments, deletions or new rooms renumbers no one; a deletion frees
/// its seat for the next new candidate. The same inputs give the same plan.
enum Seating {
    static func plan(_ inputs: SchedulingInputs) -> SeatingPlan {
        var result = SeatingPlan()
        let roomsByKey = Dictionary(inputs.rooms.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let enrolled = Set(inputs.entries.map { EntryKey($0) })

        // Seats already given: kept while their enrollment and room (with that seat number) exist.
        var taken: [RoomKey: Set<Int>] = [:]
        var seatedSessions: [String: [SessionKey]] = [:]  // ID number → sessions it holds a seat in
        var hasSeat = Set<EntryKey>()
        for seat in inputs.seats {
            let key = EntryKey(seat)
            if enrolled.contains(key), let room = roomsByKey[seat.room], seat.number <= room.seats, room.subjectKey == seat.session,
                !hasSeat.contains(key), taken[seat.room]?.contains(seat.number) != true
            {
                taken[seat.room, default: []].insert(seat.number)
                seatedSessions[seat.idNumber, default: []].append(seat.session)
                hasSeat.insert(key)
                result.kept.append(seat)
            } else {
                result.withdrawn.append(seat)
            }
        }

        // Free seats per room, lowest first; rooms per (site, session), by name.
        var free: [RoomKey: FreeSeats] = [:]
        var roomsBySite: [SiteSession: [RoomKey]] = [:]
        for room in inputs.rooms.sorted(by: { $0.key.name < $1.key.name }) {
            free[room.key] = FreeSeats(capacity: room.seats, taken: taken[room.key] ?? [])
            roomsBySite[SiteSession(siteSchoolCode: room.key.siteSchoolCode, session: room.subjectKey, type: room.type), default: []]
                .append(room.key)
        }

        let ordered = inputs.entries.filter { inputs.scope?.contains($0.schoolCode) ?? true }.sorted(by: Seating.precedes)
        var short: [SiteSession: Int] = [:]
        var waiting: [(Unseated, SiteSession?)] = []
        var seatedIDs = Set<String>()
        for entry in ordered {
            let key = EntryKey(entry)
            if hasSeat.contains(key) {
                seatedIDs.insert(entry.idNumber)
                result.seatedCount += 1
                continue
            }
            if inputs.paymentRequired, !entry.paid {
                waiting.append((Unseated(entry: entry, reason: .unpaid, detail: "考试计划要求缴费后排考，请先确认缴费"), nil))
                continue
            }
            guard let hosts = inputs.hosts[SchoolCertificate(schoolCode: entry.schoolCode, certificateCode: entry.certificateCode)],
                !hosts.isEmpty
            else {
                waiting.append((Unseated(entry: entry, reason: .noSite, detail: "本校没有该证书的考核站点，也没有借考分配"), nil))
                continue
            }
            guard let window = inputs.sessions[entry.session] else {
                waiting.append((Unseated(entry: entry, reason: .noSession, detail: "考试计划中没有该科目的考试时间"), nil))
                continue
            }
            if let clash = seatedSessions[entry.idNumber]?.first(where: { other in
                inputs.sessions[other].map { $0.start < window.end && window.start < $0.end } ?? false
            }) {
                waiting.append(
                    (Unseated(entry: entry, reason: .timeConflict, detail: "与已排的科目 \(clash.subjectCode) 考试时间重叠"), nil))
                continue
            }
            let type = RoomType(examType: inputs.examTypes[entry.session] ?? .written)
            let sites = hosts.map { SiteSession(siteSchoolCode: $0, session: entry.session, type: type) }
            let rooms = sites.flatMap { roomsBySite[$0] ?? [] }
            guard !rooms.isEmpty else {
                let names = hosts.joined(separator: "、")
                waiting.append((Unseated(entry: entry, reason: .noRoom, detail: "考核站点 \(names) 没有为该科目设置\(type.label)"), nil))
                continue
            }
            var placed: Seat?
            for room in rooms {
                guard let number = free[room]?.take() else { continue }
                placed = Seat(room: room, number: number, schoolCode: entry.schoolCode, idNumber: entry.idNumber, session: entry.session)
                break
            }
            guard let placed else {
                short[sites[0], default: 0] += 1
                waiting.append((Unseated(entry: entry, reason: .noSeat, detail: ""), sites[0]))
                continue
            }
            result.added.append(placed)
            seatedSessions[entry.idNumber, default: []].append(entry.session)
            hasSeat.insert(key)
            seatedIDs.insert(entry.idNumber)
            result.seatedCount += 1
        }
        result.unseated = waiting.map { unseated, site in
            var unseated = unseated
            if let site, let count = short[site] {
                unseated.detail = "考核站点 \(site.siteSchoolCode) 该科目的\(site.type.label)座位不足，共缺 \(count) 个座位"
            }
            return unseated
        }

        // Tickets: one per candidate with a seat, kept forever once issued.
        var ticketed = Set(inputs.tickets.map(\.idNumber))
        var nextSequence: [String: Int] = [:]
        for ticket in inputs.tickets { nextSequence[ticket.schoolCode] = max(nextSequence[ticket.schoolCode] ?? 0, ticket.sequence) }
        for entry in ordered where seatedIDs.contains(entry.idNumber) && !ticketed.contains(entry.idNumber) {
            let sequence = (nextSequence[entry.schoolCode] ?? 0) + 1
            nextSequence[entry.schoolCode] = sequence
            ticketed.insert(entry.idNumber)
            result.newTickets.append(
                AdmissionTicket(planCode: inputs.planCode, schoolCode: entry.schoolCode, idNumber: entry.idNumber, sequence: sequence))
        }
        return result
    }

    /// The scheduling order (README): school, major, name pinyin, ID number, then the subject.
    static func precedes(_ a: ScheduleEntry, _ b: ScheduleEntry) -> Bool {
        if a.schoolCode != b.schoolCode { return a.schoolCode < b.schoolCode }
        if (a.major ?? "") != (b.major ?? "") { return (a.major ?? "") < (b.major ?? "") }
        if a.pinyin != b.pinyin { return a.pinyin < b.pinyin }
        if a.idNumber != b.idNumber { return a.idNumber < b.idNumber }
        return a.session < b.session
    }
}

/// An enrolled subject's identity: candidate and session.
private struct EntryKey: Hashable {
    var idNumber: String
    var session: SessionKey

    init(_ entry: ScheduleEntry) { (idNumber, session) = (entry.idNumber, entry.session) }
    init(_ seat: Seat) { (idNumber, session) = (seat.idNumber, seat.session) }
}

/// The rooms of one site for one session and room type.
struct SiteSession: Hashable {
    var siteSchoolCode: String
    var session: SessionKey
    var type: RoomType
}

/// A room's free seat numbers, lowest first.
private struct FreeSeats {
    private var numbers: [Int]
    private var next = 0

    init(capacity: Int, taken: Set<Int>) {
        numbers = capacity > 0 ? (1...capacity).filter { !taken.contains($0) } : []
    }

    mutating func take() -> Int? {
        guard next < numbers.count else { return nil }
        defer { next += 1 }
        return numbers[next]
    }
}

extension ExamRoom {
    /// The session the room is set for.
    var subjectKey: SessionKey { SessionKey(certificateCode: key.certificateCode, level: level, subjectCode: subjectCode) }
}
