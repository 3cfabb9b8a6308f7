import Domain
import Foundation
import Pipeline

/// `kaowu schedule --plan P`: seats and admission tickets for a plan (MISSION.md section 5).
enum ScheduleCommand {
    static let command = Command(
        name: "schedule",
        forms: [
            Form(
                nil, usage: "kaowu schedule --root ROOT --plan P [--school CODE] [--now T] [--operator NAME] [--json] [--dry-run]",
                options: ["--root", "--plan", "--school", "--now", "--operator"], flags: ["--json", "--dry-run"])
        ],
        run: { arguments in
            let outcome = try ScheduleJob.run(
                root: DataRoot(path: try arguments.required("--root")), planCode: try arguments.required("--plan"),
                schoolCode: arguments.option("--school"), clock: try arguments.clock(),
                operatorName: arguments.option("--operator") ?? "cli", dryRun: arguments.flag("--dry-run"))
            if arguments.flag("--json") {
                try Output.json(outcome)
            } else {
                Output.out(text(outcome))
            }
            return outcome.unseated.isEmpty ? .ok : .rowsFailed
        })

    static func text(_ outcome: ScheduleOutcome) -> String {
        var text = "排考记录 \(outcome.record.record)（\(outcome.record.file)）\n"
        text += "  已排 \(outcome.seated) 个报考科目（保留 \(outcome.kept)，新排 \(outcome.added)，撤销 \(outcome.withdrawn)），"
        text += "新发准考证 \(outcome.ticketsIssued) 张，未排 \(outcome.unseated.count) 个\n"
        for (code, count) in outcome.unseatedByReason.sorted(by: { $0.key < $1.key }) {
            let label = outcome.unseated.first { $0.code == code }?.reason ?? code
            text += "  未排：\(label) [\(code)] \(count) 个\n"
        }
        if let file = outcome.unseatedFile { text += "  未排考名单已写入：\(file)\n" }
        for unseated in outcome.unseated.prefix(10) {
            text +=
                "  \(unseated.school) \(unseated.idNumber) \(unseated.name) \(unseated.certificate) \(unseated.level) \(unseated.subject)："
            text += unseated.reason + (unseated.detail.isEmpty ? "" : "（\(unseated.detail)）") + "\n"
        }
        if outcome.unseated.count > 10 { text += "  ……另有 \(outcome.unseated.count - 10) 个，见未排考名单\n" }
        return text
    }
}
