import Domain
import Foundation

/// What scheduling reads of a plan (the store withdraws a seat no longer valid when its
/// enrollment or room changes): only what it has to seat, and what the seats already given take.
struct SchedulingInputs: Sendable {
    var planCode: String
    /// The enrolled subjects without a seat (all schools: `scope` picks those seated now).
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
    /// Those of the entries' candidates who hold a ticket of the plan already.
    var ticketed: Set<String> = []
    /// School → the highest ticket sequence issued in the plan.
    var lastSequence: [String: Int] = [:]
    /// The seat numbers already given in each room.
    var occupied: [RoomKey: TakenSeats] = [:]
    /// How many seats the schools in scope already hold (kept).
    var keptCount = 0
    /// The sessions the candidates of `entries` already hold a seat in.
    var heldSessions: [String: [SessionKey]] = [:]
    /// The entries in the scheduling order, when worked out as they were read (nil: work it out).
    var order: [Int]?
}

struct SchoolCertificate: Hashable, Sendable {
    var schoolCode, certificateCode: String
}

/// One enrolled subject that got no seat, and why.
struct Unseated: Sendable {
    var entry: ScheduleEntry
    var reason: UnseatedReason
    /// What to do about it, in Chinese (how many seats are short, which subject clashes).
    var detail: String
}

/// The schedule `Seating.plan` decides: seats added, tickets issued, who stays unseated.
struct SeatingPlan: Sendable {
    /// Seats given by this run (each was handed to `place` as it was decided).
    var addedCount = 0
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
/// lowest free seat number. Seats already given are never touched (the store withdraws those
/// whose enrollment or room goes, when it goes), so a re-run after new enrollments,
/// deletions or new rooms renumbers no one, and a freed seat goes to the next new candidate.
/// The same inputs give the same plan.
enum Seating {
    /// Decides the schedule; each new seat goes to `place` as it is decided, with the index of
    /// its room in `inputs.rooms`, so a plan of a few hundred thousand seats is written as it is
    /// made rather than held.
    static func plan(_ inputs: SchedulingInputs, place: (Seat, Int) throws -> Void) rethrows -> SeatingPlan {
        var result = SeatingPlan()
        result.seatedCount = inputs.keptCount
        var seatedSessions = inputs.heldSessions  // ID number → sessions it holds a seat in

        // Free seats per room, lowest first; rooms per (site, session), by name. Rooms are
        // numbered so that placing a seat hashes nothing.
        let byName = inputs.rooms.enumerated().sorted { $0.element.key.name < $1.element.key.name }
        let rooms = byName.map(\.element)
        var free = rooms.map { FreeSeats(capacity: $0.seats, taken: inputs.occupied[$0.key] ?? TakenSeats(upTo: 0)) }
        var roomsBySite: [SiteSession: [Int]] = [:]
        for (index, room) in rooms.enumerated() {
            roomsBySite[SiteSession(siteSchoolCode: room.key.siteSchoolCode, session: room.subjectKey, type: room.type), default: []]
                .append(index)
        }

        let order = inputs.order ?? schedulingOrder(inputs.entries, scope: inputs.scope)
        // Where a (school, session) sits, worked out once: a plan has a handful of these, so a
        // short list compared by value beats hashing its strings for every entry.
        var routes: [Route] = []
        var siteRooms: [[Int]] = []  // per site list: its rooms, by name
        var firstOpen: [Int] = []  // per site list: its first room that may have a free seat
        var short: [Int: Int] = [:]  // site list index → seats short
        var siteLists: [SiteSession] = []
        var siteListIndex: [SiteSession: Int] = [:]
        var waiting: [(Unseated, Int?)] = []
        var seatedIDs = Set<String>()
        // Each stretch of one candidate's entries in the order, and whether it got a seat: the
        // tickets follow this list (a candidate whose major differs between its subjects has
        // more than one).
        var stretches: [(idNumber: String, schoolCode: String, seated: Bool)] = []
        // A candidate's entries follow each other in the order: the sessions it holds and their
        // times are kept here, and go to the dictionaries keyed by ID number once per candidate.
        var candidate = ""
        var candidateSessions: [SessionKey] = []
        var candidateWindows: [Window] = []
        var candidateSeated = false
        for index in order {
            let entry = inputs.entries[index]
            if entry.idNumber != candidate {
                if candidateSeated {
                    seatedSessions[candidate] = candidateSessions
                    seatedIDs.insert(candidate)
                    stretches[stretches.count - 1].seated = true
                }
                stretches.append((entry.idNumber, entry.schoolCode, false))
                candidate = entry.idNumber
                candidateSessions = seatedSessions[candidate] ?? []
                candidateWindows = candidateSessions.compactMap { inputs.sessions[$0] }
                candidateSeated = false
            }
            if inputs.paymentRequired, !entry.paid {
                waiting.append((Unseated(entry: entry, reason: .unpaid, detail: "考试计划要求缴费后排考，请先确认缴费"), nil))
                continue
            }
            let route: Route
            if let known = routes.first(where: { $0.schoolCode == entry.schoolCode && $0.session == entry.session }) {
                route = known
            } else {
                let hosts = inputs.hosts[SchoolCertificate(schoolCode: entry.schoolCode, certificateCode: entry.certificateCode)] ?? []
                let type = RoomType(examType: inputs.examTypes[entry.session] ?? .written)
                var sites: [Int] = []
                for host in hosts {
                    let site = SiteSession(siteSchoolCode: host, session: entry.session, type: type)
                    if let known = siteListIndex[site] {
                        sites.append(known)
                    } else {
                        siteListIndex[site] = siteLists.count
                        sites.append(siteLists.count)
                        siteLists.append(site)
                        siteRooms.append(roomsBySite[site] ?? [])
                        firstOpen.append(0)
                    }
                }
                route = Route(
                    schoolCode: entry.schoolCode, session: entry.session, hosts: hosts, type: type, window: inputs.sessions[entry.session],
                    sites: sites)
                routes.append(route)
            }
            guard !route.hosts.isEmpty else {
                waiting.append((Unseated(entry: entry, reason: .noSite, detail: "本校没有该证书的考核站点，也没有借考分配"), nil))
                continue
            }
            guard let window = route.window else {
                waiting.append((Unseated(entry: entry, reason: .noSession, detail: "考试计划中没有该科目的考试时间"), nil))
                continue
            }
            if candidateWindows.contains(where: { $0.overlaps(window) }) {
                let clash = candidateSessions.first { other in
                    inputs.sessions[other]?.overlaps(window) ?? false
                }
                waiting.append(
                    (Unseated(entry: entry, reason: .timeConflict, detail: "与已排的科目 \(clash?.subjectCode ?? "") 考试时间重叠"), nil))
                continue
            }
            guard route.sites.contains(where: { !siteRooms[$0].isEmpty }) else {
                let names = route.hosts.joined(separator: "、")
                waiting.append((Unseated(entry: entry, reason: .noRoom, detail: "考核站点 \(names) 没有为该科目设置\(route.type.label)"), nil))
                continue
            }
            var placed: Seat?
            var placedRoom = 0
            // Rooms only fill up during a run, so a site's exhausted rooms are dropped for good.
            search: for site in route.sites {
                while firstOpen[site] < siteRooms[site].count {
                    let room = siteRooms[site][firstOpen[site]]
                    if let number = free[room].take() {
                        placed = Seat(
                            room: rooms[room].key, number: number, schoolCode: entry.schoolCode, idNumber: entry.idNumber,
                            session: entry.session)
                        placedRoom = room
                        break search
                    }
                    firstOpen[site] += 1
                }
            }
            guard let placed else {
                short[route.sites[0], default: 0] += 1
                waiting.append((Unseated(entry: entry, reason: .noSeat, detail: ""), route.sites[0]))
                continue
            }
            try place(placed, byName[placedRoom].offset)
            result.addedCount += 1
            candidateWindows.append(window)
            candidateSessions.append(entry.session)
            candidateSeated = true
            result.seatedCount += 1
        }
        if candidateSeated {
            seatedIDs.insert(candidate)
            stretches[stretches.count - 1].seated = true
        }
        result.unseated = waiting.map { unseated, siteIndex in
            var unseated = unseated
            if let siteIndex, let count = short[siteIndex] {
                let site = siteLists[siteIndex]
                unseated.detail = "考核站点 \(site.siteSchoolCode) 该科目的\(site.type.label)座位不足，共缺 \(count) 个座位"
            }
            return unseated
        }

        // Tickets: one per candidate with a seat, kept forever once issued.
        // A candidate's ticket comes at its first stretch, whichever stretch got the seat.
        var ticketed = inputs.ticketed
        var nextSequence = inputs.lastSequence
        result.newTickets.reserveCapacity(seatedIDs.count)
        for stretch in stretches where stretch.seated || seatedIDs.contains(stretch.idNumber) {
            guard ticketed.insert(stretch.idNumber).inserted else { continue }
            let sequence = (nextSequence[stretch.schoolCode] ?? 0) + 1
            nextSequence[stretch.schoolCode] = sequence
            result.newTickets.append(
                AdmissionTicket(planCode: inputs.planCode, schoolCode: stretch.schoolCode, idNumber: stretch.idNumber, sequence: sequence))
        }
        return result
    }

    /// The indices of the entries of the schools in `scope` (nil: all), in the scheduling order
    /// (README): school, major, name pinyin, ID number, then the subject.
    static func schedulingOrder(_ entries: [ScheduleEntry], scope: Set<String>?) -> [Int] {
        var order = SchedulingOrder(scope: scope)
        order.extend(with: entries)
        return order.finish(entries)
    }
}

/// The scheduling order, worked out as the entries arrive (`extend`) and finished by sorting
/// (`finish`): a schedule run extends it on the thread that decodes the entries, while the
/// store's thread still reads them, so less of it is left for the seats to wait on.
///
/// Entries that follow each other with the same school, major, pinyin and ID number (a
/// candidate's subjects: the store reads them in key order) are sorted as one, by ranks of
/// school and major, then each candidate's subjects by session. So 95k candidates are sorted
/// rather than 271k entries compared by their Chinese majors (any input order gives the same
/// result: a candidate split over several runs is put back together by the session sort).
struct SchedulingOrder: Sendable {
    private let scope: Set<String>?
    /// How many entries `extend` has seen.
    private var seen = 0
    private var included: [Int] = []
    private var runs: [Range<Int>] = []  // stretches of `included` holding one candidate's entries
    /// Per run; school and major hold the text's number in order of first appearance until
    /// `finish` ranks them.
    private var keys: [CandidateKey] = []
    private var schools: [String: Int] = [:]
    private var majors: [String: Int] = [:]

    init(scope: Set<String>?) {
        self.scope = scope
    }

    /// Takes in the entries after those already seen; `entries` holds those too, unchanged.
    mutating func extend(with entries: [ScheduleEntry]) {
        included.reserveCapacity(entries.count)
        for index in seen..<entries.count where scope?.contains(entries[index].schoolCode) ?? true {
            if let last = included.last, CandidateKey.same(entries[last], entries[index]) {
                runs[runs.count - 1] = runs[runs.count - 1].lowerBound..<included.count + 1
            } else {
                runs.append(included.count..<included.count + 1)
                let entry = entries[index]
                keys.append(
                    CandidateKey(
                        school: Self.number(entry.schoolCode, in: &schools), major: Self.number(entry.major ?? "", in: &majors),
                        pinyin: entry.pinyin, idNumber: entry.idNumber))
            }
            included.append(index)
        }
        seen = entries.count
    }

    /// The order of everything `extend` took in from `entries`.
    func finish(_ entries: [ScheduleEntry]) -> [Int] {
        // Each candidate's school and major as its rank among the run's (each text hashed once).
        func ranks(_ numbers: [String: Int]) -> [Int] {
            var rank = [Int](repeating: 0, count: numbers.count)
            for (position, (_, number)) in numbers.sorted(by: { $0.key < $1.key }).enumerated() { rank[number] = position }
            return rank
        }
        let schoolRanks = ranks(schools)
        let majorRanks = ranks(majors)
        let keys = keys.map { key in
            var key = key
            key.school = schoolRanks[key.school]
            key.major = majorRanks[key.major]
            return key
        }
        let sorted = runs.indices.sorted { keys[$0] < keys[$1] }
        var order: [Int] = []
        order.reserveCapacity(included.count)
        var position = 0
        while position < sorted.count {
            var end = position + 1
            while end < sorted.count, keys[sorted[end]] == keys[sorted[position]] { end += 1 }
            let start = order.count
            for run in sorted[position..<end] { order += included[runs[run]] }
            if (start + 1..<order.count).contains(where: { !entries[order[$0 - 1]].sessionPrecedes(entries[order[$0]]) }) {
                order[start...].sort { entries[$0].sessionPrecedes(entries[$1]) }
            }
            position = end
        }
        return order
    }

    /// The text's number in order of first appearance.
    private static func number(_ text: String, in numbers: inout [String: Int]) -> Int {
        if let known = numbers[text] { return known }
        numbers[text] = numbers.count
        return numbers.count - 1
    }
}

/// What orders candidates (the scheduling order without the subject), with the school and major as
/// their ranks among the run's schools and majors.
private struct CandidateKey: Comparable, Sendable {
    var school, major: Int
    var pinyin, idNumber: String
    /// The pinyin's first eight bytes as one number (big-endian, zero-padded), when all of it is
    /// ASCII: there byte order is `String`'s order, so two such keys whose prefixes differ are
    /// ordered without comparing strings (string comparisons were most of the sort, which the
    /// seats wait for). Keys with equal prefixes, or other text, compare their strings.
    private var pinyinPrefix: UInt64?

    init(school: Int, major: Int, pinyin: String, idNumber: String) {
        (self.school, self.major, self.pinyin, self.idNumber) = (school, major, pinyin, idNumber)
        if pinyin.utf8.allSatisfy({ $0 < 0x80 }) {
            var prefix: UInt64 = 0
            var shift: UInt64 = 56
            for byte in pinyin.utf8.prefix(8) {
                prefix |= UInt64(byte) << shift
                shift &-= 8
            }
            pinyinPrefix = prefix
        }
    }

    static func < (a: CandidateKey, b: CandidateKey) -> Bool {
        if a.school != b.school { return a.school < b.school }
        if a.major != b.major { return a.major < b.major }
        if let left = a.pinyinPrefix, let right = b.pinyinPrefix, left != right { return left < right }
        return (a.pinyin, a.idNumber) < (b.pinyin, b.idNumber)
    }

    static func == (a: CandidateKey, b: CandidateKey) -> Bool {
        a.school == b.school && a.major == b.major && a.pinyin == b.pinyin && a.idNumber == b.idNumber
    }

    /// Whether two entries sort as the same candidate.
    static func same(_ a: ScheduleEntry, _ b: ScheduleEntry) -> Bool {
        a.idNumber == b.idNumber && a.schoolCode == b.schoolCode && a.pinyin == b.pinyin && (a.major ?? "") == (b.major ?? "")
    }
}

/// Where the entries of one school and session sit: the sites (as indices of the run's site
/// lists), the room type, the session's time.
private struct Route {
    var schoolCode: String
    var session: SessionKey
    var hosts: [String]
    var type: RoomType
    var window: Window?
    var sites: [Int]
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

    init(capacity: Int, taken: TakenSeats) {
        numbers = capacity > taken.upTo ? (taken.upTo + 1...capacity).filter { !taken.others.contains($0) } : []
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
