import Domain
import Foundation
import Pipeline

/// `kaowu export KIND`: a filtered list written to .xlsx with Chinese headers.
enum ExportCommand {
    static let command = Command(
        name: "export",
        usage:
            "kaowu export candidates --root ROOT --school CODE [--status 无照片|信息待认证|信息准确|需人工确认] [--category 院校考生|社会考生] -o FILE.xlsx",
        options: ["--root", "--school", "--status", "--category", "-o", "--output"], flags: [],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> Int32 {
        let kind = try arguments.positional(0, "KIND")
        guard kind == "candidates" else { throw UsageError(message: "未知的导出类型 \(kind)；可用：candidates") }
        guard let output = arguments.option("-o") ?? arguments.option("--output"), !output.isEmpty else {
            throw UsageError(message: "缺少必需的选项 -o（导出文件，如 考生.xlsx）")
        }
        let count = try Exports.candidates(
            root: DataRoot(path: try arguments.required("--root")), schoolCode: try arguments.required("--school"),
            status: try label("--status", arguments, as: CandidateStatus.self),
            category: try label("--category", arguments, as: CandidateCategory.self), output: output)
        Output.out("已导出 \(count) 名考生到 \(output)\n")
        return 0
    }

    /// An optional filter given by its Chinese label (or the internal name); absent means all.
    private static func label<Value: ChineseLabeled & RawRepresentable<String>>(
        _ option: String, _ arguments: Arguments, as type: Value.Type
    ) throws -> Value? {
        guard let text = arguments.option(option) else { return nil }
        guard let value = Value(label: text) ?? Value(rawValue: text) else {
            throw UsageError(message: "\(option) 只能是 " + Value.labels.joined(separator: "、"))
        }
        return value
    }
}
