public import Domain
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
    /// The prepare thread's stage, one thread per pass: it writes nothing to the store (a kind
    /// may read through a connection of its own, and keep what only that thread touches).
    var prepare: @Sendable (Input) -> Draft { get }
    /// Finishes judging a row against the store and the file so far; store errors throw,
    /// input problems are failures.
    mutating func validate(_ draft: Draft) throws -> Validated<Row>
    /// Stores a valid row, inside the job's transaction. Returns the failures the store found
    /// on write (a unique key already taken: the index decides, not a lookup beforehand), empty
    /// when the row was stored.
    mutating func apply(_ row: Row) throws -> [Failure]
    /// Runs on the prepare thread once the sheet's last row is prepared. A kind whose `prepare`
    /// reads through a connection of its own ends that read here: a reader still open at the
    /// commit keeps the log from being copied into the database until the process exits.
    var preparedAll: @Sendable () -> Void { get }
}

extension ImportKind {
    public var preparedAll: @Sendable () -> Void { {} }
}

extension ImportKind where Draft == Input {
    var prepare: @Sendable (Input) -> Input { { $0 } }
}
