import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

/// The 考核站点 import, the site commands (the manual's status machine) and the sites export,
/// on the sample catalog (S4101001 has an approved C-WEB site; S1101003 has none).
@Suite struct SiteImportTests {
    static let header = ["*证书", "*考点地址", "联系人", "联系电话", "提交审核"]
    static let school = "S1101003"

    func importSites(_ test: TestRoot, _ rows: [[String]], school: String = school, name: String = "sites.xlsx") throws -> ImportOutcome {
        let file = try test.workbook(name, rows: rows, header: SiteImportTests.header)
        return try Imports.sites(test.request(kind: "sites", file: file, tenant: school), root: test.root, schoolCode: school)
    }

    func site(_ test: TestRoot, _ school: String, _ certificate: String) throws -> SiteEntry? {
        try SiteRoomStore(try test.store()).site(schoolCode: school, certificateCode: certificate)
    }

    func failuresByRow(_ test: TestRoot, _ outcome: ImportOutcome) throws -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        try test.store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if !warning { result[failure.row, default: []].append(failure.code.rawValue) }
        }
        return result
    }

    /// Every rule of the sites row: each failing row and its code.
    @Test func everyRuleHasAFailingRowWithItsCode() throws {
        let test = try TestRoot()
        let rows: [(row: [String], codes: [String])] = [
            (["C-WEB", "北京市大兴区 1 号 实训楼", "赵老师", "010-66668888", ""], []),
            (["大数据应用开发", "北京市大兴区 1 号 实训楼", "", "13800138000", "是"], []),
            (["", "某地址", "", "", ""], ["required"]),
            (["C-NONE", "某地址", "", "", ""], ["reference.not-found"]),
            (["C-WEB", "另一个地址", "", "", ""], ["duplicate.in-file"]),
            (["C-WEB", "", "", "", ""], ["required", "duplicate.in-file"]),
            (["C-WEB", "某地址", "", "12345", ""], ["duplicate.in-file", "phone.format"]),
            (["C-WEB", "某地址", "", "", "可能"], ["enum.invalid", "duplicate.in-file"]),
        ]
        let outcome = try importSites(test, rows.map(\.row))
        #expect(outcome.record.total == rows.count)
        #expect(outcome.record.succeeded == 2)
        let failures = try failuresByRow(test, outcome)
        for (index, expected) in rows.enumerated() {
            #expect(Set(failures[index + 3] ?? []) == Set(expected.codes), "row \(index + 3)")
        }
        let web = try #require(try site(test, SiteImportTests.school, "C-WEB"))
        #expect(web.site.name == "北京电子科技职业学院Web 前端开发考核站点")
        #expect(web.site.status == .notSubmitted)
        #expect(web.contact == "赵老师")
        #expect(web.phone == "010-66668888")
        #expect(try site(test, SiteImportTests.school, "C-BDA")?.site.status == .pendingReview)
    }

    @Test func anApprovedOrPendingSiteCannotBeAppliedForAgainButADraftIsEdited() throws {
        let test = try TestRoot()
        let approved = try importSites(test, [["C-WEB", "新地址", "", "", ""]], school: "S4101001")
        #expect(try failuresByRow(test, approved)[3] == ["site.locked"])
        #expect(try site(test, "S4101001", "C-WEB")?.site.address == "河南省郑州市新郑市龙湖镇泰山路1号 信息楼")

        _ = try importSites(test, [["C-WEB", "旧地址", "", "", ""]])
        let edited = try importSites(test, [["C-WEB", "新地址", "", "", "是"]], name: "again.xlsx")
        #expect(edited.record.status == .succeeded)
        let entry = try #require(try site(test, SiteImportTests.school, "C-WEB"))
        #expect(entry.site.address == "新地址")
        #expect(entry.site.status == .pendingReview)
        let pending = try importSites(test, [["C-WEB", "第三个地址", "", "", ""]], name: "third.xlsx")
        #expect(try failuresByRow(test, pending)[3] == ["site.locked"])
    }

    /// Each command from each status: the target status, or the refusal code.
    @Test(arguments: [
        (SiteAction.submit, SiteStatus.notSubmitted, "pendingReview"), (.submit, .pendingReview, "site.locked"),
        (.submit, .returned, "pendingReview"), (.submit, .approved, "site.locked"),
        (.withdraw, .notSubmitted, "site.locked"), (.withdraw, .pendingReview, "notSubmitted"), (.withdraw, .returned, "site.locked"),
        (.withdraw, .approved, "site.locked"),
        (.approve, .notSubmitted, "site.locked"), (.approve, .pendingReview, "approved"), (.approve, .returned, "site.locked"),
        (.approve, .approved, "site.locked"),
        (.returnForRevision, .notSubmitted, "site.locked"), (.returnForRevision, .pendingReview, "returned"),
        (.returnForRevision, .returned, "site.locked"), (.returnForRevision, .approved, "site.locked"),
        (.delete, .notSubmitted, "deleted"), (.delete, .pendingReview, "site.locked"), (.delete, .returned, "deleted"),
        (.delete, .approved, "site.locked"),
    ])
    func statusMachineCommands(action: SiteAction, from: SiteStatus, expected: String) throws {
        let test = try TestRoot()
        _ = try importSites(test, [["C-WEB", "某地址", "", "", ""]])
        try test.store().connection.statement("UPDATE sites SET status = ? WHERE school_code = ?")
            .bind([.text(from.rawValue), .text(SiteImportTests.school)]).run()
        let byOrganization = action == .approve || action == .returnForRevision
        let summary = try SiteCommands.perform(
            action, root: test.root, actor: byOrganization ? "ORG001" : SiteImportTests.school, schoolCode: SiteImportTests.school,
            certificates: ["C-WEB"], reason: "材料不全")
        let after = try site(test, SiteImportTests.school, "C-WEB")
        switch expected {
        case "deleted":
            #expect(summary.changed == 1)
            #expect(after == nil)
        case let code where code.contains("."):
            #expect(summary.refusals.map(\.code.rawValue) == [code])
            #expect(after?.site.status == from)
        default:
            #expect(summary.refusals.isEmpty)
            #expect(after?.site.status.rawValue == expected)
            #expect(after?.returnReason == (action == .returnForRevision ? "材料不全" : nil))
        }
    }

    @Test func organizationActsOnlyOnItsCertificatesAndReturnsNeedAReason() throws {
        let test = try TestRoot()
        _ = try importSites(test, [["C-WEB", "某地址", "", "", "是"]])
        try test.store().upsert(Organization(code: "ORG002", name: "另一个组织", contact: nil, phone: nil, sealPath: nil))
        let foreign = try SiteCommands.perform(
            .approve, root: test.root, actor: "ORG002", schoolCode: SiteImportTests.school, certificates: ["C-WEB"])
        #expect(foreign.refusals.map(\.code.rawValue) == ["reference.not-found"])
        let error = #expect(throws: KaowuError.self) {
            try SiteCommands.perform(
                .returnForRevision, root: test.root, actor: "ORG001", schoolCode: SiteImportTests.school, certificates: ["C-WEB"])
        }
        #expect(error?.code == .reasonRequired)
        let unknown = #expect(throws: KaowuError.self) {
            try SiteCommands.perform(
                .approve, root: test.root, actor: "ORG404", schoolCode: SiteImportTests.school, certificates: ["C-WEB"])
        }
        #expect(unknown?.code == .organizationNotFound)
        #expect(try site(test, SiteImportTests.school, "C-WEB")?.site.status == .pendingReview)
    }

    @Test func aSiteLentToAnotherSchoolCannotBeDeleted() throws {
        let test = try TestRoot()
        try test.store().connection.execute(
            "UPDATE sites SET status = 'returned' WHERE school_code = 'S4401002' AND certificate_code = 'C-BDA'")
        let summary = try SiteCommands.perform(.delete, root: test.root, actor: "S4401002", schoolCode: "S4401002", certificates: ["C-BDA"])
        #expect(summary.refusals.map(\.code.rawValue) == ["site.in-use"])
    }

    @Test func createUsesTheImportRules() throws {
        let test = try TestRoot()
        let created = try SiteCommands.create(
            root: test.root, schoolCode: SiteImportTests.school, certificate: "C-BDA", address: "某地址", contact: nil, phone: "13800138000",
            submit: true)
        #expect(created.changed == 1)
        #expect(try site(test, SiteImportTests.school, "C-BDA")?.site.status == .pendingReview)
        let again = try SiteCommands.create(
            root: test.root, schoolCode: SiteImportTests.school, certificate: "C-BDA", address: "某地址", contact: nil, phone: "1",
            submit: false)
        #expect(Set(again.refusals.map(\.code.rawValue)) == ["site.locked", "phone.format"])
    }

    @Test(arguments: [
        (String?.none, String?.none, SiteStatus?.none, 5),
        ("S4401002", nil, nil, 2),
        (nil, "C-WEB", nil, 3),
        (nil, nil, SiteStatus.notSubmitted, 1),
        ("S1101003", "C-BDA", SiteStatus.pendingReview, 1),
        (nil, nil, SiteStatus.returned, 0),
    ])
    func exportReadsBackFiltered(school: String?, certificate: String?, status: SiteStatus?, expected: Int) throws {
        let test = try TestRoot()
        _ = try importSites(test, [["C-WEB", "某地址", "钱老师", "13800138000", ""], ["C-BDA", "某地址", "", "", "是"]])
        let output = test.path("考核站点.xlsx")
        let count = try Exports.sites(root: test.root, schoolCode: school, certificate: certificate, status: status, output: output)
        #expect(count == expected)
        let rows = try readRows(output)
        #expect(rows.count == expected + 1)
        #expect(rows[0][0] == "院校代码")
        #expect(rows[0][4] == "考核站点名称")
        #expect(rows[0][8] == "状态")
        for row in rows.dropFirst() {
            if let school { #expect(row[0] == school) }
            if let certificate { #expect(row[2] == certificate) }
            if let status { #expect(row[8] == status.label) }
        }
        if school == nil, certificate == nil, status == nil {
            let mine = try #require(rows.first { $0[0] == "S1101003" && $0[2] == "C-WEB" })
            #expect(mine[1] == "北京电子科技职业学院")
            #expect(mine[4] == "北京电子科技职业学院Web 前端开发考核站点")
            #expect(mine[6] == "钱老师")
            #expect(mine[7] == "13800138000")
            #expect(mine[8] == "未提交")
        }
    }
}
