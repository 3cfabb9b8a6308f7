import CDigest
import Foundation

/// SHA-256 (FIPS 180-4), streamed; Foundation on Linux has no CryptoKit and kaowu takes no
/// package dependencies. Used to recognise the same file arriving twice and to name photos by
/// content. The compression is C (`CDigest`): the x86 SHA extensions where the CPU has them,
/// else portable C; the Swift loop it replaced was a third of a photo import's CPU.
public struct SHA256 {
    private var context = kaowu_sha256()

    public init() { self.init(portable: false) }

    /// `portable` forces the portable compression even where SHA-NI exists (tests check both).
    init(portable: Bool) {
        kaowu_sha256_init(&context, portable ? 1 : 0)
    }

    /// Whether this CPU's SHA extensions do the work (unless a digest forces the portable code).
    static var isAccelerated: Bool { kaowu_sha256_accelerated() != 0 }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        kaowu_sha256_update(&context, base, bytes.count)
    }

    /// The 32 bytes of the digest; the digest is finished and must not be updated again.
    public mutating func finishBytes() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(KAOWU_SHA256_DIGEST_SIZE))
        kaowu_sha256_final(&context, &digest)
        return digest
    }

    /// The lower-case hex digest; the digest is finished and must not be updated again.
    public mutating func finish() -> String {
        let digest = finishBytes()
        let hexDigits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: digest.count * 2) { text in
            for (index, byte) in digest.enumerated() {
                text[2 * index] = hexDigits[Int(byte >> 4)]
                text[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return digest.count * 2
        }
    }

    /// The hex digest of a whole file, read in 1 MB chunks into one buffer.
    public static func hex(ofFile path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var digest = SHA256()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
            if count == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return digest.finish()
    }

    /// The hex digest of bytes in memory (a photo).
    public static func hex(of bytes: [UInt8]) -> String {
        var digest = SHA256()
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.finish()
    }
}
