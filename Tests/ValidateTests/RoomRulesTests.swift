import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// Plans, sites and rooms with fixed contents; rooms can be added as a store would.
final class MemoryRoomDirectory: RoomDirectory {
    static func date(_ text: String) -> Date { Clock.parse(text)?.now ?? Date(timeIntervalSince1970: 0) }
    static let schedulingStart = date("2026-12-21T00:00:00+08:00")
    static let schedulingEnd = date("2027-01-05T23:59:00+08:00")

    static func plan(_ code: String, schools: [String], certificates: [String]) -> ExamPlan {
        let window = Window(start: schedulingStart, end: schedulingEnd)
        return ExamPlan(
            code: code, name: "计划" + code, organizationCode: "ORG1", certificateCodes: certificates, schoolCodes: schools,
            mode: .byCertificate, registration: Window(start: date("2026-09-01"), end: date("2026-12-20")), scheduling: window,
            scoreRegistration: Window(start: date("2027-01-16"), end: date("2027-01-31")), publicityEnd: date("2027-02-15"),
            feePerCertificate: 300, feePerSubject: nil)
    }

    var plans = [
        "P1": MemoryRoomDirectory.plan("P1", schools: ["S1", "S2"], certificates: ["C1", "C2"]),
        "P2": MemoryRoomDirectory.plan("P2", schools: ["S2"], certificates: ["C1"]),
    ]
    let certificates = ["C1": "Web前端开发", "C2": "大数据应用开发", "C3": "云计算"]
    let subjectList = [
        Subject(
            certificateCode: "C1", level: .intermediate, code: "T1", name: "理论知识", examType: .computer, audience: "所有考生", fullMarks: 100,
            passMark: 60),
        Subject(
            certificateCode: "C1", level: .intermediate, code: "K1", name: "实操技能", examType: .practical, audience: "所有考生", fullMarks: 100,
            passMark: 60),
        Subject(
            certificateCode: "C1", level: .junior, code: "X1", name: "综合", examType: .written, audience: "所有考生", fullMarks: 100,
            passMark: 60),
        Subject(
            certificateCode: "C1", level: .intermediate, code: "X1", name: "综合", examType: .written, audience: "所有考生", fullMarks: 100,
            passMark: 60),
        Subject(
            certificateCode: "C2", level: .junior, code: "B1", name: "理论知识", examType: .computer, audience: "所有考生", fullMarks: 100,
            passMark: 60),
    ]
    var sites: [SiteEntry] = [
        MemoryRoomDirectory.site("S1", "C1", "甲学院Web前端开发考核站点", .approved),
        MemoryRoomDirectory.site("S1", "C2", "甲学院大数据应用开发考核站点", .pendingReview),
        MemoryRoomDirectory.site("S2", "C2", "乙学院大数据应用开发考核站点", .approved),
        MemoryRoomDirectory.site("S3", "C1", "丙学院Web前端开发考核站点", .approved),
    ]
    let allocations = ["P1/S1/C2": "S2"]
    var rooms: [RoomKey: ExamRoom] = [:]

    static func site(_ school: String, _ certificate: String, _ name: String, _ status: SiteStatus) -> SiteEntry {
        SiteEntry(
            site: AssessmentSite(schoolCode: school, certificateCode: certificate, name: name, address: "某路1号", status: status),
            contact: nil, phone: nil, returnReason: nil, recordID: nil)
    }

    func plan(code: String) -> ExamPlan? { plans[code] }
    func certificate(reference: String) -> (code: String, name: String)? {
        if let name = certificates[reference] { return (reference, name) }
        return certificates.first { $0.value == reference }.map { ($0.key, $0.value) }
    }
    func subjects(certificateCode: String, reference: String) -> [Subject] {
        subjectList.filter { $0.certificateCode == certificateCode && ($0.code == reference || $0.name == reference) }
    }
    func site(reference: String, certificateCode: String) -> SiteEntry? {
        sites.first { $0.site.certificateCode == certificateCode && ($0.site.name == reference || $0.site.schoolCode == reference) }
    }
    func allocationHost(planCode: String, schoolCode: String, certificateCode: String) -> String? {
        allocations["\(planCode)/\(schoolCode)/\(certificateCode)"]
    }
    func room(_ key: RoomKey) -> ExamRoom? { rooms[key] }
}

@Suite struct RoomRulesTests {
    static let before = Clock(now: MemoryRoomDirectory.schedulingStart.addingTimeInterval(-1))
    static let start = Clock(now: MemoryRoomDirectory.schedulingStart)
    static let end = Clock(now: MemoryRoomDirectory.schedulingEnd)
    static let after = Clock(now: MemoryRoomDirectory.schedulingEnd.addingTimeInterval(1))

    /// A valid row, with overrides by column position ("" clears the cell).
    static func row(_ overrides: [Int: String] = [:], number: Int = 3) -> RowCells {
        var values = ["P1", "甲学院Web前端开发考核站点", "C1", "T1", "101", "信息楼 3 层 301", "40", ""]
        for (position, value) in overrides { values[position] = value }
        return RowCells(row: number, values: values.map { $0.isEmpty ? nil : CellValue(type: .string, text: $0) })
    }

    static func rules(_ directory: MemoryRoomDirectory, clock: Clock = before, school: String = "S1") -> RoomRules {
        RoomRules(schoolCode: school, recordID: "R2", clock: clock, directory: directory)
    }

    static func directoryWithRooms() -> MemoryRoomDirectory {
        let directory = MemoryRoomDirectory()
        let mine = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "101")
        directory.rooms[mine] = ExamRoom(
            key: mine, schoolCode: "S1", level: .intermediate, subjectCode: "T1", type: .computer, address: "信息楼 3 层 301", seats: 40,
            recordID: "R1")
        let sameFile = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "102")
        directory.rooms[sameFile] = ExamRoom(
            key: sameFile, schoolCode: "S1", level: .intermediate, subjectCode: "T1", type: .computer, address: "某处", seats: 30,
            recordID: "R2")
        let others = RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "103")
        directory.rooms[others] = ExamRoom(
            key: others, schoolCode: "S2", level: .intermediate, subjectCode: "T1", type: .computer, address: "某处", seats: 30,
            recordID: "R0")
        return directory
    }

    /// Every rule of the rooms row: a failing row and its code (empty: the row is valid).
    @Test(arguments: [
        ([:], [String]()),
        ([0: ""], ["required"]),
        ([0: "P9"], ["plan.not-found"]),
        ([0: "P2"], ["school.not-in-plan"]),
        ([2: "C9"], ["reference.not-found"]),
        ([2: "C3"], ["certificate.not-in-plan"]),
        ([2: "Web前端开发"], []),
        ([1: "丙学院Web前端开发考核站点"], ["site.invalid"]),
        ([1: "S3"], ["site.invalid"]),
        ([1: "无此站点"], ["site.invalid"]),
        ([1: "S1", 2: "C2", 3: "B1"], ["site.invalid"]),
        ([1: "乙学院大数据应用开发考核站点", 2: "C2", 3: "B1"], []),
        ([1: "S2", 2: "C2", 3: "B1"], []),
        ([3: "T9"], ["reference.not-found"]),
        ([3: "X1"], ["value.format"]),
        ([3: "X1", 7: "初级"], []),
        ([7: "特级"], ["enum.invalid"]),
        ([3: "X1", 7: "特级"], ["enum.invalid", "value.format"]),
        ([4: ""], ["required"]),
        ([4: String(repeating: "室", count: 51)], ["text.too-long"]),
        ([5: ""], ["required"]),
        ([6: ""], ["required"]),
        ([6: "0"], ["room.seats"]),
        ([6: "501"], ["room.seats"]),
        ([6: "1"], []),
        ([6: "500"], []),
        ([6: "４０"], []),
        ([6: "12.5"], ["room.seats"]),
        ([6: "三十"], ["room.seats"]),
        ([4: "102"], ["room.duplicate"]),
        ([4: "103"], ["room.duplicate"]),
        ([0: "P9", 6: "0"], ["plan.not-found", "room.seats"]),
    ])
    func everyRule(overrides: [Int: String], expected: [String]) throws {
        var rules = RoomRulesTests.rules(RoomRulesTests.directoryWithRooms())
        let verdict = try rules.validate(RoomRulesTests.row(overrides))
        #expect(failureCodes(verdict.failures) == expected)
        #expect((verdict.value != nil) == expected.isEmpty)
        #expect(verdict.failures.allSatisfy { $0.row == 3 && !$0.column.isEmpty })
    }

    @Test func roomTypeComesFromTheSubjectsExamType() throws {
        var rules = RoomRulesTests.rules(MemoryRoomDirectory())
        #expect(try rules.validate(RoomRulesTests.row()).value?.room.type == .computer)
        #expect(try rules.validate(RoomRulesTests.row([3: "实操技能"])).value?.room.type == .practical)
        let written = try rules.validate(RoomRulesTests.row([3: "X1", 7: "中级"])).value?.room
        #expect(written?.type == .written)
        #expect(written?.level == .intermediate)
    }

    @Test func borrowedSiteRoomsBelongToTheHostSite() throws {
        var rules = RoomRulesTests.rules(MemoryRoomDirectory())
        let room = try #require(try rules.validate(RoomRulesTests.row([1: "S2", 2: "C2", 3: "B1"])).value?.room)
        #expect(room.key.siteSchoolCode == "S2")
        #expect(room.schoolCode == "S1")
    }

    @Test func roomStatusFollowsTheSchedulingWindowBothSidesOfEachBoundary() {
        let window = Window(start: MemoryRoomDirectory.schedulingStart, end: MemoryRoomDirectory.schedulingEnd)
        #expect(RoomStatus.at(RoomRulesTests.before.now, scheduling: window) == .unscheduled)
        #expect(RoomStatus.at(RoomRulesTests.start.now, scheduling: window) == .scheduling)
        #expect(RoomStatus.at(RoomRulesTests.end.now, scheduling: window) == .scheduling)
        #expect(RoomStatus.at(RoomRulesTests.after.now, scheduling: window) == .ended)
    }

    /// Changing room 101 (40 seats, T1, 信息楼 3 层 301) at each side of each boundary.
    @Test(arguments: [
        (before, [6: "20"], [String]()),
        (before, [5: "新地址"], []),
        (start, [6: "20"], ["room.seats"]),
        (start, [6: "40"], []),
        (start, [6: "60"], []),
        (start, [5: "新地址"], ["room.locked"]),
        (start, [3: "实操技能"], ["room.locked"]),
        (start, [4: "新考场"], []),
        (end, [6: "39"], ["room.seats"]),
        (end, [6: "41"], []),
        (end, [5: "新地址", 6: "30"], ["room.seats", "room.locked"]),
        (after, [6: "41"], ["plan.closed"]),
        (after, [6: "40"], ["plan.closed"]),
        (after, [4: "新考场"], ["plan.closed"]),
    ])
    func clockRules(clock: Clock, overrides: [Int: String], expected: [String]) throws {
        var rules = RoomRulesTests.rules(RoomRulesTests.directoryWithRooms(), clock: clock)
        let verdict = try rules.validate(RoomRulesTests.row(overrides))
        #expect(failureCodes(verdict.failures) == expected)
    }

    @Test(arguments: [(before, String?.none), (start, "room.locked"), (end, "room.locked"), (after, "plan.closed")])
    func deletionOnlyBeforeScheduling(clock: Clock, expected: String?) throws {
        let directory = RoomRulesTests.directoryWithRooms()
        let plan = try #require(directory.plans["P1"])
        let room = try #require(directory.rooms.values.first { $0.key.name == "101" })
        #expect(RoomRules.deletionProblem(room, plan: plan, now: clock.now)?.code.rawValue == expected)
    }
}

/// The manual's site status machine: every action from every status, legal or not.
@Suite struct SiteStatusMachineTests {
    @Test(arguments: [
        (SiteAction.edit, SiteStatus.notSubmitted, SiteStatus?.some(.notSubmitted)),
        (.edit, .pendingReview, nil), (.edit, .returned, .returned), (.edit, .approved, nil),
        (.submit, .notSubmitted, .pendingReview), (.submit, .pendingReview, nil), (.submit, .returned, .pendingReview),
        (.submit, .approved, nil),
        (.withdraw, .notSubmitted, nil), (.withdraw, .pendingReview, .notSubmitted), (.withdraw, .returned, nil),
        (.withdraw, .approved, nil),
        (.approve, .notSubmitted, nil), (.approve, .pendingReview, .approved), (.approve, .returned, nil), (.approve, .approved, nil),
        (.returnForRevision, .notSubmitted, nil), (.returnForRevision, .pendingReview, .returned), (.returnForRevision, .returned, nil),
        (.returnForRevision, .approved, nil),
        (.delete, .notSubmitted, .notSubmitted), (.delete, .pendingReview, nil), (.delete, .returned, .returned), (.delete, .approved, nil),
    ])
    func transition(action: SiteAction, from: SiteStatus, to: SiteStatus?) {
        #expect(action.next(from: from) == to)
        if to == nil { #expect(action.refusal(in: from).contains(from.label)) }
    }

    @Test func everyPairIsCovered() {
        #expect(SiteAction.allCases.count * SiteStatus.allCases.count == 24)
    }
}

/// The site rules of one row for school S1 (甲学院).
@Suite struct SiteRulesTests {
    struct Directory: SiteDirectory {
        var sites: [String: SiteEntry] = [:]
        func certificate(reference: String) -> (code: String, name: String)? {
            ["C1": "Web前端开发", "C2": "大数据应用开发"].first { $0.key == reference || $0.value == reference }.map { ($0.key, $0.value) }
        }
        func site(schoolCode: String, certificateCode: String) -> SiteEntry? { sites[schoolCode + "/" + certificateCode] }
    }

    static func row(_ values: [String]) -> RowCells {
        RowCells(row: 3, values: values.map { $0.isEmpty ? nil : CellValue(type: .string, text: $0) })
    }

    @Test(arguments: [
        (["C1", "某路1号", "", "", ""], [String]()),
        (["Web前端开发", "某路1号", "王老师", "0371-66668888", "是"], []),
        (["", "某路1号", "", "", ""], ["required"]),
        (["C9", "某路1号", "", "", ""], ["reference.not-found"]),
        (["C1", "", "", "", ""], ["required"]),
        (["C1", "某路1号", "", "12345", ""], ["phone.format"]),
        (["C1", "某路1号", "", "", "也许"], ["enum.invalid"]),
        (["C2", "某路1号", "", "", ""], ["site.locked"]),
    ])
    func everyRule(values: [String], expected: [String]) throws {
        var directory = Directory()
        directory.sites["S1/C2"] = MemoryRoomDirectory.site("S1", "C2", "x", .approved)
        let rules = SiteRules(schoolCode: "S1", schoolName: "甲学院", recordID: "R1", directory: directory)
        let verdict = try rules.validate(SiteRulesTests.row(values))
        #expect(failureCodes(verdict.failures) == expected)
    }

    @Test func nameIsGeneratedAndSubmitMovesToPendingReview() throws {
        let rules = SiteRules(schoolCode: "S1", schoolName: "甲学院", recordID: "R1", directory: Directory())
        let draft = try #require(try rules.validate(SiteRulesTests.row(["C1", "某路1号", "", "", ""])).value)
        #expect(draft.entry.site.name == "甲学院Web前端开发考核站点")
        #expect(draft.entry.site.status == .notSubmitted)
        #expect(draft.isNew)
        let submitted = try #require(try rules.validate(SiteRulesTests.row(["C1", "某路1号", "", "", "是"])).value)
        #expect(submitted.entry.site.status == .pendingReview)
    }

    @Test func aReturnedSiteMayBeEditedButAPendingOneNot() throws {
        var directory = Directory()
        directory.sites["S1/C1"] = MemoryRoomDirectory.site("S1", "C1", "x", .returned)
        directory.sites["S1/C2"] = MemoryRoomDirectory.site("S1", "C2", "x", .pendingReview)
        let rules = SiteRules(schoolCode: "S1", schoolName: "甲学院", recordID: "R1", directory: directory)
        let edited = try #require(try rules.validate(SiteRulesTests.row(["C1", "新地址", "", "", ""])).value)
        #expect(edited.entry.site.status == .returned)
        #expect(!edited.isNew)
        #expect(failureCodes(try rules.validate(SiteRulesTests.row(["C2", "新地址", "", "", ""])).failures) == ["site.locked"])
        directory.sites["S1/C1"]?.recordID = "R1"
        let again = SiteRules(schoolCode: "S1", schoolName: "甲学院", recordID: "R1", directory: directory)
        #expect(failureCodes(try again.validate(SiteRulesTests.row(["C1", "新地址", "", "", ""])).failures) == ["duplicate.in-file"])
    }
}
