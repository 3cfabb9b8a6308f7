import Domain
import Foundation
import Pipeline

/// `kaowu template [KIND -o FILE]`: the blank workbook of an import kind, with drop-downs.
enum TemplateCommand {
    static let command = Command(
        name: "template",
        forms: [Form(nil, usage: "kaowu template [KIND -o FILE.xlsx [--category C]]", optional: ["KIND"], options: ["-o", "--category"])],
        run: { arguments in
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
