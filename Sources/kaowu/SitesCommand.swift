import Domain
import Foundation
import Pipeline

/// `kaowu sites …`: the 考核站点 status machine. A school creates, submits, withdraws (撤销) and
/// deletes its sites; the organization that owns the certificate approves or returns them.
enum SitesCommand {
    static let command = Command(
        name: "sites",
        forms: [
            Form(
                "create",
                usage:
                    "kaowu sites create --root ROOT --school CODE --certificate C --address ADDR [--contact NAME] [--phone P] [--submit] [--json]",
                options: ["--root", "--school", "--certificate", "--address", "--contact", "--phone"], flags: ["--json", "--submit"])
        ]
            + ["submit", "withdraw", "delete"].map { (action: String) in
                Form(
                    action, usage: "kaowu sites \(action) --root ROOT --school CODE --certificate C[,C…] [--json]",
                    options: ["--root", "--school", "--certificate"], flags: ["--json"])
            }
            + ["approve", "return"].map { (action: String) in
                Form(
                    action,
                    usage: "kaowu sites \(action) --root ROOT --org ORG --school CODE --certificate C[,C…] [--reason TEXT] [--json]",
                    options: ["--root", "--org", "--school", "--certificate", "--reason"], flags: ["--json"])
            } + [],
        run: { arguments in try run(arguments) })

    static let actions: [String: SiteAction] = [
        "submit": .submit, "withdraw": .withdraw, "delete": .delete, "approve": .approve, "return": .returnForRevision,
    ]

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let school = try arguments.required("--school")
        let name = try arguments.positional(0, "create|submit|withdraw|delete|approve|return")
        let summary: SiteRoomSummary
        if name == "create" {
            summary = try SiteCommands.create(
                root: root, schoolCode: school, certificate: try arguments.required("--certificate"),
                address: try arguments.required("--address"), contact: arguments.option("--contact"), phone: arguments.option("--phone"),
                submit: arguments.flag("--submit"))
        } else if let action = actions[name] {
            let byOrganization = action == .approve || action == .returnForRevision
            let actor = byOrganization ? try arguments.required("--org") : school
            summary = try SiteCommands.perform(
                action, root: root, actor: actor, schoolCode: school,
                certificates: SummaryOutput.list(try arguments.required("--certificate")),
                reason: arguments.option("--reason"))
        } else {
            throw UsageError(message: "未知子命令 \(name)；可用：create, " + actions.keys.sorted().joined(separator: ", "))
        }
        let verb = name == "create" ? "保存" : (actions[name]?.label ?? name)
        return try SummaryOutput.print(summary, json: arguments.flag("--json"), done: "\(verb) \(summary.changed) 个考核站点")
    }
}

/// Printing a site or room command's summary: a line and each refusal, or `--json`; exit 0 when
/// nothing was refused, else 3.
enum SummaryOutput {
    static func print(_ summary: SiteRoomSummary, json: Bool, done: String) throws -> ExitCode {
        if json {
            try Output.json(CommandJSON.Changes(summary))
        } else {
            var text = done + (summary.refusals.isEmpty ? "\n" : "，未处理 \(summary.refusals.count) 个\n")
            for refusal in summary.refusals { text += "  未处理 [\(refusal.code)] \(refusal.value)：\(refusal.reason)\n" }
            Output.out(text)
        }
        return summary.refusals.isEmpty ? .ok : .rowsFailed
    }

    /// A comma-separated option value (`C-WEB,C-BDA`; 、 and ， work too).
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { ",、，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
