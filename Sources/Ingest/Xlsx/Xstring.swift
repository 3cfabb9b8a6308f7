import Foundation

/// SpreadsheetML's `ST_Xstring` escapes: a character XML cannot carry (Excel writes a carriage
/// return as `_x000D_`) is `_xHHHH_`, and `_x005F_` escapes the underscore that would otherwise
/// start one (`_x005F_x000D_` is the literal text `_x000D_`). Anything else, invalid hex
/// included, stays literal. Used for shared and inline strings and formula string results.
enum Xstring {
    /// Decodes the escapes in `bytes[start...]` in place (the decoded text is never longer:
    /// seven bytes become at most four) and drops what is left over.
    static func decode(_ bytes: inout [UInt8], from start: Int) {
        let end = bytes.count
        // The fast path: no underscore, nothing to do (checked without allocating).
        guard start < end, hasEscape(bytes, start, end) else { return }
        var read = start
        var write = start
        while read < end {
            let byte = bytes[read]
            if byte == UInt8(ascii: "_"), let high = escape(bytes, at: read, end: end) {
                var scalar: Unicode.Scalar?
                var consumed = 7
                if (0xD800..<0xDC00).contains(high), let low = escape(bytes, at: read + 7, end: end),
                    (0xDC00..<0xE000).contains(low)
                {
                    scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                    consumed = 14
                } else if high != 0 {
                    scalar = Unicode.Scalar(high)
                }
                if let scalar {
                    UTF8.encode(scalar) { unit in
                        bytes[write] = unit
                        write += 1
                    }
                    read += consumed
                    continue
                }
            }
            bytes[write] = byte
            write += 1
            read += 1
        }
        bytes.removeSubrange(write..<end)
    }

    /// Whether `_x` occurs in the range, found with `memchr` (most cells hold no underscore).
    private static func hasEscape(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var position = start
            while position + 6 < end, let hit = memchr(base + position, 0x5F, end - position - 6) {
                let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if buffer[found + 1] == UInt8(ascii: "x") { return true }
                position = found + 1
            }
            return false
        }
    }

    /// The code unit of `_xHHHH_` at `index`, or nil when none is there.
    private static func escape(_ bytes: [UInt8], at index: Int, end: Int) -> UInt32? {
        guard index + 7 <= end, bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
            bytes[index + 6] == UInt8(ascii: "_")
        else { return nil }
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = HexDigit.value(bytes[index + offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}
