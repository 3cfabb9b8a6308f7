import Domain
import Foundation
import Pipeline
import SampleData

/// One subcommand: its usage line and its body, which returns the exit status.
struct Command: Sendable {
    let name: String
    let usage: String
    let options: Set<String>
    let flags: Set<String>
    let run: @Sendable (Arguments) throws -> Int32
}

enum Commands {
    static let importOptions: Set<String> = ["--root", "--school", "--category", "--now", "--operator"]
    static let importFlags: Set<String> = ["--json", "--dry-run"]

    static let all: [Command] = [
        Command(
            name: "init", usage: "kaowu init ROOT", options: [], flags: [],
            run: { arguments in
                let root = try DataRoot.initialize(at: try arguments.positional(0, "ROOT"))
                Output.out("已初始化数据目录：\(root.path)\n")
                return 0
            }),
        Command(
            name: "catalog",
            usage: "kaowu catalog import FILE --root ROOT [--now T] [--operator NAME] [--json] [--dry-run]",
            options: importOptions, flags: importFlags,
            run: { arguments in
                guard try arguments.positional(0, "import") == "import" else { throw UsageError(message: "未知子命令") }
                let request = try importRequest(arguments, kind: "catalog", file: try arguments.positional(1, "FILE"), tenant: "operator")
                let root = DataRoot(path: try arguments.required("--root"))
                return try finish(arguments) { report in try Imports.catalog(request, root: root, report: report) }
            }),
        Command(
            name: "import",
            usage:
                "kaowu import KIND FILE --root ROOT --school CODE [--category 院校考生|社会考生] [--now T] [--operator NAME] [--json] [--dry-run]   (KIND: \(ImportCommands.kinds.joined(separator: "|")))",
            options: importOptions, flags: importFlags,
            run: { arguments in
                let kind = try arguments.positional(0, "KIND")
                guard let start = ImportCommands.handlers[kind] else {
                    throw UsageError(
                        message: "未知的导入类型 \(kind)；可用：\(ImportCommands.kinds.joined(separator: ", "))（目录请用 kaowu catalog import）")
                }
                let school = try arguments.required("--school")
                let request = try importRequest(arguments, kind: kind, file: try arguments.positional(1, "FILE"), tenant: school)
                let root = DataRoot(path: try arguments.required("--root"))
                return try finish(arguments) { report in try start(arguments, request, root, school, report) }
            }),
        Command(
            name: "inspect", usage: "kaowu inspect FILE [--sheet NAME] [--kind KIND] [--category C] [--limit N] [--json]",
            options: ["--sheet", "--kind", "--category", "--limit"], flags: ["--json"],
            run: { arguments in
                let kind = try arguments.option("--kind").map { name -> TemplateKind in
                    guard let kind = TemplateKind(rawValue: name) else { throw UsageError(message: "未知的类型 \(name)") }
                    return kind
                }
                let report = try InspectReport.make(
                    path: try arguments.positional(0, "FILE"), sheet: arguments.option("--sheet"), kind: kind,
                    category: try categoryOption(arguments), limit: try arguments.integer("--limit", default: 200))
                if arguments.flag("--json") { try Output.json(report) } else { Output.out(InspectText.render(report)) }
                return 0
            }),
        Command(
            name: "template", usage: "kaowu template [KIND -o FILE.xlsx [--category C]]", options: ["-o", "--category"], flags: [],
            run: { arguments in
                guard let name = arguments.positionals.first else {
                    Output.out(TemplateKind.allCases.map { "\($0.rawValue)\t\($0.title)" }.joined(separator: "\n") + "\n")
                    return 0
                }
                guard let kind = TemplateKind(rawValue: name) else {
                    throw UsageError(message: "未知的模板 \(name)；运行 kaowu template 查看全部")
                }
                let path = try arguments.required("-o")
                try TemplateWriter.write(kind, category: try categoryOption(arguments), to: path)
                Output.out("已生成模板：\(path)\n")
                return 0
            }),
        Command(
            name: "sample", usage: "kaowu sample --out DIR [--candidates N] [--bad-ratio R] [--seed S] [--photos] [--enrollments]",
            options: ["--out", "--candidates", "--bad-ratio", "--seed"], flags: ["--photos", "--enrollments"],
            run: { arguments in
                let ratioText = arguments.option("--bad-ratio") ?? "0.05"
                guard let ratio = Double(ratioText), (0...1).contains(ratio) else {
                    throw UsageError(message: "--bad-ratio 应为 0 到 1 之间的小数：\(ratioText)")
                }
                let summary = try SampleData.generate(
                    SampleData.Options(
                        directory: try arguments.required("--out"), candidates: try arguments.integer("--candidates", default: 1000),
                        badRatio: ratio, seed: UInt64(try arguments.integer("--seed", default: 20_261_123)),
                        photos: arguments.flag("--photos"), enrollments: arguments.flag("--enrollments")))
                Output.out("目录：\(summary.catalogPath)\n考生：\(summary.candidatesPath)（\(summary.rows) 行，其中故意错误 \(summary.badRows) 行）\n")
                if let photos = summary.photosPath {
                    Output.out("照片：\(photos)（\(summary.photoCount) 张，其中故意错误 \(summary.badPhotos) 张）\n")
                    for more in summary.photoArchives.dropFirst() { Output.out("照片（续）：\(more)\n") }
                }
                if let enrollments = summary.enrollmentsPath {
                    Output.out("报考：\(enrollments)（\(summary.enrollmentRows) 行，其中故意错误 \(summary.badEnrollmentRows) 行）\n")
                }
                return 0
            }),
        Command(
            name: "records",
            usage:
                "kaowu records list --root ROOT [--school CODE] [--json] | show ID --root ROOT [--json] | failed-rows ID --root ROOT -o FILE",
            options: ["--root", "--school", "-o", "--limit"], flags: ["--json"],
            run: { arguments in try RecordsCommand.run(arguments) }),
        ExportCommand.command,
        CandidatesCommand.command,
        PaymentCommand.command,
        SitesCommand.command,
        RoomsCommand.command,
        ProctorsCommand.command,
        TeachersCommand.command,
    ]

    static func categoryOption(_ arguments: Arguments) throws -> CandidateCategory {
        guard let text = arguments.option("--category") else { return .school }
        guard let category = CandidateCategory(label: text) ?? CandidateCategory(rawValue: text) else {
            throw UsageError(message: "--category 只能是 院校考生 或 社会考生")
        }
        return category
    }

    static func importRequest(_ arguments: Arguments, kind: String, file: String, tenant: String) throws -> ImportRequest {
        ImportRequest(
            kind: kind, file: file, tenant: tenant, operatorName: arguments.option("--operator") ?? "cli",
            clock: try arguments.clock(), dryRun: arguments.flag("--dry-run"))
    }

    /// Runs an import and prints its result as JSON or as a summary; maps the outcome to 0 or 3.
    static func finish(
        _ arguments: Arguments, _ body: ((ImportOutcome, FailureCursor) throws -> Void) throws -> ImportOutcome
    ) throws -> Int32 {
        let json = arguments.flag("--json")
        let outcome = try body { outcome, failures in
            if json {
                try RecordJSON.write(outcome, failures: failures, to: Output.out)
            } else {
                try Output.summary(outcome, failures: failures)
            }
        }
        return Output.exitStatus(for: outcome.record)
    }
}
