import Foundation

/// A lock with a condition to wait on: the one blocking primitive the kit is built from.
/// `Synchronization.Mutex` guards state but cannot make a thread wait for another's change
/// (a full channel, an unfinished future), so waiting needs a condition variable; this wraps
/// Foundation's once, and nothing outside this target takes a lock or waits by hand.
public final class Monitor: Sendable {
    private let condition = NSCondition()

    public init() {}

    /// Runs `body` holding the lock.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// Holding the lock, waits until `ready()` is true (re-checked after every `broadcast`),
    /// then runs `body` still holding it.
    public func wait<T>(until ready: () -> Bool, then body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        while !ready() { condition.wait() }
        return try body()
    }

    /// Wakes every waiter to re-check its condition. Call it holding the lock (inside
    /// `withLock` or `wait`), after changing what waiters check.
    public func broadcast() { condition.broadcast() }

    /// For a waiter that must drop the lock between checks (to do slow work outside it): call
    /// only inside `withLock`; returns with the lock held again.
    public func waitOnce() { condition.wait() }
}
