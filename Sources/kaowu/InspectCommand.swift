import Domain
import Foundation
import Pipeline

/// `kaowu inspect FILE`: a workbook as kaowu's reader sees it.
enum InspectCommand {
    static let command = Command(
        name: "inspect",
        forms: [
            Form(
                nil, usage: "kaowu inspect FILE [--sheet NAME] [--kind KIND] [--category C] [--limit N] [--json]", positionals: ["FILE"],
                options: ["--sheet", "--kind", "--category", "--limit"], flags: ["--json"])
        ],
        run: { arguments in
            let kind = try arguments.option("--kind").map { name -> TemplateKind in
                guard let kind = TemplateKind(rawValue: name) else { throw UsageError(message: "未知的类型 \(name)") }
                return kind
            }
            let report = try InspectReport.make(
                path: try arguments.positional(0, "FILE"), sheet: arguments.option("--sheet"), kind: kind,
                category: try TemplateCommand.categoryOption(arguments), limit: try arguments.integer("--limit", default: 200))
            if arguments.flag("--json") { try Output.json(report) } else { Output.out(InspectText.render(report)) }
            return .ok
        })
}
