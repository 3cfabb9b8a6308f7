import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@testable import Pipeline

/// A deterministic generator for password-shape tests (never for real passwords).
struct CountingGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 31)
    }
}

@Suite struct PasswordTests {
    @Test func generatedPasswordsMixClassesFromTheUnambiguousAlphabet() {
        var generator = CountingGenerator(state: 42)
        let allowed = Set("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
        var seen = Set<String>()
        for _ in 0..<200 {
            let password = Passwords.generate(using: &generator)
            #expect(password.count == 12)
            #expect(password.allSatisfy(allowed.contains))
            let classes = (password.contains { $0.isUppercase }, password.contains { $0.isLowercase }, password.contains { $0.isNumber })
            #expect(classes == (true, true, true))
            seen.insert(password)
        }
        #expect(seen.count == 200)
    }

    @Test func yescryptHashVerifiesOnlyTheRightPassword() throws {
        let issued = try Passwords.issue()
        #expect(issued.hash.hasPrefix("$y$"))
        #expect(!issued.hash.contains(issued.plain))
        #expect(Passwords.verify(issued.plain, against: issued.hash))
        #expect(!Passwords.verify(issued.plain + "x", against: issued.hash))
        #expect(!Passwords.verify(String(issued.plain.dropLast()), against: issued.hash))
        #expect(!Passwords.verify(issued.plain, against: "*"))
        #expect(!Passwords.verify(issued.plain, against: ""))
        // A fresh salt each time: the same password never hashes the same way twice.
        let again = try Passwords.hash(issued.plain)
        #expect(again != issued.hash)
        #expect(Passwords.verify(issued.plain, against: again))
    }
}

/// The 教师 import: rules, the account, the SMS outbox as the only home of a plain password.
@Suite struct TeacherImportTests {
    static let school = "S4101001"
    static let header = ["*姓名", "*手机号", "证件号码", "性别", "所教专业", "职称", "邮箱"]

    static func row(_ number: Int, name: String = "李老师") -> [String] {
        [name, "1370013\(String(format: "%04d", number))", "", "", "软件技术", "讲师", "t\(number)@example.com"]
    }

    func importTeachers(_ test: TestRoot, _ rows: [[String]], school: String = TeacherImportTests.school, dryRun: Bool = false) throws
        -> ImportOutcome
    {
        let file = try test.workbook("teachers-\(UUID().uuidString).xlsx", rows: rows, header: TeacherImportTests.header)
        return try Imports.teachers(
            test.request(kind: "teachers", file: file, tenant: school, dryRun: dryRun), root: test.root, schoolCode: school)
    }

    /// (mobile, name, password) from an import's SMS outbox.
    func outbox(_ test: TestRoot, _ outcome: ImportOutcome) throws -> [(mobile: String, name: String, password: String)] {
        let rows = try readRows(SMSOutbox.path(root: test.root, recordID: outcome.record.id))
        #expect(rows.first == [0: "手机号", 1: "姓名", 2: "短信内容"])
        return try rows.dropFirst().map { row in
            let text = try #require(row[2])
            let start = try #require(text.range(of: "初始密码："))
            let password = String(text[start.upperBound...].prefix { $0 != "。" })
            #expect(text.contains("账号：\(row[0] ?? "")"))
            return (row[0] ?? "", row[1] ?? "", password)
        }
    }

    /// Every rule of the teachers row, each in its own row of one file, with the code it gives.
    @Test func everyRuleFailsItsRowWithItsCode() throws {
        let test = try TestRoot()
        let female = TestRoot.id(2, birth: "19850101")
        let cases: [([String], [String])] = [
            (Self.row(1), []),
            (["李老师", "13700130002", female, "女", "", "", ""], []),
            (["李", "13700130003", "", "", "", "", ""], ["name.format"]),
            (["李老师", "1370013000", "", "", "", "", ""], ["phone.format"]),
            (["李老师", "13700130005", "12345", "", "", "", ""], ["id.format"]),
            (["李老师", "13700130006", "#410102198501010000", "", "", "", ""], ["id.numeric-cell"]),
            (["李老师", "13700130007", female, "男", "", "", ""], ["gender.mismatch"]),
            (["李老师", "13700130008", "", "M", "", "", ""], ["enum.invalid"]),
            (["李老师", "13700130009", "", "", String(repeating: "专", count: 51), "", ""], ["text.too-long"]),
            (["李老师", "13700130010", "", "", "", "", "teacher.example.com"], ["email.format"]),
            (["", "", "", "", "软件技术", "", ""], ["required", "required"]),
            (Self.row(1, name: "李四"), ["duplicate.in-file"]),  // row 1's mobile again
            (["李", "13700130012", "", "", "", "", ""], ["name.format"]),
            (["李老师", "13700130012", "", "", "", "", ""], ["duplicate.in-file"]),  // a failed row's mobile again
        ]
        let outcome = try importTeachers(test, cases.map(\.0))
        let failures = try test.failureCodes(outcome)
        for (index, (_, expected)) in cases.enumerated() {
            #expect(failures[index + 3] ?? [] == expected, "sheet row \(index + 3)")
        }
        #expect(outcome.record.succeeded == 2)
        #expect(try tableCount(test.store(), "teachers") == 2)
        #expect(try outbox(test, outcome).map(\.mobile) == ["13700130001", "13700130002"])
    }

    @Test func accountsAreUniqueAcrossImportsAndSchools() throws {
        let test = try TestRoot()
        #expect(try importTeachers(test, [Self.row(1)]).record.succeeded == 1)
        let again = try importTeachers(test, [Self.row(1), Self.row(2)])
        #expect(try test.failureCodes(again) == [3: ["teacher.exists"]])
        let other = try importTeachers(test, [Self.row(1), Self.row(2)], school: "S4401002")
        #expect(try test.failureCodes(other) == [3: ["teacher.exists"], 4: ["teacher.exists"]])
        #expect(!FileManager.default.fileExists(atPath: SMSOutbox.path(root: test.root, recordID: other.record.id)))
    }

    /// The plain password is in the outbox (owner-only) and nowhere else under the data root:
    /// not in the database or its WAL, not in result.json; the store holds a yescrypt hash
    /// that verifies it, and activation checks it.
    @Test func plainPasswordsLiveOnlyInTheOutbox() throws {
        let test = try TestRoot()
        let outcome = try importTeachers(test, (1...3).map { Self.row($0) } + [["李", "13700139999", "", "", "", "", ""]])
        #expect(outcome.record.succeeded == 3)
        let messages = try outbox(test, outcome)
        #expect(messages.count == 3)
        #expect(Set(messages.map(\.password)).count == 3)
        let outboxPath = SMSOutbox.path(root: test.root, recordID: outcome.record.id)
        let permissions = try FileManager.default.attributesOfItem(atPath: outboxPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        let store = try test.store()
        let hashes = try store.connection.statement("SELECT mobile, password_hash FROM teachers ORDER BY mobile").rows {
            ($0.text(0) ?? "", $0.text(1) ?? "")
        }
        #expect(hashes.count == 3)
        for (message, (mobile, hash)) in zip(messages, hashes) {
            #expect(message.mobile == mobile)
            #expect(hash.hasPrefix("$y$"))
            #expect(Passwords.verify(message.password, against: hash))
            #expect(!Passwords.verify(message.password.lowercased() + "0", against: hash))
        }
        // Not a byte of any plain password anywhere else under the root (outbox aside).
        let enumerator = try #require(FileManager.default.enumerator(atPath: test.root.path))
        var scanned = 0
        while let relative = enumerator.nextObject() as? String {
            let path = test.root.path + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, path != outboxPath
            else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            for message in messages { #expect(data.range(of: Data(message.password.utf8)) == nil, "\(relative)") }
            scanned += 1
        }
        #expect(scanned >= 3)  // the database, result.json, failed-rows.xlsx

        // Activation: the wrong password is refused, the right one activates, once.
        let first = messages[0]
        #expect(throws: KaowuError.self) {
            try TeacherCommands.activate(root: test.root, mobile: first.mobile, password: "wrong-password", clock: TestRoot.clock)
        }
        #expect(try store.teacherCredential(mobile: first.mobile)?.teacher.status == .inactive)
        let activated = try TeacherCommands.activate(root: test.root, mobile: first.mobile, password: first.password, clock: TestRoot.clock)
        #expect(activated.status == .active)
        #expect(try store.teacherCredential(mobile: first.mobile)?.teacher.status == .active)
        #expect(try store.teacherCredential(mobile: first.mobile)?.teacher.activatedAt == TestRoot.clock.now)
        do {
            try TeacherCommands.activate(root: test.root, mobile: "13700135555", password: first.password, clock: TestRoot.clock)
            Issue.record("an unknown account was activated")
        } catch let error as KaowuError {
            #expect(error.code == .teacherNotFound)
            #expect(!error.message.contains(first.password))
        }
    }

    @Test func dryRunIssuesNoPasswordAndWritesNoOutbox() throws {
        let test = try TestRoot()
        let outcome = try importTeachers(test, [Self.row(1), Self.row(2)], dryRun: true)
        #expect(outcome.record.status == .dryRun)
        #expect(outcome.record.succeeded == 2)
        #expect(try tableCount(test.store(), "teachers") == 0)
        #expect(!FileManager.default.fileExists(atPath: SMSOutbox.path(root: test.root, recordID: outcome.record.id)))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: test.root.recordsPath).filter { $0.hasPrefix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func refusedFileLeavesNoOutbox() throws {
        let test = try TestRoot()
        let file = try test.workbook("wrong.xlsx", rows: [["x", "y"]], header: ["编号", "名称"])
        #expect(throws: KaowuError.self) {
            try Imports.teachers(test.request(kind: "teachers", file: file, tenant: Self.school), root: test.root, schoolCode: Self.school)
        }
        #expect(try tableCount(test.store(), "teachers") == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: test.root.recordsPath).filter { $0.hasPrefix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func exportNeverCarriesAPasswordOrHash() throws {
        let test = try TestRoot()
        let female = TestRoot.id(2, birth: "19850101")
        let outcome = try importTeachers(test, [Self.row(1), ["王老师", "13700130002", female, "", "", "副教授", ""]])
        let messages = try outbox(test, outcome)
        try TeacherCommands.activate(root: test.root, mobile: messages[0].mobile, password: messages[0].password, clock: TestRoot.clock)

        let output = test.path("教师.xlsx")
        #expect(try Exports.teachers(root: test.root, schoolCode: Self.school, status: nil, output: output) == 2)
        let rows = try readRows(output)
        #expect(rows[0] == [0: "姓名", 1: "手机号", 2: "证件号码", 3: "性别", 4: "所教专业", 5: "职称", 6: "邮箱", 7: "账号状态", 8: "激活时间"])
        let byMobile = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[1] ?? "", $0) })
        #expect(byMobile["13700130001"]?[7] == "已激活")
        #expect(byMobile["13700130001"]?[8] != nil)
        #expect(byMobile["13700130002"]?[7] == "未激活")
        #expect(byMobile["13700130002"]?[2] == female)
        #expect(byMobile["13700130002"]?[3] == "女")  // from the ID
        for row in rows {
            for value in row.values {
                #expect(!value.hasPrefix("$y$"))
                #expect(!messages.contains { value.contains($0.password) })
            }
        }
        let inactive = test.path("未激活.xlsx")
        #expect(try Exports.teachers(root: test.root, schoolCode: Self.school, status: .inactive, output: inactive) == 1)
        #expect(try readRows(inactive).dropFirst().map { $0[1] } == ["13700130002"])
    }
}
