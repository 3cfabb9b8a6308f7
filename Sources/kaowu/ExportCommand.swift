import Domain
import Foundation
import Pipeline

/// `kaowu export KIND`: a filtered list written to .xlsx with Chinese headers.
enum ExportCommand {
    static let command = Command(
        name: "export",
        forms: kinds.map { kind in
            let filters = ExportCommand.filters[kind] ?? []
            return Form(
                kind,
                usage: "kaowu export \(kind) --root ROOT " + filters.map { "[\($0) …] " }.joined() + "-o FILE.xlsx",
                options: Set(["--root", "-o", "--output"] + filters))
        },
        run: { arguments in try run(arguments) })

    /// The filters each export takes (its `--school` may be required; the handler says so).
    static let filters: [String: [String]] = [
        "candidates": ["--school", "--status", "--category"],
        "enrollments": ["--school", "--plan", "--certificate", "--now"],
        "payment-orders": ["--school", "--plan"],
        "sites": ["--school", "--certificate", "--status"],
        "rooms": ["--school", "--plan", "--now"],
        "schools": ["--plan"],
        "organizations": [],
        "proctors": ["--school", "--org", "--status", "--certificate"],
        "teachers": ["--school", "--status"],
        "schedule": ["--plan", "--school", "--now"],
        "room-arrangements": ["--plan", "--school", "--now"],
        "site-arrangements": ["--plan", "--school"],
        "scores": ["--plan", "--school"],
        "results": ["--plan", "--school"],
        "issuance": ["--school", "--org", "--plan", "--status"],
    ]

    /// One export per kind: reads its filters, writes `output`, returns the line to print.
    /// Adding an export to the CLI is one entry here.
    typealias Handler = @Sendable (Arguments, DataRoot, String, RowProgress?) throws -> String

    static let handlers: [String: Handler] = [
        "candidates": { arguments, root, output, progress in
            let count = try Exports.candidates(
                root: root, schoolCode: try arguments.required("--school"),
                status: try label("--status", arguments, as: CandidateStatus.self),
                category: try label("--category", arguments, as: CandidateCategory.self), output: output, progress: progress)
            return "已导出 \(count) 名考生到 \(output)"
        },
        "enrollments": { arguments, root, output, progress in
            let count = try Exports.enrollments(
                root: root, schoolCode: arguments.option("--school"), planCode: arguments.option("--plan"),
                certificateCode: arguments.option("--certificate"), clock: try arguments.clock(), output: output, progress: progress)
            return "已导出 \(count) 条报考记录到 \(output)"
        },
        "payment-orders": { arguments, root, output, progress in
            let count = try Exports.paymentOrders(
                root: root, schoolCode: arguments.option("--school"), planCode: arguments.option("--plan"), output: output,
                progress: progress)
            return "已导出 \(count) 张缴费申请单到 \(output)"
        },
        "sites": { arguments, root, output, progress in
            let count = try Exports.sites(
                root: root, schoolCode: arguments.option("--school"), certificate: arguments.option("--certificate"),
                status: try label("--status", arguments, as: SiteStatus.self), output: output, progress: progress)
            return "已导出 \(count) 个考核站点到 \(output)"
        },
        "rooms": { arguments, root, output, progress in
            let count = try Exports.rooms(
                root: root, schoolCode: arguments.option("--school"), planCode: arguments.option("--plan"), clock: try arguments.clock(),
                output: output, progress: progress)
            return "已导出 \(count) 个考场到 \(output)"
        },
        "schools": { arguments, root, output, progress in
            let count = try Exports.schools(root: root, planCode: arguments.option("--plan"), output: output, progress: progress)
            return "已导出 \(count) 所院校到 \(output)"
        },
        "organizations": { _, root, output, progress in
            let count = try Exports.organizations(root: root, output: output, progress: progress)
            return "已导出 \(count) 个培训评价组织到 \(output)"
        },
        "proctors": { arguments, root, output, progress in
            guard arguments.option("--school") != nil || arguments.option("--org") != nil else {
                throw UsageError(message: "导出监考人员需要 --school CODE（本校）或 --org ORG（本组织的证书）")
            }
            let count = try Exports.proctors(
                root: root, schoolCode: arguments.option("--school"), organizationCode: arguments.option("--org"),
                status: try label("--status", arguments, as: ProctorCertificationStatus.self),
                certificate: arguments.option("--certificate"), output: output, progress: progress)
            return "已导出 \(count) 条监考人员证书记录到 \(output)"
        },
        "schedule": { arguments, root, output, progress in
            let count = try Exports.schedule(
                root: root, planCode: try arguments.required("--plan"), schoolCode: arguments.option("--school"),
                clock: try arguments.clock(), output: output, progress: progress)
            return "已导出 \(count) 条安排明细到 \(output)"
        },
        "room-arrangements": { arguments, root, output, progress in
            let count = try Exports.roomArrangements(
                root: root, planCode: try arguments.required("--plan"), schoolCode: arguments.option("--school"),
                clock: try arguments.clock(), output: output, progress: progress)
            return "已导出 \(count) 个考场的安排到 \(output)"
        },
        "site-arrangements": { arguments, root, output, progress in
            let count = try Exports.siteArrangements(
                root: root, planCode: try arguments.required("--plan"), schoolCode: arguments.option("--school"), output: output,
                progress: progress)
            return "已导出 \(count) 条考点安排到 \(output)"
        },
        "scores": { arguments, root, output, progress in
            let count = try Exports.scores(
                root: root, planCode: try arguments.required("--plan"), schoolCode: arguments.option("--school"), output: output,
                progress: progress)
            return "已导出 \(count) 条科目成绩到 \(output)"
        },
        "results": { arguments, root, output, progress in
            let count = try Exports.results(
                root: root, planCode: try arguments.required("--plan"), schoolCode: arguments.option("--school"), output: output,
                progress: progress)
            return "已导出 \(count) 条证书考核详情到 \(output)"
        },
        "issuance": { arguments, root, output, progress in
            let count = try Exports.issuances(
                root: root, schoolCode: arguments.option("--school"), organizationCode: arguments.option("--org"),
                planCode: arguments.option("--plan"), status: try label("--status", arguments, as: IssuanceStatus.self), output: output,
                progress: progress)
            return "已导出 \(count) 条发证记录到 \(output)"
        },
        "teachers": { arguments, root, output, progress in
            let count = try Exports.teachers(
                root: root, schoolCode: try arguments.required("--school"),
                status: try label("--status", arguments, as: TeacherStatus.self), output: output, progress: progress)
            return "已导出 \(count) 名教师到 \(output)"
        },
    ]

    static let kinds: [String] = handlers.keys.sorted()

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let kind = try arguments.positional(0, "KIND")
        guard let handler = handlers[kind] else {
            throw UsageError(message: "未知的导出类型 \(kind)；可用：\(kinds.joined(separator: ", "))")
        }
        guard let output = arguments.option("-o") ?? arguments.option("--output"), !output.isEmpty else {
            throw UsageError(message: "缺少必需的选项 -o（导出文件，如 考生.xlsx）")
        }
        let progress = ProgressLine.make(enabled: true)
        let line: String
        do {
            defer { progress?.finish() }
            line = try handler(arguments, DataRoot(path: try arguments.required("--root")), output, progress?.rowProgress)
        }
        Output.out(line + "\n")
        return .ok
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
