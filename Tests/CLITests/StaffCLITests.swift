import Domain
import Foundation
import Ingest
import Render
import TestSupport
import Testing

@testable import Pipeline

/// Proctors and teachers through the real binary: templates, imports, certification,
/// refused removals, activation and the exports.
@Suite(.serialized) struct StaffCLITests {
    static let school = "S4101001"

    static func id(_ sequence: Int) -> String {
        let first17 = "410102" + "19850101" + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    /// A one-sheet workbook: header row, then `rows`, every cell text.
    static func workbook(_ path: String, header: [String], rows: [[String]]) throws {
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "Sheet1")
        for (column, text) in header.enumerated() { try sheet.write(text, row: 0, column: column) }
        for (index, row) in rows.enumerated() {
            for (column, text) in row.enumerated() where !text.isEmpty { try sheet.write(text, row: index + 1, column: column) }
        }
        try writer.close()
    }

    static func rows(_ path: String) throws -> [[Int: String]] {
        let reader = try XlsxReader(path: path)
        var rows: [[Int: String]] = []
        try reader.forEachRow(inSheet: try #require(reader.firstVisibleSheet).name) { row in
            rows.append(Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value.text) }))
        }
        return rows
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func templateWithoutKindListsEveryKindOneALine() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let list = try cli.run(["template"])
            #expect(list.status == 0)
            let lines = list.out.split(separator: "\n").map(String.init)
            #expect(lines.map { String($0.prefix { $0 != "\t" }) } == TemplateKind.allCases.map(\.rawValue))
            #expect(lines.contains("proctors\t监考人员导入模板"))
            #expect(lines.contains("teachers\t教师信息导入模板"))
            for kind in ["proctors", "teachers"] {
                #expect(try cli.run(["template", kind, "-o", "\(kind).xlsx"]).status == 0)
            }
            #expect(try Self.rows(directory + "/proctors.xlsx")[1] == [0: "*姓名", 1: "*证件号码", 2: "*手机号", 3: "性别", 4: "职称", 5: "*监考证书"])
            #expect(
                try Self.rows(directory + "/teachers.xlsx")[1] == [0: "*姓名", 1: "*手机号", 2: "证件号码", 3: "性别", 4: "所教专业", 5: "职称", 6: "邮箱"])
        }
    }

    @Test func proctorsAndTeachersEndToEnd() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run(["sample", "--out", "s", "--candidates", "0"]).status == 0)
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
            let school = ["--root", "root", "--school", Self.school, now]

            // Proctors: two valid rows (one person twice, adding a certificate) and a bad one.
            try Self.workbook(
                directory + "/proctors.xlsx", header: ["*姓名", "*证件号码", "*手机号", "性别", "职称", "*监考证书"],
                rows: [
                    ["王老师", Self.id(1), "13900139001", "男", "讲师", "Web 前端开发"],
                    ["赵老师", Self.id(2), "13900139002", "", "", "C-WEB，C-BDA"],
                    ["王老师", Self.id(1), "13900139001", "", "", "C-BDA"],
                    ["钱老师", Self.id(3), "139", "", "", "人工智能"],
                ])
            let imported = try cli.run(["import", "proctors", "proctors.xlsx", "--json"] + school)
            #expect(imported.status == 3, "\(imported.err)")
            let result = try Self.json(imported.out)
            #expect(result["succeeded"] as? Int == 3)
            let codes = Set(((result["failures"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
            #expect(codes == ["phone.format", "certificate.not-found"])

            // The organization decides; certified certificates and their proctors stay.
            let org = ["--root", "root", "--org", "ORG001", now]
            #expect(try cli.run(["proctors", "certify", Self.id(1), "--certificate", "C-WEB"] + org).status == 0)
            #expect(try cli.run(["proctors", "reject", Self.id(2), "--certificate", "C-BDA", "--reason", "未培训"] + org).status == 0)
            let again = try cli.run(["proctors", "reject", Self.id(1), "--certificate", "C-WEB"] + org)
            #expect(again.status == 1)
            #expect(again.err.contains("proctor.state"))
            let deleteCertified = try cli.run(["proctors", "delete", Self.id(1), "--root", "root", "--school", Self.school])
            #expect(deleteCertified.status == 1)
            #expect(deleteCertified.err.contains("proctor.certified"))
            let removeCertified = try cli.run(
                ["proctors", "remove-certificate", Self.id(1), "--certificate", "C-WEB", "--root", "root", "--school", Self.school])
            #expect(removeCertified.status == 1)
            #expect(removeCertified.err.contains("proctor.certified"))
            #expect(
                try cli.run([
                    "proctors", "remove-certificate", Self.id(2), "--certificate", "C-BDA", "--root", "root", "--school", Self.school,
                ])
                .status == 0)

            #expect(try cli.run(["export", "proctors", "--root", "root", "--school", Self.school, "-o", "p.xlsx"]).status == 0)
            let exported = try Self.rows(directory + "/p.xlsx")
            let states = exported.dropFirst().map { "\($0[3] ?? "") \($0[7] ?? "") \($0[9] ?? "")" }.sorted()
            #expect(states == ["\(Self.id(1)) C-BDA 待认证", "\(Self.id(1)) C-WEB 已认证", "\(Self.id(2)) C-WEB 待认证"].sorted())
            let pendingOnly = try cli.run(
                ["export", "proctors", "--root", "root", "--org", "ORG001", "--status", "待认证", "-o", "pending.xlsx"])
            #expect(pendingOnly.status == 0)
            #expect(try Self.rows(directory + "/pending.xlsx").count == 3)

            // Teachers: accounts, the outbox, activation, the export.
            try Self.workbook(
                directory + "/teachers.xlsx", header: ["*姓名", "*手机号", "证件号码", "性别", "所教专业", "职称", "邮箱"],
                rows: [["李老师", "13700137001", "", "", "软件技术", "讲师", "li@example.com"], ["周老师", "13700137002", "", "", "", "", ""]])
            let teachers = try cli.run(["import", "teachers", "teachers.xlsx", "--json"] + school)
            #expect(teachers.status == 0, "\(teachers.err)")
            let record = try #require(try Self.json(teachers.out)["record"] as? String)
            let outbox = try Self.rows(directory + "/root/records/\(record)/sms-outbox.xlsx")
            #expect(outbox.count == 3)
            let message = try #require(outbox.first { $0[0] == "13700137001" }?[2])
            let start = try #require(message.range(of: "初始密码："))
            let password = String(message[start.upperBound...].prefix { $0 != "。" })
            #expect(password.count == 12)
            #expect(!teachers.out.contains(password) && !teachers.err.contains(password))
            let resultFile = try String(contentsOfFile: directory + "/root/records/\(record)/result.json", encoding: .utf8)
            #expect(!resultFile.contains(password))

            let wrong = try cli.run(["teachers", "activate", "13700137001", "--password", "not-it", "--root", "root", now])
            #expect(wrong.status == 1)
            #expect(wrong.err.contains("teacher.password"))
            let activated = try cli.run(["teachers", "activate", "13700137001", "--password", password, "--root", "root", now])
            #expect(activated.status == 0, "\(activated.err)")
            #expect(activated.out.contains("已激活"))
            #expect(!activated.out.contains(password))

            let taken = try cli.run(["import", "teachers", "teachers.xlsx"] + school)
            #expect(taken.status == 3)  // both mobiles are taken now
            #expect(!taken.out.contains("sms-outbox.xlsx"))
            try Self.workbook(
                directory + "/more.xlsx", header: ["*姓名", "*手机号"], rows: [["吴老师", "13700137003"]])
            let human = try cli.run(["import", "teachers", "more.xlsx"] + school)
            #expect(human.status == 0, "\(human.err)")
            #expect(human.out.contains("sms-outbox.xlsx"))

            #expect(try cli.run(["export", "teachers", "--root", "root", "--school", Self.school, "-o", "t.xlsx"]).status == 0)
            let teacherRows = try Self.rows(directory + "/t.xlsx")
            #expect(teacherRows.count == 4)
            #expect(teacherRows.first { $0[1] == "13700137001" }?[7] == "已激活")
            #expect(teacherRows.first { $0[1] == "13700137002" }?[7] == "未激活")
            #expect(!teacherRows.contains { $0.values.contains { $0.hasPrefix("$y$") || $0.contains(password) } })
        }
    }
}
