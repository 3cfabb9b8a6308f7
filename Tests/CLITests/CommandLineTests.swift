import Foundation
import TestSupport
import Testing

/// Each subcommand takes exactly what its form declares: anything else is a usage error (exit
/// 2) naming the option, the value or the command, before anything runs.
@Suite struct CommandLineTests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try withTemporaryDirectory { try CLI(directory: $0).run(arguments) }
    }

    @Test func anOptionAnotherFormTakesIsRefused() throws {
        let result = try run(["payments", "list", "--root", "r", "--by", "subject"])
        #expect(result.status == 2)
        #expect(result.err.contains("kaowu payments list 不接受选项 --by"), "\(result.err)")
        #expect(result.err.contains("用法：kaowu payments list"))
    }

    @Test func aMalformedValueIsRefusedEvenWhereItWouldNotBeRead() throws {
        let result = try run(["records", "list", "--root", "r", "--limit", "ten"])
        #expect(result.status == 2)
        #expect(result.err.contains("选项 --limit 的值“ten”无效"), "\(result.err)")
        let now = try run(["payments", "confirm", "O1", "--root", "r", "--now", "garbage"])
        #expect(now.status == 2)
        #expect(now.err.contains("选项 --now 的值“garbage”无效"), "\(now.err)")
    }

    @Test func onlyCandidateImportsTakeACategory() throws {
        let rooms = try run(["import", "rooms", "f.xlsx", "--root", "r", "--school", "S1", "--category", "社会考生"])
        #expect(rooms.status == 2)
        #expect(rooms.err.contains("kaowu import rooms 不接受选项 --category"), "\(rooms.err)")
        let badCategory = try run(["import", "candidates", "f.xlsx", "--root", "r", "--school", "S1", "--category", "学生"])
        #expect(badCategory.status == 2)
        #expect(badCategory.err.contains("--category"), "\(badCategory.err)")
    }

    @Test func extraPositionalsAreRefused() throws {
        let result = try run(["records", "show", "R1", "R2", "--root", "r"])
        #expect(result.status == 2)
        #expect(result.err.contains("多余的参数：R2"), "\(result.err)")
        let missing = try run(["records", "show", "--root", "r"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("缺少参数 ID"), "\(missing.err)")
    }

    @Test func aFlagTakesNoValue() throws {
        let result = try run(["records", "list", "--root", "r", "--json=yes"])
        #expect(result.status == 2)
        #expect(result.err.contains("开关 --json 不带值"), "\(result.err)")
    }

    @Test func anOptionsValueMayNotBeAnotherOption() throws {
        let result = try run(["import", "candidates", "f.xlsx", "--root", "r", "--school", "S1", "--operator", "--help"])
        #expect(result.status == 2)
        #expect(result.err.contains("选项 --operator 需要一个值，后面却是选项 --help"), "\(result.err)")
        let repeated = try run(["records", "list", "--root", "a", "--root", "b"])
        #expect(repeated.status == 2)
        #expect(repeated.err.contains("选项 --root 重复出现"), "\(repeated.err)")
    }

    @Test func unknownCommandsAndSubcommandsAreNamed() throws {
        let command = try run(["schedules"])
        #expect(command.status == 2)
        #expect(command.err.contains("未知命令 schedules"))
        let subcommand = try run(["payments", "refund", "--root", "r"])
        #expect(subcommand.status == 2)
        #expect(subcommand.err.contains("kaowu payments 没有子命令 refund"), "\(subcommand.err)")
        let none = try run(["payments", "--root", "r"])
        #expect(none.status == 2)
        #expect(none.err.contains("kaowu payments 缺少子命令"), "\(none.err)")
    }

    @Test func kaowuAlonePrintsUsageToStandardError() throws {
        let result = try run([])
        #expect(result.status == 2)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("用法："))
        let help = try run(["help"])
        #expect(help.status == 0)
        #expect(help.out.contains("kaowu payments list"))
    }

    @Test func helpShowsTheFormsUsage() throws {
        let form = try run(["payments", "list", "--help"])
        #expect(form.status == 0)
        #expect(form.out == "用法：kaowu payments list --root ROOT [--school CODE] [--plan P] [--json]\n")
        let command = try run(["payments", "--help"])
        #expect(command.status == 0)
        #expect(command.out.contains("kaowu payments generate") && command.out.contains("kaowu payments delete"))
    }

    /// The valid forms still parse: inline values, a value that looks like a negative number.
    @Test func validFormsRun() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run(["init", "root"]).status == 0)
            let listed = try cli.run(["records", "list", "--root=root", "--limit", "5", "--json"])
            #expect(listed.status == 0, "\(listed.err)")
            #expect(listed.out.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || listed.out.contains("[]"), "\(listed.out)")
        }
    }
}
