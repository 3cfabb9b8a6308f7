import Foundation

/// A value computed once on another thread and waited for later: the input's SHA-256 while the
/// import streams, the failed-rows workbook's compression while the store commits, a teacher's
/// password hash while later rows are judged.
public final class Future<Value: Sendable>: @unchecked Sendable {  // `result` is guarded by `monitor`
    private let monitor = Monitor()
    private var result: Result<Value, any Error>?

    /// Starts `work` on a thread of its own.
    public convenience init(_ work: @escaping @Sendable () throws -> Value) {
        self.init()
        Workers.start { [self] in fulfil(Result { try work() }) }
    }

    /// A future the caller fulfils, once, from whichever thread does the work.
    public init() {}

    public func fulfil(_ outcome: Result<Value, any Error>) {
        monitor.withLock {
            precondition(result == nil, "a future is fulfilled once")
            result = outcome
            monitor.broadcast()
        }
    }

    /// Whether the value is there (`value()` would not wait).
    public var isFulfilled: Bool { monitor.withLock { result != nil } }

    /// Waits for the work and returns its value, or rethrows its error. May be called again.
    public func value() throws -> Value {
        let outcome = monitor.wait(until: { result != nil }) { result }
        guard let outcome else { preconditionFailure("woken without a result") }
        return try outcome.get()
    }
}
