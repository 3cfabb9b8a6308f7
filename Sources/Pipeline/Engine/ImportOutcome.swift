public import Domain
import Foundation
import Ingest
import Store
import Validate

/// The finished import: its record and where the failed rows went (absolute path).
public struct ImportOutcome: Sendable {
    public let record: ImportRecord
    public let failedRowsPath: String?

    public init(record: ImportRecord, failedRowsPath: String?) {
        self.record = record
        self.failedRowsPath = failedRowsPath
    }
}

/// Reads back the failures of a finished import (from the store, so nothing large is held).
public typealias FailureCursor = ((Failure, Bool) throws -> Void) throws -> Void
