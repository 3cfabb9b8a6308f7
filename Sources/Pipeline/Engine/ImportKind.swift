import Domain
import Foundation
import Ingest
import Store
import Validate

/// One import kind's rules and effect on the store. Every kind (candidates, catalog sheets,
/// photos, and later rooms, enrollments, scores…) is a value of this shape, so the job that
/// streams, counts, records and commits is written once.
protocol ImportKind {
    associatedtype Row
    /// What the source hands over per row: a sheet row's cells, or an archive entry.
    associatedtype Input: Sendable = RowCells
    /// A row after the pure rules (`prepare`), which run on their own thread ahead of
    /// `validate`; kinds whose every rule needs the store keep the input as it is.
    associatedtype Draft: Sendable = RowCells
    var schema: TableSchema { get }
    /// Makes the prepare thread's stage for one pass. It is called on that thread when the pass
    /// starts, so what the stage keeps (a read connection, a memo, a filter) is that thread's
    /// alone and never crosses threads. The stage writes nothing to the store.
    var makePreparer: @Sendable () -> Preparer<Input, Draft> { get }
    /// Finishes judging a row against the store and the file so far; store errors throw,
    /// input problems are failures.
    mutating func validate(_ draft: Draft) throws -> Validated<Row>
    /// Stores a valid row, inside the job's transaction. Returns the failures the store found
    /// on write (a unique key already taken: the index decides, not a lookup beforehand), empty
    /// when the row was stored.
    mutating func apply(_ row: Row) throws -> [Failure]
}

extension ImportKind where Draft == Input {
    var makePreparer: @Sendable () -> Preparer<Input, Input> { { Preparer { $0 } } }
}

/// One pass's prepare stage, on the prepare thread only: `prepare` runs on every input in order,
/// `finish` once after the last. A kind that reads through a connection of its own ends that
/// read in `finish`: a reader still open at the commit keeps the log from being copied into the
/// database until the process exits.
struct Preparer<Input, Draft> {
    let prepare: (Input) -> Draft
    var finish: () -> Void = {}

    init(finish: @escaping () -> Void = {}, _ prepare: @escaping (Input) -> Draft) {
        self.prepare = prepare
        self.finish = finish
    }
}
