import Domain
import Pipeline

/// `kaowu import KIND FILE …` (one form per kind) and `kaowu catalog import FILE …`: every
/// import goes through Pipeline's `Imports`; adding a kind to the CLI is one entry in `handlers`.
enum ImportCommand {
    static let options: Set<String> = ["--root", "--school", "--now", "--operator"]
    static let flags: Set<String> = ["--json", "--dry-run"]
    /// The kinds whose rows depend on the candidates' category (院校考生 / 社会考生).
    static let categoryKinds: Set<String> = ["candidates", "candidates-update"]
    /// The kinds a training-evaluation organization imports (`--org` instead of `--school`).
    static let organizationKinds: Set<String> = ["schedule"]

    /// The option naming the import's tenant: its school, or its organization.
    static func tenantOption(_ kind: String) -> String { organizationKinds.contains(kind) ? "--org" : "--school" }

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
            guard let start = handlers[kind] else { throw UsageError(message: "未知的导入类型 \(kind)") }
            let school = try arguments.required(tenantOption(kind))
            let request = try importRequest(arguments, kind: kind, file: try arguments.positional(1, "FILE"), tenant: school)
            let root = DataRoot(path: try arguments.required("--root"))
            return try finish(arguments) { report in try start(arguments, request, root, school, report) }
        })

    static let catalog = Command(
        name: "catalog",
        forms: [
            Form(
                "import", usage: "kaowu catalog import FILE --root ROOT [--now T] [--operator NAME] [--json] [--dry-run]",
                positionals: ["FILE"], options: ["--root", "--now", "--operator"], flags: flags)
        ],
        run: { arguments in
            let request = try importRequest(arguments, kind: "catalog", file: try arguments.positional(1, "FILE"), tenant: "operator")
            let root = DataRoot(path: try arguments.required("--root"))
            return try finish(arguments) { report in try Imports.catalog(request, root: root, report: report) }
        })

    typealias Start =
        @Sendable (Arguments, ImportRequest, DataRoot, String, (ImportOutcome, FailureCursor) throws -> Void) throws -> ImportOutcome

    /// Kind → its import; the `String` is the tenant (school, or organization for `organizationKinds`).
    static let handlers: [String: Start] = [
        "schedule": { _, request, root, organization, report in
            try Imports.schedule(request, root: root, organizationCode: organization, report: report)
        },
        "candidates": { arguments, request, root, school, report in
            try Imports.candidates(
                request, root: root, schoolCode: school, category: try TemplateCommand.categoryOption(arguments), mode: .create,
                report: report)
        },
        "candidates-update": { arguments, request, root, school, report in
            try Imports.candidates(
                request, root: root, schoolCode: school, category: try TemplateCommand.categoryOption(arguments), mode: .update,
                report: report)
        },
        "photos": { _, request, root, school, report in try Imports.photos(request, root: root, schoolCode: school, report: report) },
        "enrollments-certificate": { _, request, root, school, report in
            try Imports.enrollments(request, root: root, schoolCode: school, action: .byCertificate, report: report)
        },
        "enrollments-subject": { _, request, root, school, report in
            try Imports.enrollments(request, root: root, schoolCode: school, action: .bySubject, report: report)
        },
        "enrollments-delete": { _, request, root, school, report in
            try Imports.enrollments(request, root: root, schoolCode: school, action: .delete, report: report)
        },
        "sites": { _, request, root, school, report in try Imports.sites(request, root: root, schoolCode: school, report: report) },
        "rooms": { _, request, root, school, report in try Imports.rooms(request, root: root, schoolCode: school, report: report) },
        "proctors": { _, request, root, school, report in
            try Imports.proctors(request, root: root, schoolCode: school, report: report)
        },
        "teachers": { arguments, request, root, school, report in
            let outcome = try Imports.teachers(request, root: root, schoolCode: school, report: report)
            if !arguments.flag("--json"), !request.dryRun, outcome.record.succeeded > 0 {
                Output.out("  短信发送文件（含初始密码，仅发送一次）：\(SMSOutbox.path(root: root, recordID: outcome.record.id))\n")
            }
            return outcome
        },
    ]

    static let kinds: [String] = handlers.keys.sorted()

    static func importRequest(_ arguments: Arguments, kind: String, file: String, tenant: String) throws -> ImportRequest {
        ImportRequest(
            kind: kind, file: file, tenant: tenant, operatorName: arguments.option("--operator") ?? "cli",
            clock: try arguments.clock(), dryRun: arguments.flag("--dry-run"))
    }

    /// Runs an import and prints its result as JSON or as a summary; maps the outcome to 0 or 3.
    static func finish(
        _ arguments: Arguments, _ body: ((ImportOutcome, FailureCursor) throws -> Void) throws -> ImportOutcome
    ) throws -> ExitCode {
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
