import Foundation

/// GB/T 2260 administrative region codes, including abolished ones (an ID keeps the code of
/// the place and year it was issued for life). Loaded from `id-regions.tsv`, which an
/// operator may replace with a newer table (`kaowu` looks in the data root first).
public final class RegionTable: Sendable {
    private let codes: Set<Int32>
    /// Two-digit prefixes of mainland provinces: 11–65. 71 (Taiwan), 81/82 (HK/Macau) and 83
    /// appear only on residence permits, never on a 居民身份证.
    public let provincePrefixes: Set<Int>

    public init(tsv: String) {
        var codes = Set<Int32>()
        var provinces = Set<Int>()
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            guard let field = line.split(separator: "\t", maxSplits: 1).first, field.count == 6, let code = Int32(field) else {
                continue
            }
            codes.insert(code)
            let province = Int(code / 10_000)
            if province >= 11 && province <= 65 { provinces.insert(province) }
        }
        self.codes = codes
        self.provincePrefixes = provinces
    }

    /// The table shipped with kaowu, or the override file when it exists.
    public static func load(overridePath: String? = nil) throws -> RegionTable {
        if let overridePath, FileManager.default.fileExists(atPath: overridePath) {
            return RegionTable(tsv: try String(contentsOfFile: overridePath, encoding: .utf8))
        }
        guard let url = Bundle.module.url(forResource: "id-regions", withExtension: "tsv") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return RegionTable(tsv: try String(contentsOf: url, encoding: .utf8))
    }

    public var count: Int { codes.count }

    public func contains(code: Int) -> Bool { codes.contains(Int32(code)) }
}
