import Domain
import Foundation
import Pipeline

/// `kaowu export KIND`: a filtered list written to .xlsx with Chinese headers.
enum ExportCommand {
    static let command = Command(
        name: "export",
        usage:
            "kaowu export KIND --root ROOT [--school CODE] [filters] -o FILE.xlsx   (KIND: \(kinds.joined(separator: "|")); candidates: --school CODE [--status 无照片|信息待认证|信息准确|需人工确认] [--category 院校考生|社会考生])",
        options: ["--root", "--school", "--status", "--category", "--plan", "--certificate", "--org", "-o", "--output"], flags: [],
        run: { arguments in try run(arguments) })

    /// One export per kind: reads its filters, writes `output`, returns the line to print.
    /// Adding an export to the CLI is one entry here.
    typealias Handler = @Sendable (Arguments, DataRoot, String) throws -> String

    static let handlers: [String: Handler] = [
        "candidates": { arguments, root, output in
            let count = try Exports.candidates(
                root: root, schoolCode: try arguments.required("--school"),
                status: try label("--status", arguments, as: CandidateStatus.self),
                category: try label("--category", arguments, as: CandidateCategory.self), output: output)
            return "已导出 \(count) 名考生到 \(output)"
        }
    ]

    static var kinds: [String] { handlers.keys.sorted() }

    static func run(_ arguments: Arguments) throws -> Int32 {
        let kind = try arguments.positional(0, "KIND")
        guard let handler = handlers[kind] else {
            throw UsageError(message: "未知的导出类型 \(kind)；可用：\(kinds.joined(separator: ", "))")
        }
        guard let output = arguments.option("-o") ?? arguments.option("--output"), !output.isEmpty else {
            throw UsageError(message: "缺少必需的选项 -o（导出文件，如 考生.xlsx）")
        }
        Output.out(try handler(arguments, DataRoot(path: try arguments.required("--root")), output) + "\n")
        return 0
    }

    /// An optional filter given by its Chinese label (or the internal name); absent means all.
    static func label<Value: ChineseLabeled & RawRepresentable<String>>(
        _ option: String, _ arguments: Arguments, as type: Value.Type
    ) throws -> Value? {
        guard let text = arguments.option(option) else { return nil }
        guard let value = Value(label: text) ?? Value(rawValue: text) else {
            throw UsageError(message: "\(option) 只能是 " + Value.labels.joined(separator: "、"))
        }
        return value
    }
}
