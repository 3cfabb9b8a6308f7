import Domain
import Foundation
import Pipeline

/// `kaowu template [KIND -o FILE]`: the blank workbook of an import kind, with drop-downs;
/// `kaowu template check FILE.json`: a document template checked as rendering would check it.
enum TemplateCommand {
    static let command = Command(
        name: "template",
        forms: [
            Form(
                nil, usage: "kaowu template [KIND -o FILE.xlsx [--category C]] | kaowu template check TEMPLATE.json",
                optional: ["KIND", "FILE"], options: ["-o", "--category"])
        ],
        run: { arguments in
            if arguments.positionals.first == "check" {
                guard arguments.positionals.count == 2 else { throw UsageError(message: "kaowu template check 需要一个模板文件") }
                let checked = try DocumentCommands.checkTemplate(path: arguments.positionals[1])
                Output.out("模板“\(checked.name)”（\(checked.documentLabel)，\(checked.document)）检查通过\n")
                return .ok
            }
            guard arguments.positionals.count <= 1 else { throw UsageError(message: "多余的参数 \(arguments.positionals[1])") }
            guard let name = arguments.positionals.first else {
                Output.out(TemplateKind.allCases.map { "\($0.rawValue)\t\($0.title)" }.joined(separator: "\n") + "\n")
                return .ok
            }
            guard let kind = TemplateKind(rawValue: name) else {
                throw UsageError(message: "未知的模板 \(name)；运行 kaowu template 查看全部")
            }
            let path = try arguments.required("-o")
            try TemplateWriter.write(kind, category: try categoryOption(arguments), to: path)
            Output.out("已生成模板：\(path)\n")
            return .ok
        })

    static func categoryOption(_ arguments: Arguments) throws -> CandidateCategory {
        guard let text = arguments.option("--category") else { return .school }
        guard let category = CandidateCategory(label: text) ?? CandidateCategory(rawValue: text) else {
            throw UsageError(message: "--category 只能是 院校考生 或 社会考生")
        }
        return category
    }
}
