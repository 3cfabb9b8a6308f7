import Domain
import Foundation
import Pipeline

/// `kaowu teachers activate PHONE`: the teacher's first sign-in with the initial password
/// (未激活 → 已激活). The password comes from `--password` or, better (it stays out of the
/// process list), from the first line of standard input; it is never printed.
enum TeachersCommand {
    static let command = Command(
        name: "teachers",
        forms: [
            Form(
                "activate", usage: "kaowu teachers activate PHONE --root ROOT [--password P | < 密码] [--now T] [--json]",
                positionals: ["PHONE"], options: ["--root", "--password", "--now"], flags: ["--json"])
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let mobile = try arguments.positional(1, "PHONE")
        let password = try arguments.option("--password") ?? passwordFromStandardInput()
        let teacher = try TeacherCommands.activate(
            root: DataRoot(path: try arguments.required("--root")), mobile: mobile, password: password, clock: try arguments.clock())
        if arguments.flag("--json") {
            try Output.json(CommandJSON.Teacher(mobile: teacher.mobile, name: teacher.name, status: teacher.status.label))
        } else {
            Output.out("教师 \(teacher.name)（\(teacher.mobile)）：\(teacher.status.label)\n")
        }
        return .ok
    }

    private static func passwordFromStandardInput() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw UsageError(message: "请用 --password 或标准输入提供密码")
        }
        return line
    }
}
