import Domain
import Foundation
import Pipeline

/// `kaowu candidates verify|confirm|delete`: the candidate lifecycle (MISSION.md section 4).
enum CandidatesCommand {
    static let command = Command(
        name: "candidates",
        forms: [
            Form(
                "verify", usage: "kaowu candidates verify --root ROOT --school CODE [--now T] [--json]",
                options: ["--root", "--school", "--now"], flags: ["--json"]),
            Form(
                "confirm", usage: "kaowu candidates confirm --root ROOT --school CODE (--id ID[,ID…] | --file FILE.xlsx) [--json]",
                options: ["--root", "--school", "--id", "--file"], flags: ["--json"]),
            Form(
                "delete", usage: "kaowu candidates delete --root ROOT --school CODE (--id ID[,ID…] | --file FILE.xlsx) [--json]",
                options: ["--root", "--school", "--id", "--file"], flags: ["--json"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let school = try arguments.required("--school")
        let action = try arguments.positional(0, "verify|confirm|delete")
        let summary: LifecycleSummary
        switch action {
        case "verify":
            summary = try CandidateCommands.verifyOffline(root: root, schoolCode: school, clock: try arguments.clock())
        case "confirm":
            summary = try CandidateCommands.confirm(root: root, schoolCode: school, idNumbers: try references(arguments))
        case "delete":
            summary = try CandidateCommands.delete(root: root, schoolCode: school, idNumbers: try references(arguments))
        case let other:
            throw UsageError(message: "未知子命令 \(other)；可用：verify, confirm, delete")
        }
        if arguments.flag("--json") {
            try Output.json(CommandJSON.Lifecycle(summary))
        } else {
            var text: String
            switch action {
            case "verify": text = "认证 \(summary.examined) 名：信息准确 \(summary.verified)，需人工确认 \(summary.needsManualCheck)\n"
            case "confirm": text = "人工确认 \(summary.confirmed) 名，未处理 \(summary.refusals.count) 名\n"
            default: text = "删除 \(summary.deleted) 名，未删除 \(summary.refusals.count) 名\n"
            }
            for (idNumber, reason) in summary.manualReasons.prefix(20) { text += "  需人工确认 \(idNumber)：\(reason)\n" }
            for refusal in summary.refusals { text += "  未处理 [\(refusal.code)] \(refusal.value)：\(refusal.reason)\n" }
            Output.out(text)
        }
        return summary.refusals.isEmpty ? .ok : .rowsFailed
    }

    /// IDs from `--id A,B` or the 证件号码 column of `--file`.
    static func references(_ arguments: Arguments) throws -> [CandidateReference] {
        if let file = arguments.option("--file") { return try CandidateReference.fromWorkbook(file) }
        guard let ids = arguments.option("--id") else { throw UsageError(message: "请用 --id 或 --file 指定考生") }
        return ids.split(separator: ",").enumerated().map { CandidateReference(row: $0.offset + 1, idNumber: String($0.element)) }
    }
}
