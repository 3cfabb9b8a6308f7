public import Foundation

/// A TrueType font (one face of a `.ttc` collection or a `.ttf`) read once, from which a small
/// font with only the glyphs of one document is cut.
///
/// Why: libhpdf 2.3.0 embeds every glyph's metrics, location and PostScript name of the font it
/// is given, used or not: about 500 KB of wqy-zenhei (40k glyphs) in even a one-page ticket.
/// Given a font cut to the document's characters, it embeds a few kilobytes (README, 文档与字体).
public final class TrueTypeFace: @unchecked Sendable {
    // @unchecked: immutable after init; `data` and the parsed tables are only read.
    let data: Data
    let path: String
    private let tables: [String: Range<Int>]
    private let loca, glyf, hmtx: Range<Int>
    private let glyphCount: Int
    private let longMetrics: Int
    private let shortLocations: Bool
    private let cmap: CharacterMap

    /// Reads face `index` of the file at `path`; refuses what is not a TrueType outline font.
    public init(path: String, index: Int = 0) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FontError.unreadable(path: path, reason: "文件不存在或无法读取")
        }
        self.data = data
        self.path = path
        let reader = ByteReader(data: data, path: path)
        var faceOffset = 0
        if try reader.tag(at: 0) == "ttcf" {
            let count = Int(try reader.u32(at: 8))
            guard index >= 0, index < count else { throw FontError.unreadable(path: path, reason: "字体集合中没有第 \(index) 个字体") }
            faceOffset = Int(try reader.u32(at: 12 + 4 * index))
        } else if index != 0 {
            throw FontError.unreadable(path: path, reason: "不是字体集合，只有第 0 个字体")
        }
        let version = try reader.u32(at: faceOffset)
        guard version == 0x0001_0000 || version == 0x7472_7565 else {
            throw FontError.unreadable(path: path, reason: "不是 TrueType 字体")
        }
        let tableCount = Int(try reader.u16(at: faceOffset + 4))
        var tables: [String: Range<Int>] = [:]
        for table in 0..<tableCount {
            let record = faceOffset + 12 + 16 * table
            let offset = Int(try reader.u32(at: record + 8))
            let length = Int(try reader.u32(at: record + 12))
            guard offset <= data.count, length <= data.count - offset else {
                throw FontError.unreadable(path: path, reason: "表超出文件")
            }
            tables[try reader.tag(at: record)] = offset..<offset + length
        }
        func required(_ tag: String) throws -> Range<Int> {
            guard let range = tables[tag] else { throw FontError.unreadable(path: path, reason: "缺少 \(tag) 表") }
            // The fields read here and rewritten in a subset must lie inside their table.
            guard range.count >= (["head": 54, "hhea": 36, "maxp": 6][tag] ?? 0) else {
                throw FontError.unreadable(path: path, reason: "\(tag) 表过短")
            }
            return range
        }
        self.tables = tables
        glyphCount = Int(try reader.u16(at: try required("maxp").lowerBound + 4))
        longMetrics = Int(try reader.u16(at: try required("hhea").lowerBound + 34))
        shortLocations = try reader.u16(at: try required("head").lowerBound + 50) == 0
        guard longMetrics >= 1, longMetrics <= glyphCount else { throw FontError.unreadable(path: path, reason: "hhea 表无效") }
        loca = try required("loca")
        glyf = try required("glyf")
        hmtx = try required("hmtx")
        // Every glyph's location and metrics lie inside their tables (glyph numbers are checked
        // against the count before they are read).
        guard loca.count >= (shortLocations ? 2 : 4) * (glyphCount + 1), hmtx.count >= 2 * (glyphCount + longMetrics) else {
            throw FontError.unreadable(path: path, reason: "loca 或 hmtx 表过短")
        }
        cmap = try CharacterMap(reader: reader, table: try required("cmap"))
    }

    /// The glyph of a character, nil when the font has none (drawing it would leave a blank).
    public func glyph(for scalar: Unicode.Scalar) -> Int? {
        guard let glyph = cmap.glyph(scalar.value), glyph > 0, glyph < glyphCount else { return nil }
        return glyph
    }

    /// A TrueType font with `.notdef` and the glyphs of `scalars` (and the components they are
    /// built from), with the same metrics and outlines. Characters the face lacks are left out
    /// (`glyph(for:)` tells them first).
    ///
    /// Glyphs are numbered in character order, and the character map is a few segments, each
    /// spanning codes up to `CharacterMap.segmentGap` apart (see `CharacterMap.format4`). Why:
    /// libharu 2.3.0 looks up every one of the 65,536 codes in the segments, one by one, for
    /// every document; with a segment per scattered character that search was a third of the
    /// time of a one-ticket file.
    public func subset(_ scalars: some Sequence<Unicode.Scalar>) throws -> Data {
        let reader = ByteReader(data: data, path: path)
        var mapped: [(code: Int, old: Int)] = []
        for scalar in Set(scalars) where scalar.value <= 0xFFFE {
            if let glyph = glyph(for: scalar) { mapped.append((Int(scalar.value), glyph)) }
        }
        mapped.sort { $0.code < $1.code }
        // The characters' glyphs in code order (a glyph two characters share, once).
        var slots = [0]
        var renumber: [Int: Int] = [0: 0]
        for (_, old) in mapped where renumber[old] == nil {
            renumber[old] = slots.count
            slots.append(old)
        }
        // Components of composite glyphs, numbered after the characters' glyphs.
        var pending = Array(slots.dropFirst())
        while let glyph = pending.popLast() {
            for component in try components(of: glyph, reader: reader).map(\.glyph) where renumber[component] == nil {
                renumber[component] = slots.count
                slots.append(component)
                pending.append(component)
            }
        }
        guard slots.count <= 0xFFFF else { throw FontError.tooManyCharacters(mapped.count) }

        var glyf: [UInt8] = []
        var loca: [UInt8] = []
        var hmtx: [UInt8] = []
        loca.reserveCapacity(4 * (slots.count + 1))
        hmtx.reserveCapacity(4 * slots.count)
        for old in slots {
            loca.appendU32(UInt32(glyf.count))
            let start = glyf.count
            glyf += data[try outlineRange(of: old, reader: reader)]
            for component in try components(of: old, reader: reader) {
                let new = UInt16(renumber[component.glyph] ?? 0)
                glyf[start + component.offset] = UInt8(new >> 8)
                glyf[start + component.offset + 1] = UInt8(new & 0xFF)
            }
            while glyf.count % 4 != 0 { glyf.append(0) }
            let metric = try metrics(of: old, reader: reader)
            hmtx.appendU16(metric.advance)
            hmtx.appendU16(metric.leftBearing)
        }
        loca.appendU32(UInt32(glyf.count))

        var head = try table("head")
        head.replaceU32(at: 8, with: 0)  // checkSumAdjustment, set below
        head.replaceU16(at: 50, with: 1)  // long loca offsets
        var hhea = try table("hhea")
        hhea.replaceU16(at: 34, with: UInt16(slots.count))
        var maxp = try table("maxp")
        maxp.replaceU16(at: 4, with: UInt16(slots.count))
        var post = Data(try table("post", required: false).prefix(32))
        if post.count == 32 { post.replaceU32(at: 0, with: 0x0003_0000) } else { post = Data() }

        var tables: [(String, Data)] = [
            ("cmap", try CharacterMap.format4(mapped.map { ($0.code, renumber[$0.old] ?? 0) })), ("glyf", Data(glyf)),
            ("head", head), ("hhea", hhea), ("hmtx", Data(hmtx)), ("loca", Data(loca)), ("maxp", maxp),
        ]
        for name in ["OS/2", "name", "cvt ", "fpgm"] {
            let copied = try table(name, required: false)
            if !copied.isEmpty { tables.append((name, copied)) }
        }
        let prep = try table("prep", required: false)
        tables.append(("prep", prep.isEmpty ? TrueTypeFace.noOperationProgram : prep))
        if !post.isEmpty { tables.append(("post", post)) }
        tables.sort { $0.0 < $1.0 }
        return FontFile.assemble(tables)
    }

    /// A control-value program that changes nothing: SVTCA[1] sets the vectors to the x-axis,
    /// where they start. Why a font without hinting gets one: libharu 2.3.0 writes `prep` last
    /// when it embeds a font and then seeks to each table's start in its own buffer; an empty
    /// last table starts at the very end, and when that end falls on its 4,096-byte block
    /// boundary the seek fails (error 0x1033 at save). Measured: one in 10k one-ticket files
    /// (the name 黄佳轩) failed so once the character map's length was no longer a multiple of 4.
    static let noOperationProgram = Data([0x01])

    private func table(_ tag: String, required: Bool = true) throws -> Data {
        guard let range = tables[tag] else {
            if required { throw FontError.unreadable(path: path, reason: "缺少 \(tag) 表") }
            return Data()
        }
        return Data(data[range])
    }

    private func outlineRange(of glyph: Int, reader: ByteReader) throws -> Range<Int> {
        let loca = self.loca.lowerBound
        let start: Int
        let end: Int
        if shortLocations {
            start = Int(try reader.u16(at: loca + 2 * glyph)) * 2
            end = Int(try reader.u16(at: loca + 2 * glyph + 2)) * 2
        } else {
            start = Int(try reader.u32(at: loca + 4 * glyph))
            end = Int(try reader.u32(at: loca + 4 * glyph + 4))
        }
        let glyf = self.glyf
        guard start <= end, end <= glyf.count else { throw FontError.unreadable(path: path, reason: "字形 \(glyph) 的位置无效") }
        return glyf.lowerBound + start..<glyf.lowerBound + end
    }

    /// How many bytes a glyph's outline takes (0: an empty glyph).
    func outlineSize(of glyph: Int) throws -> Int {
        try outlineRange(of: glyph, reader: ByteReader(data: data, path: path)).count
    }

    /// The glyphs a composite glyph is built from, with where each number sits in its outline.
    private func components(of glyph: Int, reader: ByteReader) throws -> [(glyph: Int, offset: Int)] {
        let range = try outlineRange(of: glyph, reader: reader)
        guard range.count >= 10, Int16(bitPattern: try reader.u16(at: range.lowerBound)) < 0 else { return [] }
        var found: [(glyph: Int, offset: Int)] = []
        var at = range.lowerBound + 10
        while true {
            guard at + 4 <= range.upperBound else { throw FontError.unreadable(path: path, reason: "组合字形 \(glyph) 无效") }
            let flags = try reader.u16(at: at)
            let component = Int(try reader.u16(at: at + 2))
            guard component < glyphCount else { throw FontError.unreadable(path: path, reason: "组合字形 \(glyph) 无效") }
            found.append((component, at + 2 - range.lowerBound))
            at += 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 { at += 2 } else if flags & 0x0040 != 0 { at += 4 } else if flags & 0x0080 != 0 { at += 8 }
            if flags & 0x0020 == 0 { break }
        }
        return found
    }

    private func metrics(of glyph: Int, reader: ByteReader) throws -> (advance: UInt16, leftBearing: UInt16) {
        let hmtx = self.hmtx.lowerBound
        if glyph < longMetrics {
            return (try reader.u16(at: hmtx + 4 * glyph), try reader.u16(at: hmtx + 4 * glyph + 2))
        }
        let advance = try reader.u16(at: hmtx + 4 * (longMetrics - 1))
        return (advance, try reader.u16(at: hmtx + 4 * longMetrics + 2 * (glyph - longMetrics)))
    }
}

/// Why a font cannot be used, named with its file.
public enum FontError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// More scattered characters than one format 4 character map can hold (libharu reads no other).
    case tooManyCharacters(Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "字体文件 \(path) 无法使用：\(reason)"
        case .tooManyCharacters(let count): "一个文档中的不同字符过多（\(count) 个），请分成较小的批次"
        }
    }
}

/// The Unicode → glyph table of a face (format 4 or 12 of the Windows platform).
private struct CharacterMap {
    private var format4: [(end: UInt32, start: UInt32, delta: Int, rangeOffset: Int, at: Int)] = []
    private var groups: [(start: UInt32, end: UInt32, glyph: UInt32)] = []
    private let reader: ByteReader

    init(reader: ByteReader, table: Range<Int>) throws {
        self.reader = reader
        let base = table.lowerBound
        let count = Int(try reader.u16(at: base + 2))
        var chosen: (format: UInt16, offset: Int)?
        for record in 0..<count {
            let platform = try reader.u16(at: base + 4 + 8 * record)
            let encoding = try reader.u16(at: base + 6 + 8 * record)
            let offset = base + Int(try reader.u32(at: base + 8 + 8 * record))
            guard offset < table.upperBound, platform == 3 || platform == 0 else { continue }
            let format = try reader.u16(at: offset)
            if format == 12, encoding == 10 || platform == 0 {
                chosen = (12, offset)
                break
            }
            if format == 4, chosen == nil { chosen = (4, offset) }
        }
        guard let chosen else { throw FontError.unreadable(path: reader.path, reason: "没有 Unicode 字符表") }
        if chosen.format == 4 {
            let segments = Int(try reader.u16(at: chosen.offset + 6)) / 2
            let ends = chosen.offset + 14
            let starts = ends + 2 * segments + 2
            let deltas = starts + 2 * segments
            let offsets = deltas + 2 * segments
            guard offsets + 2 * segments <= table.upperBound else { throw FontError.unreadable(path: reader.path, reason: "cmap 表过短") }
            for segment in 0..<segments {
                format4.append(
                    (
                        UInt32(try reader.u16(at: ends + 2 * segment)), UInt32(try reader.u16(at: starts + 2 * segment)),
                        Int(Int16(bitPattern: try reader.u16(at: deltas + 2 * segment))),
                        Int(try reader.u16(at: offsets + 2 * segment)), offsets + 2 * segment
                    ))
            }
        } else {
            let count = Int(try reader.u32(at: chosen.offset + 12))
            guard chosen.offset + 16 + 12 * count <= table.upperBound else {
                throw FontError.unreadable(path: reader.path, reason: "cmap 表过短")
            }
            for group in 0..<count {
                let at = chosen.offset + 16 + 12 * group
                groups.append((try reader.u32(at: at), try reader.u32(at: at + 4), try reader.u32(at: at + 8)))
            }
        }
    }

    func glyph(_ code: UInt32) -> Int? {
        if !groups.isEmpty {
            var low = 0
            var high = groups.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let group = groups[middle]
                if code < group.start {
                    high = middle - 1
                } else if code > group.end {
                    low = middle + 1
                } else {
                    return Int(group.glyph + code - group.start)
                }
            }
            return nil
        }
        var low = 0
        var high = format4.count - 1
        while low < high {
            let middle = (low + high) / 2
            if format4[middle].end < code { low = middle + 1 } else { high = middle }
        }
        guard low < format4.count else { return nil }
        let segment = format4[low]
        guard segment.start <= code, code <= segment.end else { return nil }
        if segment.rangeOffset == 0 { return (Int(code) + segment.delta) & 0xFFFF }
        let at = segment.at + segment.rangeOffset + 2 * Int(code - segment.start)
        guard let glyph = try? reader.u16(at: at), glyph != 0 else { return nil }
        return (Int(glyph) + segment.delta) & 0xFFFF
    }

    /// The widest run of unused codes inside one segment. Measured on 10k one-ticket files
    /// against the earlier map (`code + delta` segments, empty glyphs filling gaps of up to 24
    /// codes): see docs/benchmarks-documents.md.
    static let segmentGap = 512

    /// A format 4 table (Windows, Unicode BMP) mapping `characters` (code, glyph; in code
    /// order): codes up to `gap` apart share a segment, then the closing 0xFFFF segment. A
    /// segment of consecutive codes and glyphs is `code + delta`; any other reads its glyphs
    /// from the glyph array (0 for the codes in between). The table's length is 16 bits: while
    /// it does not fit, segments are cut at smaller gaps; a map that cannot fit at all is
    /// refused, never a crash.
    ///
    /// The glyph array ends with one unused 0: libharu 2.3.0 checks an index against the
    /// array's length with `>` where it means `>=`. Array segments have a delta of 0, since
    /// libharu adds the delta even to a 0 (no glyph) entry.
    static func format4(_ characters: [(code: Int, glyph: Int)], gap: Int = segmentGap) throws -> Data {
        // Each segment: its characters, and whether it is `code + delta`.
        var segments: [(characters: Range<Int>, delta: Bool)] = []
        for (index, character) in characters.enumerated() {
            if let last = segments.last, character.code - characters[index - 1].code <= gap {
                let previous = characters[index - 1]
                segments[segments.count - 1] = (
                    last.characters.lowerBound..<index + 1,
                    last.delta && character.code == previous.code + 1 && character.glyph == previous.glyph + 1
                )
            } else {
                segments.append((index..<index + 1, true))
            }
        }
        func start(_ segment: (characters: Range<Int>, delta: Bool)) -> Int { characters[segment.characters.lowerBound].code }
        func end(_ segment: (characters: Range<Int>, delta: Bool)) -> Int { characters[segment.characters.upperBound - 1].code }
        let entries = segments.reduce(0) { $0 + ($1.delta ? 0 : end($1) - start($1) + 1) } + 1
        let count = segments.count + 1
        let length = 16 + 8 * count + 2 * entries
        guard length <= 65_535 else {
            guard gap > 0 else { throw FontError.tooManyCharacters(characters.count) }
            return try format4(characters, gap: gap / 2)
        }
        var glyphs = [UInt16](repeating: 0, count: entries)
        var position = 0
        var deltas: [Int] = []
        var rangeOffsets: [Int] = []
        for (index, segment) in segments.enumerated() {
            if segment.delta {
                deltas.append(characters[segment.characters.lowerBound].glyph - start(segment))
                rangeOffsets.append(0)
                continue
            }
            deltas.append(0)
            rangeOffsets.append(2 * (count - index) + 2 * position)
            for character in characters[segment.characters] {
                glyphs[position + character.code - start(segment)] = UInt16(character.glyph)
            }
            position += end(segment) - start(segment) + 1
        }
        var log = 0
        while (1 << (log + 1)) <= count { log += 1 }
        var sub: [UInt8] = []
        sub.reserveCapacity(length)
        sub.appendU16(4)
        sub.appendU16(UInt16(length))
        sub.appendU16(0)
        sub.appendU16(UInt16(2 * count))
        sub.appendU16(UInt16(2 << log))
        sub.appendU16(UInt16(log))
        sub.appendU16(UInt16(2 * count - (2 << log)))
        for segment in segments { sub.appendU16(UInt16(end(segment))) }
        sub.appendU16(0xFFFF)
        sub.appendU16(0)
        for segment in segments { sub.appendU16(UInt16(start(segment))) }
        sub.appendU16(0xFFFF)
        for delta in deltas { sub.appendU16(UInt16(truncatingIfNeeded: delta)) }
        sub.appendU16(1)
        for offset in rangeOffsets { sub.appendU16(UInt16(offset)) }
        sub.appendU16(0)
        for glyph in glyphs { sub.appendU16(glyph) }
        var table = Data()
        table.appendU16(0)
        table.appendU16(1)
        table.appendU16(3)
        table.appendU16(1)
        table.appendU32(12)
        table.append(contentsOf: sub)
        return table
    }
}

/// Writing an sfnt file: the table directory, each table 4-byte aligned, the checksums and the
/// head table's checksum adjustment.
private enum FontFile {
    static func assemble(_ tables: [(String, Data)]) -> Data {
        var log = 0
        while (1 << (log + 1)) <= tables.count { log += 1 }
        var file = Data()
        file.appendU32(0x0001_0000)
        file.appendU16(UInt16(tables.count))
        file.appendU16(UInt16(16 << log))
        file.appendU16(UInt16(log))
        file.appendU16(UInt16(16 * tables.count - (16 << log)))
        var offset = 12 + 16 * tables.count
        var headOffset: Int?
        for (tag, data) in tables {
            file.append(contentsOf: Array(tag.utf8))
            file.appendU32(checksum(data))
            file.appendU32(UInt32(offset))
            file.appendU32(UInt32(data.count))
            if tag == "head" { headOffset = offset }
            offset += (data.count + 3) & ~3
        }
        for (_, data) in tables {
            file.append(data)
            while file.count % 4 != 0 { file.append(0) }
        }
        if let headOffset { file.replaceU32(at: headOffset + 8, with: 0xB1B0_AFBA &- checksum(file)) }
        return file
    }

    static func checksum(_ data: Data) -> UInt32 {
        var sum: UInt32 = 0
        data.withUnsafeBytes { bytes in
            var index = 0
            while index < bytes.count {
                var word: UInt32 = 0
                for byte in 0..<4 { word = word << 8 | UInt32(index + byte < bytes.count ? bytes[index + byte] : 0) }
                sum &+= word
                index += 4
            }
        }
        return sum
    }
}

/// Big-endian reads that refuse to go past the end of the file.
private struct ByteReader {
    let data: Data
    let path: String

    func u16(at offset: Int) throws -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { throw FontError.unreadable(path: path, reason: "文件被截断") }
        let base = data.startIndex + offset
        return UInt16(data[base]) << 8 | UInt16(data[base + 1])
    }

    func u32(at offset: Int) throws -> UInt32 {
        UInt32(try u16(at: offset)) << 16 | UInt32(try u16(at: offset + 2))
    }

    func tag(at offset: Int) throws -> String {
        let word = try u32(at: offset)
        return String(decoding: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) }, as: UTF8.self)
    }
}

/// Big-endian writes, into the `[UInt8]` of a big table or the `Data` of a small one.
extension RangeReplaceableCollection<UInt8> {
    fileprivate mutating func appendU16(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    fileprivate mutating func appendU32(_ value: UInt32) {
        appendU16(UInt16(value >> 16))
        appendU16(UInt16(value & 0xFFFF))
    }
}

extension Data {
    fileprivate mutating func replaceU16(at offset: Int, with value: UInt16) {
        self[startIndex + offset] = UInt8(value >> 8)
        self[startIndex + offset + 1] = UInt8(value & 0xFF)
    }

    fileprivate mutating func replaceU32(at offset: Int, with value: UInt32) {
        replaceU16(at: offset, with: UInt16(value >> 16))
        replaceU16(at: offset + 2, with: UInt16(value & 0xFFFF))
    }
}
