/// A ZIP archive of stored (uncompressed) entries built in memory, so a fuzzed part reaches the
/// XML parsers byte for byte instead of being scrambled by deflate.
struct StoredZip {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(truncatingIfNeeded: body.count)
        func common(_ into: inout [UInt8]) {
            into.le16(20)  // version needed
            into.le16(0x0800)  // UTF-8 names
            into.le16(0)  // stored
            into.le16(0)
            into.le16(0x21)  // 1980-01-01
            into.le32(crc)
            into.le32(UInt32(truncatingIfNeeded: data.count))
            into.le32(UInt32(truncatingIfNeeded: data.count))
            into.le16(UInt16(truncatingIfNeeded: nameBytes.count))
            into.le16(0)
        }
        body.le32(0x0403_4b50)
        common(&body)
        body += nameBytes
        body += data
        directory.le32(0x0201_4b50)
        directory.le16(20)
        common(&directory)
        directory.le16(0)  // comment
        directory.le16(0)  // disk
        directory.le16(0)  // internal attributes
        directory.le32(0)  // external attributes
        directory.le32(offset)
        directory += nameBytes
        count += 1
    }

    var bytes: [UInt8] {
        var out = body + directory
        out.le32(0x0605_4b50)
        out.le16(0)
        out.le16(0)
        out.le16(UInt16(truncatingIfNeeded: count))
        out.le16(UInt16(truncatingIfNeeded: count))
        out.le32(UInt32(truncatingIfNeeded: directory.count))
        out.le32(UInt32(truncatingIfNeeded: body.count))
        out.le16(0)
        return out
    }
}

extension [UInt8] {
    fileprivate mutating func le16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    fileprivate mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// The ZIP (IEEE 802.3) CRC-32, which libzip checks on every stored entry it reads.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
