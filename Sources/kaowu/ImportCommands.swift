import Domain
import Pipeline

/// The import kinds of `kaowu import KIND …`, one entry each: adding a kind to the CLI is one
/// line here (its rules, template and store live in Validate/Pipeline/Store).
enum ImportCommands {
    typealias Start =
        @Sendable (Arguments, ImportRequest, DataRoot, String, (ImportOutcome, FailureCursor) throws -> Void) throws -> ImportOutcome

    static let handlers: [String: Start] = [
        "candidates": { arguments, request, root, school, report in
            try Imports.candidates(
                request, root: root, schoolCode: school, category: try Commands.categoryOption(arguments), mode: .create, report: report)
        },
        "candidates-update": { arguments, request, root, school, report in
            try Imports.candidates(
                request, root: root, schoolCode: school, category: try Commands.categoryOption(arguments), mode: .update, report: report)
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

    static var kinds: [String] { handlers.keys.sorted() }
}
