import Foundation
import TestSupport
import Testing

/// A workbook of another import kind is refused as a whole (`file.wrong-template` naming both
/// kinds) and changes nothing: a 按证书报考 file dropped into 批量删除报考 must not delete the
/// enrollments it made, a 监考人员 file imported as teachers must not create accounts.
@Suite(.serialized) struct WrongTemplateCLITests {
    static let kinds = [
        "candidates", "candidates-update", "sites", "rooms", "proctors", "teachers", "enrollments-certificate",
        "enrollments-subject", "enrollments-delete",
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func recordCount(_ cli: CLI) throws -> Int {
        let listed = try cli.run(["records", "list", "--root", "root", "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [Any]).count
    }

    /// Every kind's own template, imported as every other kind: never accepted, never a change.
    @Test func everyTemplateImportedAsEveryOtherKindChangesNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 0)
            for kind in WrongTemplateCLITests.kinds {
                #expect(try cli.run(["template", kind, "-o", "\(kind).xlsx"]).status == 0)
            }
            let records = try WrongTemplateCLITests.recordCount(cli)
            var wrongTemplate: Set<String> = []
            for file in WrongTemplateCLITests.kinds {
                for kind in WrongTemplateCLITests.kinds where kind != file {
                    let result = try cli.run(["import", kind, "\(file).xlsx", "--root", "root", "--school", "S4101001", now])
                    let sameColumns = Set([file, kind]) == ["candidates", "candidates-update"]
                    #expect(sameColumns || result.status == 1, "\(file) as \(kind): \(result.out)\(result.err)")
                    if result.err.contains("file.wrong-template") { wrongTemplate.insert("\(file)→\(kind)") }
                }
            }
            #expect(try WrongTemplateCLITests.recordCount(cli) == records)
            for pair in [
                "enrollments-certificate→enrollments-delete", "enrollments-subject→enrollments-delete", "proctors→teachers",
                "enrollments-subject→enrollments-certificate", "rooms→sites",
            ] {
                #expect(wrongTemplate.contains(pair), "\(pair) not recognized: \(wrongTemplate.sorted())")
            }
        }
    }

    @Test func anEnrollmentFileDroppedIntoDeleteDeletesNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let school = ["--school", "S4101001"]
            #expect(
                try cli.run(["sample", "--out", "s", "--candidates", "10", "--photos", "--enrollments", "--bad-ratio", "0"]).status == 0)
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
            #expect(try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root"] + school + [now]).status == 0)
            #expect(try cli.run(["import", "photos", "s/photos.zip", "--root", "root"] + school + [now]).status == 0)
            #expect(try cli.run(["candidates", "verify", "--root", "root"] + school + [now]).status == 0)
            let enrolled = try cli.run(
                ["import", "enrollments-certificate", "s/enrollments.xlsx", "--root", "root"] + school + [now, "--json"])
            #expect(try WrongTemplateCLITests.json(enrolled.out)["succeeded"] as? Int == 20)
            let records = try WrongTemplateCLITests.recordCount(cli)
            for dryRun in [["--dry-run"], []] {
                let deleted = try cli.run(
                    ["import", "enrollments-delete", "s/enrollments.xlsx", "--root", "root"] + school + [now] + dryRun)
                #expect(deleted.status == 1)
                #expect(deleted.err.contains("file.wrong-template"), "\(deleted.err)")
                #expect(deleted.err.contains("按证书报考") && deleted.err.contains("批量删除报考"))
            }
            #expect(try WrongTemplateCLITests.recordCount(cli) == records)
            let exported = try cli.run(["export", "enrollments", "--root", "root", "--plan", "P2026-01", "-o", "e.xlsx"] + school)
            #expect(exported.status == 0)
            #expect(try EnrollmentCLITests.rowCount(directory + "/e.xlsx") == 30)
        }
    }

    @Test func aProctorFileImportedAsTeachersCreatesNoAccount() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 0)
            try MinimalWorkbook.write(
                directory + "/proctors.xlsx",
                rows: [
                    ["*姓名", "*证件号码", "*手机号", "性别", "职称", "*监考证书"], ["李监考", "110105198501010012", "13800138000", "男", "讲师", "C-WEB"],
                ])
            let result = try cli.run(["import", "teachers", "proctors.xlsx", "--root", "root", "--school", "S4101001", now])
            #expect(result.status == 1)
            #expect(result.err.contains("file.wrong-template"), "\(result.err)")
            #expect(result.err.contains("监考人员") && result.err.contains("教师"))
            let teachers = try cli.run(["export", "teachers", "--root", "root", "--school", "S4101001", "-o", "t.xlsx"])
            #expect(teachers.status == 0)
            #expect(try EnrollmentCLITests.rowCount(directory + "/t.xlsx") == 0)
            #expect(try recordsWithOutbox(directory) == 0)
            #expect(try cli.run(["import", "proctors", "proctors.xlsx", "--root", "root", "--school", "S4101001", now]).status == 0)
        }
    }

    func recordsWithOutbox(_ directory: String) throws -> Int {
        let enumerator = FileManager.default.enumerator(atPath: directory + "/root/records")
        var count = 0
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix("sms-outbox.xlsx") { count += 1 }
        }
        return count
    }
}
