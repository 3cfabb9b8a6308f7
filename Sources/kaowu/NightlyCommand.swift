import Domain
import Foundation
import Pipeline

/// `kaowu nightly ROOT`: the documents of every scheduled plan brought up to date, redrawing
/// only what changed; a progress bar on a terminal, one summary line otherwise.
enum NightlyCommand {
    static let command = Command(
        name: "nightly",
        forms: [Form(nil, usage: "kaowu nightly ROOT [--now T] [--json]", positionals: ["ROOT"], options: ["--now"], flags: ["--json"])],
        run: { arguments in
            let bar = ProgressLine.make(enabled: !arguments.flag("--json"))
            let outcome = try NightlyJob.run(root: DataRoot(path: try arguments.positional(0, "ROOT")), clock: try arguments.clock()) {
                done, total in bar?.update(done: done, total: total, unit: "个考场")
            }
            bar?.finish()
            if arguments.flag("--json") {
                try Output.json(outcome)
            } else {
                let statuses = outcome.statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "，")
                var text = "nightly：\(outcome.plans) 个考试计划，\(outcome.rooms) 个考场；重新生成 \(outcome.rendered) 个文档"
                text += "（\(outcome.pages) 页），未变 \(outcome.unchanged) 个，删除 \(outcome.removed) 个；报考科目：\(statuses.isEmpty ? "无" : statuses)\n"
                for failure in outcome.failures { text += "  未能生成：\(failure)\n" }
                if !outcome.settledPlans.isEmpty {
                    text += "成绩锁定、结果定稿：\(outcome.settledPlans.joined(separator: "、"))，新建颁证记录 \(outcome.issuancesCreated) 条\n"
                }
                if outcome.certificates + outcome.stampFailed > 0 {
                    text += "证书：生成 \(outcome.certificates) 份，盖章失败 \(outcome.stampFailed) 份（kaowu issuance list 查看原因）\n"
                }
                Output.out(text)
            }
            return outcome.failures.isEmpty ? .ok : .rowsFailed
        })
}
