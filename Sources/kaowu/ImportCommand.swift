import Domain
import Pipeline

/// `kaowu import KIND FILE …` (one form per kind) and `kaowu catalog import FILE …`: every
/// import goes through Pipeline's `Imports`; adding a kind to the CLI is one entry in `handlers`.
enum ImportCommand {
    static let options: Set<String> = ["--root", "--school", "--now", "--operator"]
    static let flags: Set<String> = ["--json", "--dry-run"]
    /// The kinds whose rows depend on the candidates' category (院校考生 / 社会考生).
    static let categoryKinds: Set<String> = ["candidates", "candidates-update"]
    /// The option naming the import's tenant: its school, or its organization (`--org`).
    static func tenantOption(_ kind: String) -> String { Imports.organizationKinds.contains(kind) ? "--org" : "--school" }

    static let command = Command(
        name: "import",
        forms: kinds.map { kind in
            let category = categoryKinds.contains(kind)
            let tenant = tenantOption(kind)
            let accepted = options.subtracting(["--school"]).union([tenant])
            return Form(
                kind,
                usage:
                    "kaowu import \(kind) FILE --root ROOT \(tenant) CODE\(category ? " [--category 院校考生|社会考生]" : "") [--now T] [--operator NAME] [--json] [--dry-run]",
                positionals: ["FILE"], options: category ? accepted.union(["--category"]) : accepted, flags: flags)
        },
        run: { arguments in
            let kind = try arguments.positional(0, "KIND")
            guard Imports.kinds.contains(kind) else { throw UsageError(message: "未知的导入类型 \(kind)") }
            let tenant = try arguments.required(tenantOption(kind))
            let progress = ProgressLine.make(enabled: !arguments.flag("--json"))
            let request = try importRequest(
                arguments, kind: kind, file: try arguments.positional(1, "FILE"), tenant: tenant, progress: progress)
            let root = DataRoot(path: try arguments.required("--root"))
            let category = categoryKinds.contains(kind) ? try TemplateCommand.categoryOption(arguments) : .school
            return try finish(arguments, progress: progress) { report in
                let outcome = try Imports.start(kind: kind, request, root: root, tenant: tenant, category: category, report: report)
                if kind == "teachers", !arguments.flag("--json"), !request.dryRun, outcome.record.succeeded > 0 {
                    Output.out("  短信发送文件（含初始密码，仅发送一次）：\(SMSOutbox.path(root: root, recordID: outcome.record.id))\n")
                }
                return outcome
            }
        })

    static let catalog = Command(
        name: "catalog",
        forms: [
            Form(
                "import", usage: "kaowu catalog import FILE --root ROOT [--now T] [--operator NAME] [--json] [--dry-run]",
                positionals: ["FILE"], options: ["--root", "--now", "--operator"], flags: flags)
        ],
        run: { arguments in
            let progress = ProgressLine.make(enabled: !arguments.flag("--json"))
            let request = try importRequest(
                arguments, kind: "catalog", file: try arguments.positional(1, "FILE"), tenant: "operator", progress: progress)
            let root = DataRoot(path: try arguments.required("--root"))
            return try finish(arguments, progress: progress) { report in try Imports.catalog(request, root: root, report: report) }
        })

    static let kinds: [String] = Imports.kinds

    static func importRequest(
        _ arguments: Arguments, kind: String, file: String, tenant: String, progress: ProgressLine?
    ) throws -> ImportRequest {
        var request = ImportRequest(
            kind: kind, file: file, tenant: tenant, operatorName: arguments.option("--operator") ?? "cli",
            clock: try arguments.clock(), dryRun: arguments.flag("--dry-run"))
        request.progress = progress?.rowProgress
        return request
    }

    /// Runs an import and prints its result as JSON or as a summary; maps the outcome to 0 or 3.
    static func finish(
        _ arguments: Arguments, progress: ProgressLine?, _ body: ((ImportOutcome, FailureCursor) throws -> Void) throws -> ImportOutcome
    ) throws -> ExitCode {
        let json = arguments.flag("--json")
        defer { progress?.finish() }
        let outcome = try body { outcome, failures in
            progress?.finish()
            if json {
                try RecordJSON.write(outcome, failures: failures, to: Output.out)
            } else {
                try Output.summary(outcome, failures: failures)
            }
        }
        return Output.exitStatus(for: outcome.record)
    }
}
