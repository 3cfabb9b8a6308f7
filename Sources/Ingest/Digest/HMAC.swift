/// HMAC-SHA-256 (RFC 2104): the certificates' verification codes are keyed with the
/// installation's secret, so nobody without it can make a code that verifies.
public enum HMACSHA256 {
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        let blockSize = 64
        var block = key
        if block.count > blockSize {
            var digest = SHA256()
            block.withUnsafeBytes { digest.update($0) }
            block = digest.finishBytes()
        }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update($0) }
        message.withUnsafeBytes { inner.update($0) }
        let innerDigest = inner.finishBytes()
        var outer = SHA256()
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update($0) }
        innerDigest.withUnsafeBytes { outer.update($0) }
        return outer.finishBytes()
    }
}
