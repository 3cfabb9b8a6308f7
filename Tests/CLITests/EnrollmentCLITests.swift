import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@testable import Pipeline

/// The exam organization end to end on the real binary: sample → sites → rooms → candidates →
/// photos → verify → enrollments → payment orders → confirmation → refused deletions → exports.
@Suite(.serialized) struct EnrollmentCLITests {
    static let school = "S4101001"

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// Data rows of an exported workbook's first sheet.
    static func rowCount(_ path: String) throws -> Int {
        let reader = try XlsxReader(path: path)
        var count = 0
        try reader.forEachRow(inSheet: reader.sheets[0].name) { _ in count += 1 }
        return count - 1
    }

    @Test func enrollPayConfirmAndRefuseDeletes() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let school = ["--school", EnrollmentCLITests.school]
            let sample = try cli.run(["sample", "--out", "s", "--candidates", "30", "--photos", "--enrollments", "--bad-ratio", "0"])
            #expect(sample.status == 0, "\(sample.err)")
            #expect(sample.out.contains("报考：s/enrollments.xlsx（60 行，其中故意错误 0 行）"), "\(sample.out)")
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)

            // Sites and rooms: the sample's approved C-WEB site, a C-BDA one imported and
            // approved, a room in each.
            try MinimalWorkbook.write(
                directory + "/sites.xlsx", rows: [["*证书", "*考点地址", "提交审核"], ["C-BDA", "郑州市新郑市龙湖镇 实训楼", "是"]])
            let sites = try cli.run(["import", "sites", "sites.xlsx", "--root", "root"] + school + [now])
            #expect(sites.status == 0, "\(sites.out) \(sites.err)")
            let approved = try cli.run(["sites", "approve", "--root", "root", "--org", "ORG001", "--certificate", "C-BDA"] + school)
            #expect(approved.status == 0, "\(approved.out) \(approved.err)")
            try MinimalWorkbook.write(
                directory + "/rooms.xlsx",
                rows: [
                    ["*考试计划编号", "*考核站点", "*证书", "*科目", "*考场名称", "*考场地址", "*座位数"],
                    ["P2026-01", EnrollmentCLITests.school, "C-WEB", "WEB-T", "101", "信息楼 101", "40"],
                    ["P2026-01", EnrollmentCLITests.school, "C-BDA", "BDA-T", "201", "实训楼 201", "30"],
                ])
            let rooms = try cli.run(["import", "rooms", "rooms.xlsx", "--root", "root"] + school + [now])
            #expect(rooms.status == 0, "\(rooms.out) \(rooms.err)")

            #expect(try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root"] + school + [now]).status == 0)

            // Not verified yet: every row fails, nothing is stored.
            let early = try cli.run(
                ["import", "enrollments-certificate", "s/enrollments.xlsx", "--root", "root"] + school + [now, "--json"])
            #expect(early.status == 3)
            let earlyJSON = try #require(try EnrollmentCLITests.json(early.out) as? [String: Any])
            #expect(earlyJSON["succeeded"] as? Int == 0)
            let failures = try #require(earlyJSON["failures"] as? [[String: Any]])
            #expect(Set(failures.compactMap { $0["code"] as? String }) == ["candidate.unverified"])

            #expect(try cli.run(["import", "photos", "s/photos.zip", "--root", "root"] + school + [now]).status == 0)
            #expect(try cli.run(["candidates", "verify", "--root", "root"] + school + [now]).status == 0)
            let enrolled = try cli.run(
                ["import", "enrollments-certificate", "s/enrollments.xlsx", "--root", "root"] + school + [now, "--json"])
            #expect(enrolled.status == 0, "\(enrolled.out)\(enrolled.err)")
            let enrolledJSON = try #require(try EnrollmentCLITests.json(enrolled.out) as? [String: Any])
            #expect(enrolledJSON["succeeded"] as? Int == 60)
            // After the registration window: refused with plan.closed.
            let late = try cli.run([
                "import", "enrollments-certificate", "s/enrollments.xlsx", "--root", "root", "--school", EnrollmentCLITests.school,
                "--now=2026-12-21T00:00:00+08:00", "--json", "--dry-run",
            ])
            #expect(late.status == 3)
            #expect(late.out.contains("plan.closed"))

            // Payment orders: one per certificate, 30 candidates × 300.
            let generated = try cli.run(
                ["payments", "generate", "--root", "root", "--plan", "P2026-01", "--by", "certificate", now, "--json"] + school)
            #expect(generated.status == 0, "\(generated.err)")
            let orders = try #require(try EnrollmentCLITests.json(generated.out) as? [[String: Any]])
            #expect(orders.compactMap { $0["certificate"] as? String } == ["C-BDA", "C-WEB"])
            #expect(
                orders.allSatisfy {
                    $0["count"] as? Int == 30 && $0["amount"] as? Double == 9000 && $0["status"] as? String == "unconfirmed"
                })
            let bda = try #require(orders[0]["order"] as? String)
            let web = try #require(orders[1]["order"] as? String)
            #expect(try cli.run(["payments", "confirm", web, "--root", "root", now]).status == 0)
            let deleteConfirmed = try cli.run(["payments", "delete", web, "--root", "root"])
            #expect(deleteConfirmed.status == 1)
            #expect(deleteConfirmed.err.contains("payment.locked"))

            // The export, read back, then fed to the delete import: paid and ordered rows are locked.
            let exported = try cli.run(
                ["export", "enrollments", "--root", "root", "--plan", "P2026-01", "-o", "enrollments-out.xlsx"] + school)
            #expect(exported.status == 0, "\(exported.err)")
            #expect(try EnrollmentCLITests.rowCount(directory + "/enrollments-out.xlsx") == 90)
            let locked = try cli.run(
                ["import", "enrollments-delete", "enrollments-out.xlsx", "--root", "root"] + school + [now, "--json"])
            #expect(locked.status == 3)
            let lockedJSON = try #require(try EnrollmentCLITests.json(locked.out) as? [String: Any])
            #expect(lockedJSON["succeeded"] as? Int == 0)
            let lockedCodes = Set((lockedJSON["failures"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(lockedCodes == ["enrollment.locked"])

            // Releasing the unconfirmed order lets its enrollments go; the paid ones stay.
            #expect(try cli.run(["payments", "delete", bda, "--root", "root"]).status == 0)
            let released = try cli.run(
                ["import", "enrollments-delete", "enrollments-out.xlsx", "--root", "root"] + school + [now, "--json"])
            let releasedJSON = try #require(try EnrollmentCLITests.json(released.out) as? [String: Any])
            #expect(releasedJSON["succeeded"] as? Int == 30)
            #expect(releasedJSON["failed"] as? Int == 60)

            let ordersOut = try cli.run(["export", "payment-orders", "--root", "root", "-o", "orders.xlsx"] + school)
            #expect(ordersOut.status == 0, "\(ordersOut.err)")
            #expect(try EnrollmentCLITests.rowCount(directory + "/orders.xlsx") == 1)
            #expect(
                try cli.run(["export", "rooms", "--root", "root", "--plan", "P2026-01", "-o", "rooms-out.xlsx", now] + school).status == 0)
            let roomRows = try readRows(directory + "/rooms-out.xlsx").dropFirst()
            #expect(roomRows.map { $0[9] } == ["201", "101"])  // by certificate: C-BDA, C-WEB
            #expect(roomRows.allSatisfy { $0[13] == "未排考" })
            #expect(try cli.run(["export", "sites", "--root", "root", "--status", "已通过", "-o", "sites-out.xlsx"] + school).status == 0)
            #expect(try readRows(directory + "/sites-out.xlsx").dropFirst().map { $0[2] } == ["C-BDA", "C-WEB"])
            #expect(try cli.run(["template", "enrollments-subject", "-o", "t.xlsx"]).status == 0)
            #expect(try cli.run(["template"]).out.contains("enrollments-delete"))
        }
    }
}
