import Domain
import Foundation
import Ingest
import Store
import Validate

/// The store-thread half of a kind, type-erased: judges and applies a run of drafts in order,
/// handing each row's verdict to `report`. Drafts cross from the prepare thread a run at a
/// time, boxed once per run rather than once per row.
struct RunProcessor {
    let process: (any Sendable, (Int, [Failure], [Failure]) throws -> Void) throws -> Void

    init<Kind: ImportKind>(_ kind: Kind) {
        let box = KindBox(kind)
        process = { boxed, report in
            guard let drafts = boxed as? [Kind.Draft] else { preconditionFailure("drafts of another kind") }
            for index in drafts.indices {
                let verdict = try box.kind.validate(drafts[index])
                var failures = verdict.failures
                if let row = verdict.value { failures = try box.kind.apply(row) }
                try report(index, failures, verdict.warnings)
            }
        }
    }
}

/// A kind bound to the sheet it reads, so one workbook job can run several (the catalog).
struct SheetPass {
    public let schema: TableSchema
    /// A missing optional sheet is skipped; a missing required one refuses the file.
    public let required: Bool
    let makePreparer: @Sendable () -> Preparer<[RowCells], any Sendable>
    let processor: RunProcessor

    public init<Kind: ImportKind>(_ kind: Kind, required: Bool = true) where Kind.Input == RowCells {
        schema = kind.schema
        self.required = required
        let make = kind.makePreparer
        makePreparer = {
            let preparer = make()
            return Preparer(finish: preparer.finish) { cells in cells.map(preparer.prepare) }
        }
        processor = RunProcessor(kind)
    }
}

/// Holds a kind's mutable per-file state for the type-erased pass.
private final class KindBox<Kind: ImportKind> {
    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }
}
