import Domain
import Foundation
import Pipeline

/// `kaowu render tickets|signin|door|desk|all`: the exam documents of a plan as PDFs.
enum RenderCommand {
    static let command = Command(
        name: "render",
        forms: [
            Form(
                nil,
                usage:
                    "kaowu render tickets|signin|door|desk|all --root ROOT --plan P [--school S] [--site S] [--room R] [--per-candidate] -o DIR [--json]",
                positionals: ["DOCUMENT"], options: ["--root", "--plan", "--school", "--site", "--room", "-o"],
                flags: ["--per-candidate", "--json"])
        ],
        run: { arguments in
            let name = try arguments.positional(0, "DOCUMENT")
            let documents: [ExamDocument]
            if name == "all" {
                documents = ExamDocument.examDocuments
            } else if let document = ExamDocument(rawValue: name) ?? ExamDocument(label: name) {
                documents = [document]
            } else {
                throw UsageError(message: "未知的文档 \(name)；可用：tickets、signin、door、desk、all")
            }
            let bar = ProgressLine.make(enabled: !arguments.flag("--json"))
            defer { bar?.finish() }
            let outcome = try RenderJob.run(
                root: DataRoot(path: try arguments.required("--root")),
                request: RenderRequest(
                    planCode: try arguments.required("--plan"), documents: documents, schoolCode: arguments.option("--school"),
                    siteCode: arguments.option("--site"), roomName: arguments.option("--room"),
                    perCandidate: arguments.flag("--per-candidate"), outputDirectory: try arguments.required("-o"))
            ) { done, total in bar?.update(done: done, total: total, unit: "个考场") }
            bar?.finish()
            if arguments.flag("--json") {
                try Output.json(outcome)
            } else {
                var text = "已生成 \(outcome.rooms) 个考场的文档：\(outcome.files) 个文件"
                if outcome.candidateFiles > 0 { text += "，另有每位考生的准考证 \(outcome.candidateFiles) 个" }
                text += "，共 \(outcome.pages) 页，\(outcome.bytes / 1024) KB\n  目录：\(outcome.directory)\n"
                Output.out(text)
            }
            return .ok
        })
}
