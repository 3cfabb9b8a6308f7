import Domain
import Pipeline
import Validate

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
    ]

    static var kinds: [String] { handlers.keys.sorted() }
}
