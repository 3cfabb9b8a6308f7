import Foundation
import Store
import TestSupport
import Testing

/// `kaowu schedule` on the real binary and the sample chain: sites and rooms from the sample,
/// verified candidates, enrollments, payments; then the scheduling window, the seats, the
/// tickets, the unseated report and record, and a re-run that changes nothing given.
@Suite(.serialized) struct ScheduleCLITests {
    static let school = ["--school", "S4101001"]
    static let inWindow = "--now=2026-12-22T10:00:00+08:00"

    /// The sample's 80 candidates enrolled (C-WEB 中级: WEB-T and WEB-P; C-BDA 初级: BDA-T),
    /// their orders confirmed when `pay`.
    static func enrolledRoot(_ cli: CLI, pay: Bool) throws {
        #expect(try cli.run(["sample", "--out", "s", "--candidates", "80", "--photos", "--enrollments", "--bad-ratio", "0"]).status == 0)
        #expect(try cli.run(["init", "root"]).status == 0)
        #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
        #expect(try cli.run(["import", "sites", "s/sites.xlsx", "--root", "root"] + school + [now]).status == 0)
        #expect(try cli.run(["sites", "approve", "--root", "root", "--org", "ORG001", "--certificate", "C-BDA"] + school).status == 0)
        let rooms = try cli.run(["import", "rooms", "s/rooms.xlsx", "--root", "root"] + school + [now])
        #expect(rooms.status == 0, "\(rooms.out)\(rooms.err)")
        #expect(try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root"] + school + [now]).status == 0)
        #expect(try cli.run(["import", "photos", "s/photos.zip", "--root", "root"] + school + [now]).status == 0)
        #expect(try cli.run(["candidates", "verify", "--root", "root"] + school + [now]).status == 0)
        let enrolled = try cli.run(["import", "enrollments-certificate", "s/enrollments.xlsx", "--root", "root"] + school + [now])
        #expect(enrolled.status == 0, "\(enrolled.out)\(enrolled.err)")
        guard pay else { return }
        let orders = try cli.run(
            ["payments", "generate", "--root", "root", "--plan", "P2026-01", "--by", "certificate"] + school + [now, "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(orders.out.utf8)) as? [[String: Any]])
        for order in list.compactMap({ $0["order"] as? String }) {
            #expect(try cli.run(["payments", "confirm", order, "--root", "root", now]).status == 0)
        }
    }

    static func schedule(_ cli: CLI, _ extra: [String] = [], at time: String = inWindow) throws -> (Int32, [String: Any], String) {
        let result = try cli.run(["schedule", "--root", "root", "--plan", "P2026-01", time, "--json"] + extra)
        let object = (try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]) ?? [:]
        return (result.status, object, result.err)
    }

    @Test func schedulesTheSampleKeepsSeatsAndReportsTheShortfall() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)

            // Outside the scheduling window (2026-12-21 00:00 – 2027-01-05 23:59): refused, naming it.
            for early in ["--now=2026-12-20T23:59:59+08:00", "--now=2027-01-06T00:00:00+08:00"] {
                let (status, _, err) = try ScheduleCLITests.schedule(cli, at: early)
                #expect(status == 1)
                #expect(err.contains("[plan.closed]") && err.contains("2026-12-21"), "\(err)")
            }

            // The window's first instant is inside it (a dry run: nothing kept).
            let (atStart, _, startErr) = try ScheduleCLITests.schedule(cli, ["--dry-run"], at: "--now=2026-12-21T00:00:00+08:00")
            #expect(atStart == 3, "\(startErr)")

            let (status, first, err) = try ScheduleCLITests.schedule(cli)
            #expect(status == 3, "\(err)")
            // 80 candidates × 3 subjects; WEB-P has one 40-seat room fewer than needed.
            #expect(first["seated"] as? Int == 200)
            #expect(first["unseatedByReason"] as? [String: Int] == ["schedule.no-seat": 40])
            #expect(first["ticketsIssued"] as? Int == 80)
            let unseatedFile = try #require(first["unseatedFile"] as? String)
            #expect(try readRows(unseatedFile).count == 41)
            let record = try #require((first["record"] as? [String: Any])?["record"] as? String)
            let listed = try cli.run(["records", "list", "--root", "root", "--json"])
            #expect(listed.out.contains(record) && listed.out.contains("\"kind\" : \"schedule\""))

            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let seatsBefore = try store.seats(planCode: "P2026-01").map {
                "\($0.idNumber) \($0.session.subjectCode) \($0.room.name) \($0.number)"
            }
            let ticketsBefore = try store.connection.statement("SELECT ticket_no FROM admission_tickets ORDER BY 1").rows {
                try $0.string(0)
            }
            #expect(Set(ticketsBefore).count == 80)
            #expect(ticketsBefore.first == "P2026-01-S4101001-00001")
            var scheduled = 0
            try store.forEachEnrollment(schoolCode: nil, planCode: "P2026-01", certificateCode: nil) { if $0.scheduled { scheduled += 1 } }
            #expect(scheduled == 200)

            // A re-run changes nothing that was given.
            let (_, second, _) = try ScheduleCLITests.schedule(cli)
            #expect(second["kept"] as? Int == 200)
            #expect(second["added"] as? Int == 0)
            #expect(second["ticketsIssued"] as? Int == 0)
            let seatsAfter = try store.seats(planCode: "P2026-01").map {
                "\($0.idNumber) \($0.session.subjectCode) \($0.room.name) \($0.number)"
            }
            #expect(seatsAfter.sorted() == seatsBefore.sorted())
            #expect(
                try store.connection.statement("SELECT ticket_no FROM admission_tickets ORDER BY 1").rows { try $0.string(0) }
                    == ticketsBefore)

            // A seat whose enrollment is gone, and one past its room's new capacity, are withdrawn;
            // the displaced candidate takes the freed seat (the first free one, by room name).
            let seats = try store.seats(planCode: "P2026-01")
            let leaving = try #require(seats.first { $0.room.name == "信息楼 101 机房" && $0.number == 1 })
            let displaced = try #require(seats.first { $0.room.name == "信息楼 102 机房" && $0.number == 40 })
            try store.connection.execute(
                "DELETE FROM enrollments WHERE id_number = '\(leaving.idNumber)' AND subject_code = 'WEB-T' AND plan_code = 'P2026-01'")
            try store.connection.execute("UPDATE rooms SET seats = 39 WHERE name = '信息楼 102 机房'")
            let (_, third, _) = try ScheduleCLITests.schedule(cli)
            #expect(third["withdrawn"] as? Int == 2)
            #expect(third["added"] as? Int == 1)
            let moved = try store.seats(planCode: "P2026-01").first {
                $0.idNumber == displaced.idNumber && $0.session.subjectCode == "WEB-T"
            }
            #expect(moved?.room.name == "信息楼 101 机房" && moved?.number == 1)
            try store.connection.execute("UPDATE rooms SET seats = 40 WHERE name = '信息楼 102 机房'")

            // The arrangement exports, with the statuses the clock gives them.
            let details = try cli.run(
                ["export", "schedule", "--root", "root", "--plan", "P2026-01", "-o", "schedule.xlsx", ScheduleCLITests.inWindow])
            #expect(details.status == 0, "\(details.err)")
            let rows = try readRows(directory + "/schedule.xlsx")
            #expect(rows.count == 200)  // 199 seats: one enrollment was deleted above
            #expect(rows[1][0] == "P2026-01-S4101001-00001" && rows[1][13] == "待考试")
            let during = try cli.run(
                ["export", "schedule", "--root", "root", "--plan", "P2026-01", "-o", "during.xlsx", "--now=2027-01-10T09:30:00+08:00"])
            #expect(during.status == 0)
            let statuses = Set(try readRows(directory + "/during.xlsx").dropFirst().compactMap { $0[13] })
            #expect(statuses == ["考试中", "待考试"])  // WEB-T runs now; WEB-P this afternoon, BDA-T tomorrow
            #expect(
                try cli.run([
                    "export", "room-arrangements", "--root", "root", "--plan", "P2026-01", "-o", "rooms.xlsx", ScheduleCLITests.inWindow,
                ]).status == 0)
            let rooms = try readRows(directory + "/rooms.xlsx")
            #expect(rooms.count == 6)  // WEB-T 2 rooms, WEB-P 1, BDA-T 2
            #expect(rooms.dropFirst().map { $0[9] ?? "" }.sorted() == ["39", "40", "40", "40", "40"])
            #expect(Set(rooms.dropFirst().compactMap { $0[12] }) == ["排考中"])
            #expect(try cli.run(["export", "site-arrangements", "--root", "root", "--plan", "P2026-01", "-o", "sites.xlsx"]).status == 0)
            let sites = try readRows(directory + "/sites.xlsx")
            #expect(sites.count == 4)
            #expect(
                sites.dropFirst().map { "\($0[4] ?? "")=\($0[7] ?? "")/\($0[9] ?? "")" }.sorted() == [
                    "BDA-T=2/80", "WEB-P=1/40", "WEB-T=2/79",
                ])

            // After the window the schedule is final.
            let (late, _, lateErr) = try ScheduleCLITests.schedule(cli, at: "--now=2027-01-06T00:00:00+08:00")
            #expect(late == 1 && lateErr.contains("不再改变"), "\(lateErr)")
        }
    }

    /// The sample plan charges a fee: before payment nobody is seated, each reported unpaid;
    /// a dry run stores nothing.
    @Test func unpaidEnrollmentsAreReportedAndADryRunStoresNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: false)
            let (status, outcome, _) = try ScheduleCLITests.schedule(cli, ["--dry-run"])
            #expect(status == 3)
            #expect(outcome["seated"] as? Int == 0)
            #expect(outcome["unseatedByReason"] as? [String: Int] == ["schedule.unpaid": 240])
            #expect(outcome["unseatedFile"] == nil || outcome["unseatedFile"] is NSNull)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            #expect(try tableCount(store, "seats") == 0)
            #expect(try tableCount(store, "import_records WHERE kind = 'schedule'") == 0)
        }
    }

    /// Two proctors of the school, certified for both certificates: one per room fits every
    /// session; two per room leaves the second room of each concurrent pair short. By hand, a
    /// proctor not certified for the room, or already busy then, is refused.
    @Test func proctorsAreAssignedByTheRules() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)
            let ids = ["001", "003", "005"].map { TestIDNumber.make(region: "410102", birth: "19850101", sequence: $0) }
            try MinimalWorkbook.write(
                directory + "/proctors.xlsx",
                rows: [["*姓名", "*证件号码", "*手机号", "性别", "职称", "*监考证书"]]
                    + ids.enumerated().map { index, id in ["王老师", id, "1390013900\(index)", "", "讲师", index < 2 ? "C-WEB、C-BDA" : "C-WEB"] }
            )
            let imported = try cli.run(["import", "proctors", "proctors.xlsx", "--root", "root"] + ScheduleCLITests.school + [now])
            #expect(imported.status == 0, "\(imported.out)\(imported.err)")
            for id in ids.prefix(2) {
                for certificate in ["C-WEB", "C-BDA"] {
                    #expect(
                        try cli.run(["proctors", "certify", id, "--certificate", certificate, "--root", "root", "--org", "ORG001", now])
                            .status == 0)
                }
            }
            #expect(try ScheduleCLITests.schedule(cli).0 == 3)
            let assign = ["proctors", "assign", "--root", "root", "--plan", "P2026-01", ScheduleCLITests.inWindow, "--json"]
            let closed = try cli.run(["proctors", "assign", "--root", "root", "--plan", "P2026-01", now])
            #expect(closed.status == 1 && closed.err.contains("[plan.closed]"))

            let one = try cli.run(assign + ["--per-room", "1"])
            #expect(one.status == 0, "\(one.out)\(one.err)")
            let oneJSON = try #require(try JSONSerialization.jsonObject(with: Data(one.out.utf8)) as? [String: Any])
            #expect(oneJSON["added"] as? Int == 5)

            let two = try cli.run(assign + ["--per-room", "2"])
            #expect(two.status == 3)
            let twoJSON = try #require(try JSONSerialization.jsonObject(with: Data(two.out.utf8)) as? [String: Any])
            #expect(twoJSON["kept"] as? Int == 5)
            let short = try #require(twoJSON["shortfalls"] as? [[String: Any]])
            // WEB-T and BDA-T each run in two rooms at once: their two proctors keep one room each, and
            // each of those rooms stays one short; WEB-P's single room gets both.
            #expect(short.compactMap { $0["subject"] as? String }.sorted() == ["BDA-T", "BDA-T", "WEB-T", "WEB-T"])
            #expect(short.allSatisfy { $0["assigned"] as? Int == 1 })

            #expect(
                try cli.run(["export", "room-arrangements", "--root", "root", "--plan", "P2026-01", "-o", "rooms.xlsx"]).status == 0)
            let proctorColumn = try readRows(directory + "/rooms.xlsx").dropFirst().compactMap { $0[11] }
            #expect(proctorColumn.count == 5 && proctorColumn.allSatisfy { $0.hasPrefix("王老师") })

            let uncertified = try cli.run(
                [
                    "proctors", "assign", "--root", "root", "--plan", "P2026-01", "--room", "实训楼 201 实训室", "--proctor", ids[2],
                    ScheduleCLITests.inWindow,
                ])
            #expect(uncertified.status == 1 && uncertified.err.contains("[proctor.state]"), "\(uncertified.err)")
            let busy = try cli.run(
                [
                    "proctors", "assign", "--root", "root", "--plan", "P2026-01", "--room", "信息楼 102 机房", "--proctor", ids[0],
                    ScheduleCLITests.inWindow,
                ])
            #expect(busy.status == 1 && busy.err.contains("[proctor.busy]"), "\(busy.err)")
        }
    }

    /// The organization's 排考 workbook: valid rows give seats and tickets like `kaowu schedule`;
    /// each bad row fails with its code; outside the window every row is refused.
    @Test func theScheduleImportChecksEveryRow() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let ids = try store.unseatedEntries(planCode: "P2026-01").filter { $0.subjectCode == "WEB-T" }.map(\.idNumber).sorted()
            let header = ["*考试计划编号", "*证件号码", "*科目", "*考核站点", "*考场名称", "*座位号", "准考证号"]
            let room = "信息楼 101 机房"
            try MinimalWorkbook.write(
                directory + "/schedule.xlsx",
                rows: [
                    header,
                    ["P2026-01", ids[0], "WEB-T", "S4101001", room, "1", ""],
                    ["P2026-01", ids[1], "WEB-T", "S4101001", room, "2", "T-0002"],
                    ["P2026-01", ids[2], "WEB-T", "S4101001", room, "1", ""],
                    ["P2026-01", ids[2], "WEB-T", "S4101001", room, "41", ""],
                    ["P2026-01", ids[0], "XYZ", "S4101001", room, "5", ""],
                    // 理论知识 names both WEB-T and BDA-T, which the candidate sits: ambiguous.
                    ["P2026-01", ids[2], "理论知识", "S4101001", room, "6", ""],
                    ["P2026-01", ids[2], "WEB-T", "S4101001", "实训楼 201 实训室", "5", ""],
                    ["P2026-01", ids[2], "WEB-T", "S4101001", room, "3", "T-0002"],
                    ["P2099-01", ids[2], "WEB-T", "S4101001", room, "3", ""],
                ])
            let closed = try cli.run(["import", "schedule", "schedule.xlsx", "--root", "root", "--org", "ORG001", now, "--json"])
            #expect(closed.status == 3)
            #expect(ScheduleCLITests.codes(closed.out).filter { $0 == "plan.closed" }.count == 8)

            let result = try cli.run(
                ["import", "schedule", "schedule.xlsx", "--root", "root", "--org", "ORG001", ScheduleCLITests.inWindow, "--json"])
            #expect(result.status == 3, "\(result.err)")
            #expect(
                ScheduleCLITests.codes(result.out) == [
                    "schedule.seat-taken", "schedule.seat-range", "schedule.not-enrolled", "schedule.not-enrolled", "schedule.room",
                    "schedule.ticket-taken", "plan.not-found",
                ])
            #expect(try store.seats(planCode: "P2026-01").map { "\($0.idNumber) \($0.number)" }.sorted() == ["\(ids[0]) 1", "\(ids[1]) 2"])
            #expect(try store.ticketNumber(planCode: "P2026-01", idNumber: ids[0]) == "P2026-01-S4101001-00001")
            #expect(try store.ticketNumber(planCode: "P2026-01", idNumber: ids[1]) == "T-0002")

            // kaowu schedule then keeps the imported seats and fills around them.
            let (_, scheduled, _) = try ScheduleCLITests.schedule(cli)
            #expect(scheduled["kept"] as? Int == 2)
            #expect(
                try store.seats(planCode: "P2026-01").filter { $0.room.name == room && $0.number <= 2 }.map(\.idNumber).sorted()
                    == [ids[0], ids[1]].sorted())

            let template = try cli.run(["template", "schedule", "-o", "schedule-template.xlsx"])
            #expect(template.status == 0)
            #expect(
                try readRows(directory + "/schedule-template.xlsx").contains { $0.values.contains("*准考证号") || $0.values.contains("准考证号") })
        }
    }

    static func codes(_ json: String) -> [String] {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
        return ((object["failures"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }
}
