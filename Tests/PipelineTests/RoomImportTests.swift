import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

/// The 考场 import, `rooms copy` / `rooms delete` and the rooms, schools and organizations
/// exports, on the sample catalog: plan P2026-01 schedules 2026-12-21 00:00 – 2027-01-05 23:59
/// (China time); S4101001 has an approved C-WEB site and borrows S4401002's C-BDA site (借考).
@Suite struct RoomImportTests {
    static let header = ["*考试计划编号", "*考核站点", "*证书", "*科目", "*考场名称", "*考场地址", "*座位数", "等级"]
    static let school = "S4101001"
    static let ownSite = "郑州职业技术学院Web 前端开发考核站点"

    static func clock(_ text: String) -> Clock { Clock.parse(text) ?? TestRoot.clock }
    static let beforeStart = clock("2026-12-20T23:59:59+08:00")
    static let start = clock("2026-12-21T00:00:00+08:00")
    static let end = clock("2027-01-05T23:59:00+08:00")
    static let afterEnd = clock("2027-01-05T23:59:01+08:00")

    static func row(_ name: String = "101", seats: String = "#40", address: String = "信息楼101", plan: String = "P2026-01") -> [String] {
        [plan, ownSite, "C-WEB", "WEB-T", name, address, seats, ""]
    }

    /// The sample root plus plans: P-OTHER (without S4101001), P2027-01 (C-WEB only), P2027-02
    /// (both certificates, no 借考) and P2025-02 (scheduling long over).
    func root() throws -> TestRoot {
        let test = try TestRoot()
        let store = try test.store()
        let date = { (text: String) in RoomImportTests.clock(text).now }
        func plan(_ code: String, schools: [String], certificates: [String], scheduling: (String, String)) throws {
            try store.upsert(
                ExamPlan(
                    code: code, name: "计划" + code, organizationCode: "ORG001", certificateCodes: certificates, schoolCodes: schools,
                    mode: .byCertificate, registration: Window(start: date("2025-01-01"), end: date(scheduling.0)),
                    scheduling: Window(start: date(scheduling.0), end: date(scheduling.1)),
                    scoreRegistration: Window(start: date(scheduling.1), end: date("2028-01-01")), publicityEnd: date("2028-02-01"),
                    feePerCertificate: 300, feePerSubject: nil))
        }
        try plan("P-OTHER", schools: ["S4401002"], certificates: ["C-WEB"], scheduling: ("2027-03-01", "2027-03-10"))
        try plan("P2027-01", schools: ["S4101001", "S4401002"], certificates: ["C-WEB"], scheduling: ("2027-06-01", "2027-06-10"))
        try plan("P2027-02", schools: ["S4101001"], certificates: ["C-WEB", "C-BDA"], scheduling: ("2027-06-01", "2027-06-10"))
        try plan("P2025-02", schools: ["S4101001"], certificates: ["C-WEB"], scheduling: ("2025-06-01", "2025-06-10"))
        return test
    }

    @discardableResult
    func importRooms(_ test: TestRoot, _ rows: [[String]], clock: Clock = TestRoot.clock, school: String = school) throws -> ImportOutcome {
        let file = try test.workbook("rooms-\(UUID().uuidString).xlsx", rows: rows, header: RoomImportTests.header)
        let request = ImportRequest(kind: "rooms", file: file, tenant: school, operatorName: "test", clock: clock, dryRun: false)
        return try Imports.rooms(request, root: test.root, schoolCode: school)
    }

    func failuresByRow(_ test: TestRoot, _ outcome: ImportOutcome) throws -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        try test.store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if !warning { result[failure.row, default: []].append(failure.code.rawValue) }
        }
        return result
    }

    func room(_ test: TestRoot, _ name: String, plan: String = "P2026-01", site: String = school, certificate: String = "C-WEB") throws
        -> ExamRoom?
    {
        try SiteRoomStore(try test.store()).room(RoomKey(planCode: plan, siteSchoolCode: site, certificateCode: certificate, name: name))
    }

    /// Every rule of the rooms row: each failing row and its code.
    @Test func everyRuleHasAFailingRowWithItsCode() throws {
        let test = try root()
        let rows: [(row: [String], codes: [String])] = [
            (RoomImportTests.row(), []),
            (["P2026-01", "S4101001", "Web 前端开发", "实操技能", "实训室A", "实训楼A", "30", ""], []),
            (["P2026-01", "S4401002", "C-BDA", "BDA-T", "201", "深圳实训楼201", "50", "初级"], []),
            (["P9999", RoomImportTests.ownSite, "C-WEB", "WEB-T", "102", "某处", "30", ""], ["plan.not-found"]),
            (["P-OTHER", RoomImportTests.ownSite, "C-WEB", "WEB-T", "102", "某处", "30", ""], ["school.not-in-plan"]),
            (["P2026-01", RoomImportTests.ownSite, "C-NONE", "WEB-T", "102", "某处", "30", ""], ["reference.not-found"]),
            (["P2027-01", "S4401002", "C-BDA", "BDA-T", "102", "某处", "30", ""], ["certificate.not-in-plan"]),
            (["P2026-01", "S4401002", "C-WEB", "WEB-T", "102", "某处", "30", ""], ["site.invalid"]),
            (["P2026-01", "无此站点", "C-WEB", "WEB-T", "102", "某处", "30", ""], ["site.invalid"]),
            (["P2026-01", RoomImportTests.ownSite, "C-WEB", "NOPE", "102", "某处", "30", ""], ["reference.not-found"]),
            (["P2026-01", RoomImportTests.ownSite, "C-WEB", "WEB-T", "102", "某处", "30", "特级"], ["enum.invalid"]),
            (RoomImportTests.row("103", seats: "0"), ["room.seats"]),
            (RoomImportTests.row("104", seats: "501"), ["room.seats"]),
            (RoomImportTests.row("105", seats: "二十"), ["room.seats"]),
            (RoomImportTests.row(seats: "45"), ["room.duplicate"]),
            (RoomImportTests.row(""), ["required"]),
            (RoomImportTests.row("106", address: ""), ["required"]),
            (RoomImportTests.row("107", seats: "#500"), []),
        ]
        let outcome = try importRooms(test, rows.map(\.row))
        #expect(outcome.record.total == rows.count)
        #expect(outcome.record.succeeded == rows.filter(\.codes.isEmpty).count)
        let failures = try failuresByRow(test, outcome)
        for (index, expected) in rows.enumerated() {
            #expect(failures[index + 3] ?? [] == expected.codes, "row \(index + 3)")
        }
        let first = try #require(try room(test, "101"))
        #expect(first.seats == 40)  // the duplicate later in the file changed nothing
        #expect(first.type == .computer)
        #expect(first.level == .intermediate)
        #expect(try room(test, "实训室A")?.type == .practical)
        let borrowed = try #require(try room(test, "201", site: "S4401002", certificate: "C-BDA"))
        #expect(borrowed.schoolCode == RoomImportTests.school)
        #expect(try room(test, "107")?.seats == 500)
        let failedRows = try readRows(try #require(outcome.failedRowsPath))
        #expect(failedRows.count == 1 + rows.filter { !$0.codes.isEmpty }.count)
    }

    /// Re-importing room 101 (40 seats at 信息楼101) on both sides of each window boundary:
    /// the failure codes, and the seats stored afterwards.
    @Test(arguments: [
        (beforeStart, "20", "信息楼101", [String](), 20),
        (beforeStart, "40", "新地址", [], 40),
        (start, "20", "信息楼101", ["room.seats"], 40),
        (start, "40", "信息楼101", [], 40),
        (start, "60", "信息楼101", [], 60),
        (start, "60", "新地址", ["room.locked"], 40),
        (end, "39", "信息楼101", ["room.seats"], 40),
        (end, "41", "信息楼101", [], 41),
        (afterEnd, "41", "信息楼101", ["plan.closed"], 40),
        (afterEnd, "40", "信息楼101", ["plan.closed"], 40),
    ])
    func reimportFollowsTheClock(clock: Clock, seats: String, address: String, expected: [String], stored: Int) throws {
        let test = try root()
        try importRooms(test, [RoomImportTests.row()])
        let outcome = try importRooms(test, [RoomImportTests.row(seats: seats, address: address)], clock: clock)
        #expect(try failuresByRow(test, outcome)[3] ?? [] == expected)
        let after = try #require(try room(test, "101"))
        #expect(after.seats == stored)
        #expect(after.address == (expected.isEmpty ? address : "信息楼101"))
    }

    @Test(arguments: [(beforeStart, [String]()), (start, []), (end, []), (afterEnd, ["plan.closed"])])
    func aNewRoomMayBeAddedUntilSchedulingEnds(clock: Clock, expected: [String]) throws {
        let test = try root()
        let outcome = try importRooms(test, [RoomImportTests.row("新考场")], clock: clock)
        #expect(try failuresByRow(test, outcome)[3] ?? [] == expected)
        #expect((try room(test, "新考场") != nil) == expected.isEmpty)
    }

    @Test func anotherSchoolCannotTakeOrChangeARoomName() throws {
        let test = try root()
        try importRooms(test, [["P2026-01", "S4401002", "C-BDA", "BDA-T", "201", "深圳实训楼201", "50", ""]])
        let outcome = try importRooms(
            test, [["P2026-01", "S4401002", "C-BDA", "BDA-T", "201", "另一个地址", "60", ""]], school: "S4401002")
        #expect(try failuresByRow(test, outcome)[3] == ["room.duplicate"])
        #expect(try room(test, "201", site: "S4401002", certificate: "C-BDA")?.seats == 50)
    }

    func seedRooms(_ test: TestRoot) throws {
        let outcome = try importRooms(
            test,
            [
                RoomImportTests.row(), ["P2026-01", "S4101001", "C-WEB", "WEB-P", "实训室A", "实训楼A", "30", ""],
                ["P2026-01", "S4401002", "C-BDA", "BDA-T", "201", "深圳实训楼201", "50", ""],
            ])
        #expect(outcome.record.succeeded == 3)
    }

    @Test func copyReusesRoomsAndSkipsWhatTheTargetRefuses() throws {
        let test = try root()
        try seedRooms(test)
        let first = try RoomCommands.copy(
            root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: "P2027-01", clock: TestRoot.clock)
        #expect(first.changed == 2)
        #expect(first.refusals.map(\.code.rawValue) == ["certificate.not-in-plan"])
        #expect(first.refusals.first?.value == "201")
        let copied = try #require(try room(test, "实训室A", plan: "P2027-01"))
        #expect(copied.seats == 30)
        #expect(copied.type == .practical)
        #expect(copied.address == "实训楼A")

        let again = try RoomCommands.copy(
            root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: "P2027-01", clock: TestRoot.clock)
        #expect(again.changed == 0)
        #expect(again.refusals.map(\.code.rawValue) == ["room.duplicate", "room.duplicate", "certificate.not-in-plan"])

        let noAllocation = try RoomCommands.copy(
            root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: "P2027-02", clock: TestRoot.clock)
        #expect(noAllocation.changed == 2)
        #expect(noAllocation.refusals.map(\.code.rawValue) == ["site.invalid"])
    }

    @Test(arguments: [
        ("P2025-02", TestRoot.clock, KaowuError.Code.planClosed),
        ("P2027-01", clock("2027-06-10T00:00:01+08:00"), KaowuError.Code.planClosed),
        ("P-OTHER", TestRoot.clock, KaowuError.Code.schoolNotInPlan),
        ("P9999", TestRoot.clock, KaowuError.Code.planNotFound),
    ])
    func copyIsRefusedAsAWhole(target: String, clock: Clock, code: KaowuError.Code) throws {
        let test = try root()
        try seedRooms(test)
        let error = #expect(throws: KaowuError.self) {
            try RoomCommands.copy(root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: target, clock: clock)
        }
        #expect(error?.code == code)
        #expect(try tableCount(test.store(), "rooms") == 3)
    }

    @Test func copyIsAllowedUpToTheTargetsSchedulingEnd() throws {
        let test = try root()
        try seedRooms(test)
        let summary = try RoomCommands.copy(
            root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: "P2027-01",
            clock: RoomImportTests.clock("2027-06-10T00:00:00+08:00"))
        #expect(summary.changed == 2)
    }

    @Test(arguments: [(beforeStart, String?.none), (start, "room.locked"), (end, "room.locked"), (afterEnd, "plan.closed")])
    func deleteOnlyWhileUnscheduled(clock: Clock, code: String?) throws {
        let test = try root()
        try seedRooms(test)
        let summary = try RoomCommands.delete(
            root: test.root, schoolCode: RoomImportTests.school, planCode: "P2026-01", certificate: "C-WEB", site: nil, names: ["101"],
            clock: clock)
        #expect(summary.refusals.map(\.code.rawValue) == (code.map { [$0] } ?? []))
        #expect((try room(test, "101") == nil) == (code == nil))
    }

    @Test func deleteRefusesUnknownAndOtherSchoolsRooms() throws {
        let test = try root()
        try seedRooms(test)
        let unknown = try RoomCommands.delete(
            root: test.root, schoolCode: RoomImportTests.school, planCode: "P2026-01", certificate: "C-WEB", site: nil,
            names: ["999", "实训室A"], clock: TestRoot.clock)
        #expect(unknown.changed == 1)
        #expect(unknown.refusals.map(\.code.rawValue) == ["room.not-found"])
        let host = try RoomCommands.delete(
            root: test.root, schoolCode: "S4401002", planCode: "P2026-01", certificate: "C-BDA", site: nil, names: ["201"],
            clock: TestRoot.clock)
        #expect(host.refusals.map(\.code.rawValue) == ["room.not-found"])
        let borrower = try RoomCommands.delete(
            root: test.root, schoolCode: RoomImportTests.school, planCode: "P2026-01", certificate: "C-BDA", site: "S4401002",
            names: ["201"], clock: TestRoot.clock)
        #expect(borrower.changed == 1)
    }

    @Test(arguments: [
        (String?.none, String?.none, 5),
        ("S4101001", nil, 5),
        ("S4401002", nil, 0),
        (nil, "P2027-01", 2),
        ("S4101001", "P2026-01", 3),
    ])
    func roomsExportReadsBackWithTheStatusAtTheClock(school: String?, plan: String?, expected: Int) throws {
        let test = try root()
        try seedRooms(test)
        _ = try RoomCommands.copy(
            root: test.root, schoolCode: RoomImportTests.school, from: "P2026-01", to: "P2027-01", clock: TestRoot.clock)
        let output = test.path("考场.xlsx")
        let count = try Exports.rooms(root: test.root, schoolCode: school, planCode: plan, clock: RoomImportTests.start, output: output)
        #expect(count == expected)
        let rows = try readRows(output)
        #expect(rows.count == expected + 1)
        let header = rows[0]
        #expect(header[0] == "考试计划编号")
        #expect(header[9] == "考场名称")
        #expect(header[10] == "考场类型")
        #expect(header[12] == "座位数")
        #expect(header[13] == "考场状态")
        for row in rows.dropFirst() {
            if let plan { #expect(row[0] == plan) }
            #expect(row[13] == (row[0] == "P2026-01" ? "排考中" : "未排考"))
        }
        if plan == "P2026-01" {
            let borrowed = try #require(rows.first { $0[9] == "201" })
            #expect(borrowed[3] == "深圳信息职业技术学院大数据应用开发考核站点")
            #expect(borrowed[8] == "理论知识")
            #expect(borrowed[10] == "机考考场")
            #expect(borrowed[12] == "50")
        }
    }

    /// The rooms export carries the import's columns (证书代码, 科目代码 and 等级 are aliases), so
    /// a school can export, raise seats and re-import while scheduling runs.
    @Test func roomsExportReimportsAsATemplate() throws {
        let test = try root()
        try seedRooms(test)
        let output = test.path("考场导出.xlsx")
        _ = try Exports.rooms(
            root: test.root, schoolCode: RoomImportTests.school, planCode: "P2026-01", clock: TestRoot.clock, output: output)
        let request = ImportRequest(
            kind: "rooms", file: output, tenant: RoomImportTests.school, operatorName: "test", clock: RoomImportTests.start, dryRun: false)
        let unchanged = try Imports.rooms(request, root: test.root, schoolCode: RoomImportTests.school)
        #expect(unchanged.record.status == .succeeded)
        #expect(unchanged.record.succeeded == 3)
    }

    @Test func dryRunReportsButStoresNothing() throws {
        let test = try root()
        let file = try test.workbook(
            "dry.xlsx", rows: [RoomImportTests.row(), RoomImportTests.row("102", seats: "0")], header: RoomImportTests.header)
        let request = ImportRequest(
            kind: "rooms", file: file, tenant: RoomImportTests.school, operatorName: "test", clock: TestRoot.clock, dryRun: true)
        let outcome = try Imports.rooms(request, root: test.root, schoolCode: RoomImportTests.school)
        #expect(outcome.record.status == .dryRun)
        #expect((outcome.record.succeeded, outcome.record.failed) == (1, 1))
        #expect(try tableCount(test.store(), "rooms") == 0)
    }

    @Test func schoolsAndOrganizationsExport() throws {
        let test = try root()
        let schools = test.path("院校.xlsx")
        #expect(try Exports.schools(root: test.root, planCode: nil, output: schools) == 3)
        let rows = try readRows(schools)
        #expect(rows[0][0] == "院校代码")
        #expect(rows.dropFirst().map { $0[0] } == ["S1101003", "S4101001", "S4401002"])
        #expect(rows[2][1] == "郑州职业技术学院")
        #expect(rows[2][2] == "河南省")
        #expect(try Exports.schools(root: test.root, planCode: "P-OTHER", output: schools) == 1)
        #expect(try readRows(schools).dropFirst().map { $0[0] } == ["S4401002"])

        let organizations = test.path("组织.xlsx")
        #expect(try Exports.organizations(root: test.root, output: organizations) == 1)
        let orgRows = try readRows(organizations)
        #expect(orgRows[0][1] == "组织名称")
        #expect(orgRows[1][0] == "ORG001")
        #expect(orgRows[1][1] == "工业和信息化职业技能评价中心")
        #expect(orgRows[1][3] == "01088886666")
    }
}
