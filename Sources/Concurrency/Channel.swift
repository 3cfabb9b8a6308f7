import Foundation

/// A bounded, blocking hand-off between two threads (the sheet parser → the prepare thread,
/// the prepare thread → the store thread). The producer `put`s and finally `close`s (with its
/// error, if any); the consumer `take`s until nil and always ends with `cancel`, which also
/// waits for the producer to close, so no thread outlives its reader.
public final class Channel<Element>: @unchecked Sendable {  // every field below is guarded by `monitor`
    private let monitor = Monitor()
    /// Taken slots are cleared at once: a consumed element (a batch of rows, of photos) must not
    /// stay alive until the queue is next compacted.
    private var queue: [Element?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var closingError: (any Error)?

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// True once the consumer stopped; a producer checks it between slow steps.
    public var isCancelled: Bool { monitor.withLock { cancelled } }

    /// The producer's error, once closed.
    public var failure: (any Error)? { monitor.withLock { closingError } }

    /// Blocks while full; returns false once the consumer cancelled. The element is consumed,
    /// so the caller keeps no reference: what the consumer drops is freed on its thread, not
    /// on this one whenever the consumer happens to finish first.
    public func put(_ element: consuming Element) -> Bool {
        let element = Optional(element)
        return monitor.wait(until: { queue.count - head < capacity || cancelled }) {
            if cancelled { return false }
            queue.append(element)
            monitor.broadcast()
            return true
        }
    }

    /// Ends production; `error` (nil for a normal end) is what the consumer's `failure` says.
    public func close(_ error: (any Error)?) {
        monitor.withLock {
            closed = true
            closingError = error
            monitor.broadcast()
        }
    }

    /// The next element, or nil at the end; blocks while empty.
    public func take() -> Element? {
        monitor.wait(until: { queue.count > head || closed }) {
            if queue.count == head { return nil }
            let element = queue[head]
            queue[head] = nil
            head += 1
            if head > 64 {
                queue.removeFirst(head)
                head = 0
            }
            monitor.broadcast()
            return element
        }
    }

    /// Runs `body` as this channel's producer on a new thread, then closes the channel with the
    /// error `body` threw (none for a normal end, or after a `CancellationError` once the
    /// consumer cancelled).
    public func startProducer(_ body: @escaping @Sendable () throws -> Void) {
        Workers.start(stackSize: 1 << 22) { [self] in
            var failure: (any Error)?
            do {
                try body()
            } catch is CancellationError {
            } catch {
                failure = error
            }
            close(failure)
        }
    }

    /// Ends consumption (normally or by a throw) and waits for the producer to close.
    public func cancel() {
        monitor.withLock {
            cancelled = true
            monitor.broadcast()
        }
        monitor.wait(until: { closed }) {}
    }
}
