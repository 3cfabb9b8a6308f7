import Domain
import Foundation
import Testing

@testable import Pipeline

/// The seating rule on hand-made plans: who sits where, who does not and why, and that the
/// same inputs give the same seats while a re-run keeps every seat already given.
@Suite struct SeatingTests {
    static let written = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "W")
    static let practical = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "P")
    static let later = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "L")
    static let day = Date(timeIntervalSince1970: 1_800_000_000)

    static func entry(_ id: String, school: String = "S1", pinyin: String? = nil, session: SessionKey = written, paid: Bool = true)
        -> ScheduleEntry
    {
        ScheduleEntry(
            schoolCode: school, idNumber: id, name: "考生\(id)", pinyin: pinyin ?? "p \(id)", major: "软件技术",
            certificateCode: session.certificateCode, level: session.level, subjectCode: session.subjectCode, paid: paid)
    }

    static func room(_ name: String, site: String = "S1", session: SessionKey = written, type: RoomType = .written, seats: Int)
        -> ExamRoom
    {
        ExamRoom(
            key: RoomKey(planCode: "P1", siteSchoolCode: site, certificateCode: session.certificateCode, name: name), schoolCode: site,
            level: session.level, subjectCode: session.subjectCode, type: type, address: "一号楼", seats: seats, recordID: nil)
    }

    /// `entries` are the subjects without a seat; `held` the valid seats given before, as the
    /// store hands them over (taken numbers, their count, their candidates' sessions).
    static func inputs(
        _ entries: [ScheduleEntry], rooms: [ExamRoom], held: [Seat] = [], tickets: [AdmissionTicket] = [], paymentRequired: Bool = false,
        hosts: [SchoolCertificate: [String]] = [SchoolCertificate(schoolCode: "S1", certificateCode: "C1"): ["S1"]]
    ) -> SchedulingInputs {
        var inputs = SchedulingInputs(
            planCode: "P1", entries: entries, scope: nil, paymentRequired: paymentRequired, hosts: hosts,
            sessions: [
                written: Window(start: day, end: day + 7200), practical: Window(start: day + 3600, end: day + 10_800),
                later: Window(start: day + 86_400, end: day + 93_600),
            ],
            examTypes: [written: .written, practical: .practical, later: .written], rooms: rooms)
        inputs.ticketed = Set(tickets.map(\.idNumber))
        for ticket in tickets { inputs.lastSequence[ticket.schoolCode] = max(inputs.lastSequence[ticket.schoolCode] ?? 0, ticket.sequence) }
        for seat in held {
            inputs.occupied[seat.room, default: TakenSeats(upTo: 0)].others.insert(seat.number)
            inputs.heldSessions[seat.idNumber, default: []].append(seat.session)
        }
        inputs.keptCount = held.count
        return inputs
    }

    /// A plan with the new seats it placed collected, for assertions.
    struct Collected {
        var added: [Seat]
        var newTickets: [AdmissionTicket]
        var unseated: [Unseated]
        var seatedCount: Int
    }

    static func seat(_ inputs: SchedulingInputs) -> Collected {
        var added: [Seat] = []
        let plan = Seating.plan(inputs) { seat, room in
            #expect(inputs.rooms[room].key == seat.room)
            added.append(seat)
        }
        return Collected(added: added, newTickets: plan.newTickets, unseated: plan.unseated, seatedCount: plan.seatedCount)
    }

    @Test func fillsSeatsInOrderAndReportsHowManyAreShort() {
        let plan = SeatingTests.seat(
            SeatingTests.inputs(
                ["3", "1", "4", "2"].map { SeatingTests.entry($0) },
                rooms: [SeatingTests.room("B", seats: 1), SeatingTests.room("A", seats: 2)]))
        #expect(plan.added.map { "\($0.idNumber)@\($0.room.name)\($0.number)" } == ["1@A1", "2@A2", "3@B1"])
        #expect(plan.unseated.map(\.entry.idNumber) == ["4"])
        #expect(plan.unseated.first?.reason == .noSeat)
        #expect(plan.unseated.first?.detail.contains("共缺 1 个座位") == true)
        #expect(plan.newTickets.map(\.number) == ["P1-S1-00001", "P1-S1-00002", "P1-S1-00003"])
    }

    @Test func aSubjectSitsOnlyInARoomOfItsExamType() {
        let plan = SeatingTests.seat(
            SeatingTests.inputs(
                [SeatingTests.entry("1", session: SeatingTests.practical)],
                rooms: [SeatingTests.room("机房", session: SeatingTests.practical, type: .computer, seats: 30)]))
        #expect(plan.added.isEmpty)
        #expect(plan.unseated.map(\.reason) == [.noRoom])
    }

    @Test func aCandidateIsNeverInTwoOverlappingSessions() {
        let entries = [
            SeatingTests.entry("1"), SeatingTests.entry("1", session: SeatingTests.practical),
            SeatingTests.entry("1", session: SeatingTests.later),
        ]
        let rooms = [
            SeatingTests.room("A", seats: 5), SeatingTests.room("实训室", session: SeatingTests.practical, type: .practical, seats: 5),
            SeatingTests.room("C", session: SeatingTests.later, seats: 5),
        ]
        let plan = SeatingTests.seat(SeatingTests.inputs(entries, rooms: rooms))
        // Subjects in code order: L, P, then W, which overlaps P.
        #expect(Set(plan.added.map(\.session.subjectCode)) == ["L", "P"])
        #expect(plan.unseated.map(\.reason) == [.timeConflict])
        #expect(plan.newTickets.count == 1)
    }

    @Test func aBorrowedExamSitsAtTheHostSite() {
        let hosts = [
            SchoolCertificate(schoolCode: "S1", certificateCode: "C1"): ["S1"],
            SchoolCertificate(schoolCode: "S2", certificateCode: "C1"): ["S1"],
        ]
        let plan = SeatingTests.seat(
            SeatingTests.inputs(
                [SeatingTests.entry("9", school: "S2"), SeatingTests.entry("8", school: "S3")], rooms: [SeatingTests.room("A", seats: 5)],
                hosts: hosts))
        #expect(plan.added.map { "\($0.schoolCode)→\($0.room.siteSchoolCode)" } == ["S2→S1"])
        #expect(plan.unseated.map(\.reason) == [.noSite])
        #expect(plan.newTickets.map(\.number) == ["P1-S2-00001"])
    }

    /// A school with its own site and a 借考 allocation fills its own rooms first.
    @Test func anOwnSiteIsFilledBeforeAnAllocatedOne() {
        let hosts = [SchoolCertificate(schoolCode: "S2", certificateCode: "C1"): ["S2", "S1"]]
        let plan = SeatingTests.seat(
            SeatingTests.inputs(
                ["1", "2", "3"].map { SeatingTests.entry($0, school: "S2") },
                rooms: [SeatingTests.room("A", site: "S1", seats: 5), SeatingTests.room("Z", site: "S2", seats: 2)], hosts: hosts))
        #expect(plan.added.map { "\($0.idNumber)@\($0.room.siteSchoolCode)" } == ["1@S2", "2@S2", "3@S1"])
    }

    @Test func unpaidEnrollmentsWaitWhenThePlanRequiresPayment() {
        let entries = [SeatingTests.entry("1", paid: false), SeatingTests.entry("2")]
        let required = SeatingTests.seat(SeatingTests.inputs(entries, rooms: [SeatingTests.room("A", seats: 5)], paymentRequired: true))
        #expect(required.added.map(\.idNumber) == ["2"])
        #expect(required.unseated.map(\.reason) == [.unpaid])
        let optional = SeatingTests.seat(SeatingTests.inputs(entries, rooms: [SeatingTests.room("A", seats: 5)]))
        #expect(optional.added.count == 2)
    }

    @Test func aSubjectWithoutASessionIsReported() {
        let session = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "X")
        let plan = SeatingTests.seat(
            SeatingTests.inputs([SeatingTests.entry("1", session: session)], rooms: [SeatingTests.room("A", seats: 5)]))
        #expect(plan.unseated.map(\.reason) == [.noSession])
    }

    /// The same inputs in any order give the same seats and tickets.
    @Test func theSameInputsGiveTheSameSchedule() {
        let entries = (1...40).map { SeatingTests.entry(String(format: "%03d", $0), pinyin: "p\($0 % 7)") }
        let rooms = [SeatingTests.room("A", seats: 15), SeatingTests.room("B", seats: 15)]
        let first = SeatingTests.seat(SeatingTests.inputs(entries, rooms: rooms))
        var generator = SeededRandom(seed: 3)
        let second = SeatingTests.seat(SeatingTests.inputs(entries.shuffled(using: &generator), rooms: rooms.reversed()))
        #expect(first.added == second.added)
        #expect(first.newTickets == second.newTickets)
        #expect(first.unseated.map(\.entry) == second.unseated.map(\.entry))
    }

    /// The scheduling order (README) of two entries: school, major, name pinyin, ID number, then
    /// the subject.
    static func precedes(_ a: ScheduleEntry, _ b: ScheduleEntry) -> Bool {
        if a.schoolCode != b.schoolCode { return a.schoolCode < b.schoolCode }
        if (a.major ?? "") != (b.major ?? "") { return (a.major ?? "") < (b.major ?? "") }
        if a.pinyin != b.pinyin { return a.pinyin < b.pinyin }
        if a.idNumber != b.idNumber { return a.idNumber < b.idNumber }
        return a.session < b.session
    }

    /// The ordering that sorts candidates rather than entries gives exactly the order of
    /// `precedes`, in key order or shuffled, across schools, majors (one missing, one candidate
    /// with two), a school left out of scope, and pinyin told apart only after eight bytes, not
    /// ASCII (composed or with a combining mark, which `String` orders as its composed form), or
    /// empty.
    @Test func candidatesAreOrderedAsEveryEntryWouldBe() {
        let sessions = [SeatingTests.written, SeatingTests.practical, SeatingTests.later]
        let pinyins = [
            "p0", "p1", "zhang weiming", "zhang weimin", "zhang wei", "lü wei", "lv wei", "e\u{301}r", "\u{e9}r", "er", "", "Zhang",
        ]
        var generator = SeededRandom(seed: 11)
        var entries: [ScheduleEntry] = []
        for candidate in 0..<60 {
            let school = ["S1", "S2", "S3"][candidate % 3]
            let major = [nil, "软件技术", "大数据技术", ""][generator.next(4)]
            for session in sessions.shuffled(using: &generator).prefix(1 + generator.next(3)) {
                var entry = SeatingTests.entry(
                    String(format: "%03d", candidate), school: school, pinyin: pinyins[generator.next(pinyins.count)], session: session)
                entry.major = candidate == 7 && session == SeatingTests.later ? "另一专业" : major
                entries.append(entry)
            }
        }
        entries.sort { ($0.schoolCode, $0.idNumber, $0.session) < ($1.schoolCode, $1.idNumber, $1.session) }
        for input in [entries, entries.shuffled(using: &generator)] {
            for scope in [nil, Set(["S1", "S3"])] as [Set<String>?] {
                let expected = input.indices.filter { scope?.contains(input[$0].schoolCode) ?? true }
                    .sorted { SeatingTests.precedes(input[$0], input[$1]) }
                #expect(Seating.schedulingOrder(input, scope: scope).map { input[$0] } == expected.map { input[$0] })
            }
        }
    }

    /// The order worked out batch by batch, cut anywhere (inside a candidate's subjects too),
    /// is the order worked out at once, with a school out of scope or none.
    @Test func anOrderExtendedInBatchesIsTheOrderWorkedOutAtOnce() {
        var generator = SeededRandom(seed: 23)
        var entries: [ScheduleEntry] = []
        for candidate in 0..<200 {
            for session in [SeatingTests.written, SeatingTests.later, SeatingTests.practical].prefix(1 + generator.next(3)) {
                var entry = SeatingTests.entry(
                    String(format: "%03d", candidate), school: ["S1", "S2", "S3"][candidate % 3], pinyin: "p\(generator.next(20))",
                    session: session)
                entry.major = [nil, "软件技术", "大数据技术"][generator.next(3)]
                entries.append(entry)
            }
        }
        for scope in [nil, Set(["S1", "S3"])] as [Set<String>?] {
            for _ in 0..<5 {
                var order = SchedulingOrder(scope: scope)
                var end = 0
                while end < entries.count {
                    end = min(entries.count, end + 1 + generator.next(40))
                    order.extend(with: Array(entries[..<end]))
                }
                #expect(order.finish(entries) == Seating.schedulingOrder(entries, scope: scope))
            }
        }
    }

    /// Tickets go, per school, to the candidates given a seat, in the order in which each first
    /// appears in the scheduling order, also when a candidate's subjects are apart in it (its
    /// major differs between them) and only a later stretch got the seat.
    @Test func ticketsFollowEachCandidatesFirstPlaceInTheOrder() {
        var entries: [ScheduleEntry] = []
        for candidate in 0..<10 {
            let id = String(format: "%03d", candidate)
            var written = SeatingTests.entry(id, session: SeatingTests.written)
            // 另一专业 sorts before 软件技术: candidate 005's written subject comes first, unseated.
            if candidate == 5 { written.major = "另一专业" }
            entries += [written, SeatingTests.entry(id, session: SeatingTests.later)]
        }
        let rooms = [SeatingTests.room("L", session: SeatingTests.later, seats: 40)]
        let plan = SeatingTests.seat(SeatingTests.inputs(entries, rooms: rooms))
        #expect(plan.added.count == 10 && plan.unseated.count == 10)
        let ids = ["005"] + (0..<10).filter { $0 != 5 }.map { String(format: "%03d", $0) }
        #expect(plan.newTickets.map(\.idNumber) == ids)
        #expect(plan.newTickets.map(\.sequence) == Array(1...10))
    }

    /// Deciding on its own thread hands every seat over, in order, and a store failure part way
    /// stops the run with that error (the decider is stopped too: nothing hangs).
    @Test func seatsDecidedOnTheirOwnThreadArriveInOrderAndAFailureStopsTheRun() throws {
        let entries = (1...5000).map { SeatingTests.entry(String(format: "%05d", $0)) }
        let rooms = (1...130).map { SeatingTests.room(String(format: "R%03d", $0), seats: 40) }
        let inputs = SeatingTests.inputs(entries, rooms: rooms)
        var threaded: [Seat] = []
        let plan = try ScheduleJob.decideAndPlace(inputs, prepare: { seat, _ in seat }) { threaded.append($0) }
        #expect(threaded == SeatingTests.seat(inputs).added)
        #expect(plan.addedCount == 5000 && plan.newTickets.count == 5000)

        struct DiskFull: Error {}
        var placed = 0
        #expect(throws: DiskFull.self) {
            _ = try ScheduleJob.decideAndPlace(inputs, prepare: { seat, _ in seat }) { _ in
                placed += 1
                if placed == 3000 { throw DiskFull() }
            }
        }
        #expect(placed == 3000)
    }

    /// After new enrollments, a deleted one and a new room, every seat given stays where it was;
    /// the deleted enrollment's seat goes to a newcomer; tickets are never renumbered.
    @Test func aRerunKeepsEverySeatAlreadyGiven() {
        let rooms = [SeatingTests.room("A", seats: 3)]
        let entries = ["1", "2", "3"].map { SeatingTests.entry($0) }
        let first = SeatingTests.seat(SeatingTests.inputs(entries, rooms: rooms))
        let tickets = first.newTickets
        // The store withdrew 2's seat (its enrollment is gone); 1 and 3 keep theirs; 0 and 4 are new.
        let held = first.added.filter { $0.idNumber != "2" }
        let second = SeatingTests.seat(
            SeatingTests.inputs(
                ["0", "4"].map { SeatingTests.entry($0) }, rooms: rooms + [SeatingTests.room("B", seats: 3)], held: held, tickets: tickets))
        #expect(second.added.map { "\($0.idNumber)@\($0.room.name)\($0.number)" } == ["0@A2", "4@B1"])
        #expect(second.newTickets.map(\.number) == ["P1-S1-00004", "P1-S1-00005"])
        #expect(second.seatedCount == 4)
        #expect(second.unseated.isEmpty)
    }

    /// A subject seated by an earlier run (or the organization's import) counts against an
    /// overlapping one seated now.
    @Test func aSeatHeldFromBeforeBlocksAnOverlappingSession() {
        let earlier = Seat(
            room: SeatingTests.room("A", seats: 5).key, number: 1, schoolCode: "S1", idNumber: "1", session: SeatingTests.written)
        let plan = SeatingTests.seat(
            SeatingTests.inputs(
                [SeatingTests.entry("1", session: SeatingTests.practical), SeatingTests.entry("1", session: SeatingTests.later)],
                rooms: [
                    SeatingTests.room("A", seats: 5), SeatingTests.room("实训室", session: SeatingTests.practical, type: .practical, seats: 5),
                    SeatingTests.room("C", session: SeatingTests.later, seats: 5),
                ],
                held: [earlier]))
        #expect(plan.unseated.map(\.reason) == [.timeConflict])
        #expect(plan.unseated.first?.detail.contains("W") == true)
        #expect(plan.added.map(\.session.subjectCode) == ["L"])
        #expect(plan.added.first?.number == 1)
    }

    @Test func enrollmentStatusFollowsTheClock() {
        let window = Window(start: SeatingTests.day, end: SeatingTests.day + 7200)
        #expect(EnrollmentExamStatus.at(SeatingTests.day, seated: false, session: window) == .unscheduled)
        #expect(EnrollmentExamStatus.at(SeatingTests.day - 1, seated: true, session: window) == .awaiting)
        #expect(EnrollmentExamStatus.at(SeatingTests.day, seated: true, session: window) == .inProgress)
        #expect(EnrollmentExamStatus.at(SeatingTests.day + 7199, seated: true, session: window) == .inProgress)
        #expect(EnrollmentExamStatus.at(SeatingTests.day + 7200, seated: true, session: window) == .finished)
    }
}
