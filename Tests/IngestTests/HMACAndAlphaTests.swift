import Foundation
import Testing

@testable import Ingest

/// HMAC-SHA-256 against RFC 4231's vectors, and how a PNG's alpha channel is read.
@Suite struct HMACAndAlphaTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func rfc4231Vectors() {
        #expect(
            Self.hex(HMACSHA256.authenticate(Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            Self.hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than the block is hashed first (test case 6).
        #expect(
            Self.hex(
                HMACSHA256.authenticate(
                    Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: [UInt8](repeating: 0xaa, count: 131)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func alphaIsCountedOnlyForAnAlphaChannel() throws {
        var rgba = [UInt8](repeating: 255, count: 4 * 4 * 4)
        rgba[3] = 0
        rgba[7] = 128
        let png = try ImageCodec.encodePNG(rgba: rgba, width: 4, height: 4)
        let alpha = try #require(try ImageCodec.alpha(ofPNG: png))
        #expect(alpha.transparent == 1 && alpha.partial == 1 && alpha.opaque == 14)
        let rgb = try ImageCodec.encodePNG(rgb: [UInt8](repeating: 9, count: 4 * 4 * 3), width: 4, height: 4)
        #expect(try ImageCodec.alpha(ofPNG: rgb) == nil)
        #expect(throws: ImageError.self) { try ImageCodec.alpha(ofPNG: Array(png.prefix(40))) }
    }
}
