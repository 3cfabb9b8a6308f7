import Domain
import Foundation
import Pipeline

/// `kaowu records list|show|failed-rows`.
enum RecordsCommand {
    static let command = Command(
        name: "records",
        forms: [
            Form(
                "list",
                usage: "kaowu records list --root ROOT [--school CODE] [--kind K] [--status S] [--since DATE] [--limit N] [--json]",
                options: ["--root", "--school", "--kind", "--status", "--since", "--limit"], flags: ["--json"]),
            Form(
                "show", usage: "kaowu records show ID --root ROOT [--school CODE] [--json]", positionals: ["ID"],
                options: ["--root", "--school"], flags: ["--json"]),
            Form(
                "html", usage: "kaowu records html --root ROOT [--school CODE] -o DIR", options: ["--root", "--school", "-o"]),
            Form(
                "failed-rows", usage: "kaowu records failed-rows ID --root ROOT [--school CODE] -o FILE.xlsx", positionals: ["ID"],
                options: ["--root", "--school", "-o"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let tenant = arguments.option("--school")
        switch try arguments.positional(0, "list|show|html|failed-rows") {
        case "list":
            var status: ImportStatus?
            if let text = arguments.option("--status") {
                guard let known = ImportStatus(rawValue: text) ?? ImportStatus(label: text) else {
                    throw UsageError(
                        message: "--status 只能是：" + ImportStatus.allCases.map { "\($0.label)（\($0.rawValue)）" }.joined(separator: "、"))
                }
                status = known
            }
            var since: Date?
            if let text = arguments.option("--since") {
                guard let parsed = Clock.parse(text) else { throw UsageError(message: "--since 的时间格式无效：\(text)（示例：2026-11-23）") }
                since = parsed.now
            }
            let records = try Records.list(
                root: root, tenant: tenant, kind: arguments.option("--kind"), status: status, since: since,
                limit: try arguments.integer("--limit", default: 50))
            if arguments.flag("--json") {
                try Output.json(records.map(RecordSummary.init))
            } else {
                var text = "记录编号\t类型\t文件\t单位\t状态\t总数\t成功\t失败\n"
                for record in records {
                    text +=
                        "\(record.id)\t\(record.kind)\t\(record.fileName)\t\(record.tenant)\t\(record.status.label)\t\(record.total)\t\(record.succeeded)\t\(record.failed)\n"
                }
                Output.out(text)
            }
        case "show":
            let id = try arguments.positional(1, "ID")
            try Records.show(root: root, id: id, tenant: tenant) { record, failures in
                let path = record.failedRowsFile.map { root.path + "/" + $0 }
                let outcome = ImportOutcome(record: record, failedRowsPath: path)
                if arguments.flag("--json") {
                    try RecordJSON.write(outcome, failures: failures, to: Output.out)
                } else {
                    try Output.summary(outcome, failures: failures)
                }
            }
        case "html":
            let directory = try arguments.required("-o")
            let count = try Records.html(root: root, tenant: tenant, to: directory)
            Output.out("已生成导入记录页面（\(count) 条记录）：\(directory)/index.html\n")
        case "failed-rows":
            let id = try arguments.positional(1, "ID")
            let destination = try arguments.required("-o")
            try Records.copyFailedRows(root: root, id: id, tenant: tenant, to: destination)
            Output.out("失败数据已写入：\(destination)\n")
        case let other:
            throw UsageError(message: "未知子命令 \(other)")
        }
        return .ok
    }
}
