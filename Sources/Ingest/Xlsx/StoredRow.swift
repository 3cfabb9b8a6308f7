import Domain
import Foundation

/// How a cell's payload is stored inside a `RowBatch`.
enum StoredKind: UInt8, Sendable {
    case text, shared, number, date, bool, error
}

struct StoredCell: Sendable {
    var column: Int32
    var kind: StoredKind
    /// Offset into the batch bytes, or the shared-string index.
    var start: Int32
    var length: Int32
}

struct StoredRow: Sendable {
    var number: Int
    var firstCell: Int
    var cellCount: Int
}

/// A run of parsed rows handed from the parsing thread to the consumer: all cell payloads in
/// one byte buffer, no per-cell allocation; immutable once built.
final class RowBatch: Sendable {
    let bytes: [UInt8]
    let cells: [StoredCell]
    let rows: [StoredRow]

    init(bytes: [UInt8], cells: [StoredCell], rows: [StoredRow]) {
        self.bytes = bytes
        self.cells = cells
        self.rows = rows
    }
}
