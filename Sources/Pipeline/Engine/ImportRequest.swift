public import Domain
import Foundation
import Ingest
import Store
import Validate

/// What to import, for whom, and when.
public struct ImportRequest: Sendable {
    public var kind: String
    public var file: String
    public var tenant: String
    public var operatorName: String
    public var clock: Clock
    public var dryRun: Bool
    /// Runs inside the import's transaction, after its record is inserted and before the
    /// commit (the watcher marks its file done there, so the mark and the rows commit
    /// together); throwing rolls the whole import back.
    var beforeCommit: BeforeCommit?
    /// Told the number of rows judged so far, after each batch (the CLI's progress bar).
    public var progress: RowProgress?

    public init(kind: String, file: String, tenant: String, operatorName: String, clock: Clock, dryRun: Bool) {
        self.kind = kind
        self.file = file
        self.tenant = tenant
        self.operatorName = operatorName
        self.clock = clock
        self.dryRun = dryRun
    }
}

/// A step the import's transaction runs last (`ImportRequest.beforeCommit`).
struct BeforeCommit: Sendable {
    let run: @Sendable (Store, ImportRecord) throws -> Void
}

/// Receives an import's progress: rows judged so far, called from the import's store thread.
public struct RowProgress: Sendable {
    public let report: @Sendable (_ rows: Int) -> Void

    public init(_ report: @escaping @Sendable (_ rows: Int) -> Void) { self.report = report }
}
