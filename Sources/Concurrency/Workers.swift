public import Foundation

/// Threads started together and joined together: the photo judges, the photo writers. A
/// thread of our own (not a dispatch queue) because each runs a loop for the whole import.
public final class Workers: @unchecked Sendable {  // `running` is guarded by `monitor`
    private let monitor = Monitor()
    private var running = 0

    public init() {}

    /// Starts one more thread running `body`.
    public func spawn(stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        monitor.withLock { running += 1 }
        Workers.start(stackSize: stackSize) { [self] in
            body()
            monitor.withLock {
                running -= 1
                monitor.broadcast()
            }
        }
    }

    /// Waits until every spawned thread has returned.
    public func join() {
        monitor.wait(until: { running == 0 }) {}
    }

    /// A detached thread running `body`.
    static func start(stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = stackSize
        thread.start()
    }
}

/// Runs work on at most `width` threads at a time and hands back each result as a `Future`;
/// `submit` blocks while all are busy, so a fast producer cannot queue unbounded work.
/// (yescrypt costs ~30 ms a password: the teachers' prepare thread only hands hashes out.)
public final class WorkerPool: Sendable {
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "kaowu.worker-pool", attributes: .concurrent)

    public init(width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        precondition(width > 0)
        slots = DispatchSemaphore(value: width)
    }

    /// Waits for a free slot, then starts `work`.
    public func submit<Value>(_ work: @escaping @Sendable () throws -> Value) -> Future<Value> {
        slots.wait()
        let future = Future<Value>()
        queue.async { [slots] in
            future.fulfil(Result { try work() })
            slots.signal()
        }
        return future
    }
}
