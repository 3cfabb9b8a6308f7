import Domain
import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `kaowu nightly ROOT`: the documents of every scheduled plan brought up to date, redrawing
/// only what changed; a progress bar on a terminal, one summary line otherwise.
enum NightlyCommand {
    static let command = Command(
        name: "nightly",
        forms: [Form(nil, usage: "kaowu nightly ROOT [--now T] [--json]", positionals: ["ROOT"], options: ["--now"], flags: ["--json"])],
        run: { arguments in
            let terminal = isatty(STDERR_FILENO) == 1 && !arguments.flag("--json")
            let outcome = try NightlyJob.run(root: DataRoot(path: try arguments.positional(0, "ROOT")), clock: try arguments.clock()) {
                done, total in
                guard terminal, total > 0 else { return }
                let width = 30
                let filled = done * width / total
                FileHandle.standardError.write(
                    Data(
                        "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) 个考场"
                            .utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
            if arguments.flag("--json") {
                try Output.json(outcome)
            } else {
                let statuses = outcome.statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "，")
                var text = "nightly：\(outcome.plans) 个考试计划，\(outcome.rooms) 个考场；重新生成 \(outcome.rendered) 个文档"
                text += "（\(outcome.pages) 页），未变 \(outcome.unchanged) 个，删除 \(outcome.removed) 个；报考科目：\(statuses.isEmpty ? "无" : statuses)\n"
                for failure in outcome.failures { text += "  未能生成：\(failure)\n" }
                Output.out(text)
            }
            return outcome.failures.isEmpty ? .ok : .rowsFailed
        })
}
