import Domain
import Foundation
import Ingest
import Store
import Validate

/// Work started on its own thread and joined later: the input's SHA-256 while the import
/// streams, and the failed-rows workbook's compression while the store commits.
final class BackgroundTask<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work  // runs only on the new thread
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work and returns its value or rethrows its error.
    func value() throws -> Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("signalled without a result") }
        return try result.get()
    }
}
