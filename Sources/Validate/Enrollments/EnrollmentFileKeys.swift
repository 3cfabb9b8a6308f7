import Domain
import Foundation

/// The candidates, plans and certificates the rows of an import named so far, as a Bloom
/// filter: a fixed megabyte whatever the file's size, never missing a key it was given, and
/// wrong the other way for about 3 keys in 10,000 after 200k rows (3 in 100 after 1M). A row
/// that names a candidate with a plan and certificate no earlier row named, of a candidate
/// with no enrollment before the import, cannot be a duplicate: its insert skips the check
/// (about a tenth of the store thread's SQLite time, scripts/bench). Made and used by the
/// prepare thread only.
public final class EnrollmentFileKeys {
    static let wordCount = 1 << 17
    private let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: EnrollmentFileKeys.wordCount)

    public init() { bits.initialize(repeating: 0, count: EnrollmentFileKeys.wordCount) }

    deinit { bits.deallocate() }

    /// Adds the key and returns whether it may have been added before (false: certainly not).
    func insert(idNumber: String, planCode: String, certificateCode: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the three codes, each closed by 0xff
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        add(idNumber)
        add(planCode)
        add(certificateCode)
        // Two halves of one mixed hash make the three probes (Kirsch–Mitzenmacher).
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        let (first, step) = (hash & 0xffff_ffff, (hash >> 32) | 1)
        let bitCount = UInt64(EnrollmentFileKeys.wordCount * 64)
        var seen = true
        for probe in 0..<UInt64(3) {
            let bit = (first &+ probe &* step) % bitCount
            let mask: UInt64 = 1 << (bit & 63)
            let word = bits + Int(bit >> 6)
            if word.pointee & mask == 0 {
                seen = false
                word.pointee |= mask
            }
        }
        return seen
    }
}
