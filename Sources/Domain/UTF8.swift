extension String {
    /// The text's UTF-8 bytes as one buffer, for checks that scan or compare bytes: iterating
    /// `utf8` element by element costs several times more than a loop over a buffer.
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Whether the two texts have the same UTF-8 bytes.
    @inlinable
    public func hasSameUTF8(as other: String) -> Bool {
        withUTF8Bytes { left in other.withUTF8Bytes { right in left.count == right.count && left.elementsEqual(right) } }
    }
}
