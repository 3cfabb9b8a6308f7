import Domain
import Foundation
import Pipeline

/// `kaowu rooms copy|delete`: reuse a plan's rooms for another plan (沿用之前的考场设置), and
/// delete 未排考 rooms. Rooms are imported with `kaowu import rooms`.
enum RoomsCommand {
    static let command = Command(
        name: "rooms",
        forms: [
            Form(
                "copy", usage: "kaowu rooms copy --from PLAN --to PLAN --root ROOT --school CODE [--now T] [--json]",
                options: ["--root", "--school", "--from", "--to", "--now"], flags: ["--json"]),
            Form(
                "delete",
                usage:
                    "kaowu rooms delete --root ROOT --school CODE --plan PLAN --certificate C [--site SITE] --name ROOM[,ROOM…] [--now T] [--json]",
                options: ["--root", "--school", "--plan", "--certificate", "--site", "--name", "--now"], flags: ["--json"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let school = try arguments.required("--school")
        let clock = try arguments.clock()
        switch try arguments.positional(0, "copy|delete") {
        case "copy":
            let summary = try RoomCommands.copy(
                root: root, schoolCode: school, from: try arguments.required("--from"), to: try arguments.required("--to"), clock: clock)
            return try SummaryOutput.print(summary, json: arguments.flag("--json"), done: "沿用 \(summary.changed) 个考场")
        case "delete":
            let summary = try RoomCommands.delete(
                root: root, schoolCode: school, planCode: try arguments.required("--plan"),
                certificate: try arguments.required("--certificate"),
                site: arguments.option("--site"), names: SummaryOutput.list(try arguments.required("--name")), clock: clock)
            return try SummaryOutput.print(summary, json: arguments.flag("--json"), done: "删除 \(summary.changed) 个考场")
        case let other:
            throw UsageError(message: "未知子命令 \(other)；可用：copy, delete")
        }
    }
}
