import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite struct NumberFormatTests {
    @Test(arguments: [
        ("yyyy-mm-dd", true),
        ("yyyy\"年\"m\"月\"d\"日\"", true),
        ("m/d/yy h:mm", true),
        ("hh:mm:ss", true),
        ("[h]:mm", true),
        ("[mm]:ss", true),
        ("[$-F800]dddd, mmmm dd, yyyy", true),
        ("[Red]yyyy", true),
        ("0.00", false),
        ("0", false),
        ("General", false),
        ("@", false),
        ("#,##0.00_);[Red](#,##0.00)", false),
        ("\"yyyy\"0", false),
        ("\\d0", false),
        ("[Red]0.00", false),
        ("[$¥-804]#,##0.00", false),
        ("0.00_y", false),
        ("", false),
    ])
    func customCode(code: String, isDate: Bool) {
        #expect(NumberFormat.isDate(code: code) == isDate, "\(code)")
    }

    @Test func builtInIDs() {
        let dates = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))
        for id in 0...200 {
            #expect(NumberFormat.isBuiltInDate(id: id) == dates.contains(id), "id \(id)")
        }
    }
}

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (45356.0, false, "2024-03-05"),
        (45356.5625, false, "2024-03-05T13:30:00"),
        (45356.999999999, false, "2024-03-06"),  // rounds to the next midnight
        (1.0, false, "1900-01-01"),
        (59.0, false, "1900-02-28"),
        (61.0, false, "1900-03-01"),
        (25569.0, false, "1970-01-01"),
        (36526.0, false, "2000-01-01"),
        (2_958_465.0, false, "9999-12-31"),
        (0.5, false, "1899-12-31T12:00:00"),
        (0.0, true, "1904-01-01"),
        (1.0, true, "1904-01-02"),
        (43894.0, true, "2024-03-05"),
        (43894.75, true, "2024-03-05T18:00:00"),
    ])
    func serialToISO(serial: Double, date1904: Bool, expected: String) {
        #expect(ExcelDate.iso8601(serial: serial, date1904: date1904) == expected)
    }

    @Test(arguments: [-1.0, 2_958_466.0, Double.nan, Double.infinity])
    func outOfRangeIsNil(serial: Double) {
        #expect(ExcelDate.iso8601(serial: serial, date1904: false) == nil)
    }

    @Test func civil() {
        #expect(ExcelDate.civil(fromDays: 0) == (1970, 1, 1))
        #expect(ExcelDate.civil(fromDays: -1) == (1969, 12, 31))
        #expect(ExcelDate.civil(fromDays: 11_016) == (2000, 2, 29))
    }
}

@Suite struct SHA256Tests {
    /// Both compressions: SHA-NI (where this CPU has it) and the portable C code.
    static let paths = [false, true]

    private func digest(_ bytes: [UInt8], chunk: Int? = nil, portable: Bool = false) -> String {
        var hash = SHA256(portable: portable)
        if let chunk {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunk, bytes.count)
                bytes[offset..<end].withUnsafeBytes { hash.update($0) }
                offset = end
            }
        } else {
            bytes.withUnsafeBytes { hash.update($0) }
        }
        return hash.finish()
    }

    /// Bytes 0, 1, 2, … (mod 256): unlike a run of one letter, a word or byte order mistake
    /// changes the digest.
    private static func counting(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) } }

    @Test(
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ], paths)
    func knownVectors(vector: (String, String), portable: Bool) {
        let (input, expected) = vector
        #expect(digest(Array(input.utf8), portable: portable) == expected)
    }

    /// Lengths around the padding boundary and whole blocks, checked against `sha256sum`.
    @Test(
        arguments: [
            (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
            (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
            (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
            (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
            (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
            (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
            (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
            (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
            (1000, "a8af099bf2e878609558dbf69d8f88f4a31040a8cf84b549a0cfa912f12ffc3f"),
        ], paths)
    func boundaryLengths(vector: (Int, String), portable: Bool) {
        let (length, expected) = vector
        let bytes = SHA256Tests.counting(length)
        #expect(digest(bytes, portable: portable) == expected)
        #expect(digest(bytes, chunk: 7, portable: portable) == expected)
    }

    @Test(arguments: paths)
    func millionAs(portable: Bool) {
        #expect(
            digest([UInt8](repeating: 0x61, count: 1_000_000), chunk: 4096, portable: portable)
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: paths)
    func chunkingDoesNotMatter(portable: Bool) {
        var generator = SeededRandom(seed: 42)
        let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let oneShot = digest(bytes, portable: !portable)
        for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 1000] {
            #expect(digest(bytes, chunk: chunk, portable: portable) == oneShot, "chunk \(chunk)")
        }
    }

    /// The run-time choice matches what the kernel reports, so the SHA-NI path is really the one
    /// tested (and used) on a CPU that has it.
    @Test func accelerationFollowsTheCPU() {
        let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let flags = cpuInfo?.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let words = flags.split(separator: " ")
        let hasSHA = words.contains("sha_ni") && words.contains("sse4_1")
        #expect(SHA256.isAccelerated == hasSHA)
    }

    @Test func fileDigest() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("abc.txt")
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SHA256.hex(ofFile: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: (any Error).self) { try SHA256.hex(ofFile: temp.path("missing")) }
    }
}
