/// The last few values looked up, by key, replaced oldest first: for a thread that meets the
/// same keys in runs (a candidate's rows, a sheet's few plans and certificates), comparing a
/// handful of keys costs less than looking a value up again. Inlinable, so a caller in another
/// module gets it specialized for its key and value on its per-row path.
public struct RecentValues<Key: Equatable, Value> {
    @usableFromInline let capacity: Int
    @usableFromInline var entries: [(key: Key, value: Value)] = []
    @usableFromInline var next = 0

    @inlinable public init(capacity: Int) {
        precondition(capacity > 0, "a cache of no values")
        self.capacity = capacity
    }

    /// The value kept for `key`, else what `make` returns, kept in place of the oldest when
    /// full. Nothing is kept when `make` throws.
    @inlinable public mutating func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let entry = entries.first(where: { $0.key == key }) { return entry.value }
        let value = try make()
        if entries.count < capacity {
            entries.append((key, value))
        } else {
            entries[next] = (key, value)
            next = (next + 1) % capacity
        }
        return value
    }
}
