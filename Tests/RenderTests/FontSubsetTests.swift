import Domain
import Foundation
import TestSupport
import Testing

@testable import Render

/// The font kaowu embeds is cut to the characters a document draws.
@Suite struct FontSubsetTests {
    static let zenhei = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

    @Test func aSubsetKeepsTheGlyphsOfItsCharactersAndIsSmall() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let text = "准考证 张三 0123456789ABC"
        let subset = try face.subset(text.unicodeScalars)
        #expect(subset.count < 20_000)
        try withTemporaryDirectory { directory in
            let path = directory + "/subset.ttf"
            try subset.write(to: URL(fileURLWithPath: path))
            let cut = try TrueTypeFace(path: path)
            for scalar in text.unicodeScalars where scalar != " " { #expect(cut.glyph(for: scalar) != nil, "\(scalar)") }
            #expect(cut.glyph(for: "李") == nil)
        }
    }

    /// Thousands of scattered characters still map, and so does every character of the font's
    /// BMP (its 16-bit glyph count and character-map length are never overrun: a font that
    /// would is refused, never a crash).
    @Test func aCharacterMapOfThousandsMapsEveryCharacter() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let many = stride(from: 0x4E00, through: 0x9FA5, by: 4).compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        let all = (0x20...0xFFFD).compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        try withTemporaryDirectory { directory in
            for (name, scalars) in [("many", many + Array("A1".unicodeScalars)), ("all", all)] {
                let path = directory + "/\(name).ttf"
                try face.subset(scalars).write(to: URL(fileURLWithPath: path))
                let cut = try TrueTypeFace(path: path)
                #expect(scalars.allSatisfy { cut.glyph(for: $0) != nil }, "\(name): \(scalars.count) characters")
                if name == "many" {
                    #expect(cut.glyph(for: "A") != nil && cut.glyph(for: "B") == nil)
                    #expect(cut.glyph(for: "丁") == nil)  // between 一 and 丄, in their segment
                }
                try FontSubsetTests.expectLibharuLooksUp(scalars, in: try Data(contentsOf: URL(fileURLWithPath: path)), cut: cut)
            }
        }
    }

    /// The codes between two used characters of a segment map to no glyph, never to another
    /// character's outline; the glyphs are numbered in character order.
    @Test func codesBetweenCharactersMapToNoGlyph() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        try withTemporaryDirectory { directory in
            let path = directory + "/gap.ttf"
            try face.subset("考场者".unicodeScalars).write(to: URL(fileURLWithPath: path))
            let cut = try TrueTypeFace(path: path)
            let (field, test, person) = (try #require(cut.glyph(for: "场")), try #require(cut.glyph(for: "考")), try #require(cut.glyph(for: "者")))
            #expect(field < test && test < person)
            #expect(try cut.outlineSize(of: test) > 0 && cut.outlineSize(of: person) > 0)
            let between = (0x573A + 1..<0x8005).compactMap(Unicode.Scalar.init).filter { $0 != "考" }  // 场 U+573A … 者 U+8005
            #expect(between.allSatisfy { cut.glyph(for: $0) == nil })
            try FontSubsetTests.expectLibharuLooksUp(Array("考场者".unicodeScalars), in: try Data(contentsOf: URL(fileURLWithPath: path)), cut: cut)
        }
    }

    /// Random character sets, from a handful of characters to thousands: every one maps to its
    /// glyph the way libharu looks it up, with no index reaching the glyph array's last entry.
    @Test func randomCharacterSetsMapAsLibharuReadsThem() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let available = (0x20...0xFFFD).compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        var random = SeededRandom(seed: 20_261_205)
        try withTemporaryDirectory { directory in
            for (round, count) in [1, 2, 7, 40, 180, 600, 2500, 9000].enumerated() {
                var picked = Set<Unicode.Scalar>()
                while picked.count < count { picked.insert(available[random.next(available.count)]) }
                let path = directory + "/random-\(round).ttf"
                let font = try face.subset(picked)
                try font.write(to: URL(fileURLWithPath: path))
                try FontSubsetTests.expectLibharuLooksUp(Array(picked), in: font, cut: try TrueTypeFace(path: path))
            }
        }
    }

    /// A cut font ends with a `prep` program that is not empty (libharu 2.3.0 fails to save a
    /// font whose last table is empty and ends on its 4,096-byte block boundary), and the one
    /// it gets when the face has none changes nothing (SVTCA[1]).
    @Test func aCutFontEndsWithAProgramThatIsNotEmpty() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let font = try face.subset("准考证 黄佳轩".unicodeScalars)
        let tables = FontSubsetTests.tables(of: font)
        let prep = try #require(tables["prep"])
        #expect(font[prep] == Data([0x01]))
    }

    /// Both fonts a template may name pass the checks and cut a font that maps its characters.
    @Test func theInstalledFontsAreReadAndCut() throws {
        for (name, font) in FontChoice.installed {
            let face = try TrueTypeFace(path: font.path, index: font.index)
            let cut = try face.subset("证书编号 王小明 2026".unicodeScalars)
            #expect(cut.count > 1000, "\(name)")
        }
    }

    @Test func aCharacterTheFontLacksIsToldNotDrawnBlank() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        #expect(face.glyph(for: "考") != nil)
        #expect(face.glyph(for: "\u{1F600}") == nil)
    }

    /// A font file may be damaged (a broken package, a partial copy): cut at every length, or
    /// with a table that claims fewer bytes than the fields read from it, it is refused or used,
    /// never a crash. Before, a short hhea table trapped when the subset rewrote it.
    @Test func aDamagedFontIsRefusedNeverACrash() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let font = try face.subset("准考证 张三 A1".unicodeScalars)
        try withTemporaryDirectory { directory in
            let path = directory + "/damaged.ttf"
            func attempt(_ bytes: Data) -> Bool {
                guard (try? bytes.write(to: URL(fileURLWithPath: path))) != nil else { return false }
                return (try? TrueTypeFace(path: path).subset("准考".unicodeScalars)) != nil
            }
            for length in stride(from: 0, to: font.count, by: 7) { _ = attempt(font.prefix(length)) }
            let tables = Int(font[4]) << 8 | Int(font[5])
            var usedAnyway: [String] = []
            for table in 0..<tables {
                var short = font
                let record = 12 + 16 * table
                let tag = String(decoding: font[record..<record + 4], as: UTF8.self)
                short.replaceSubrange(record + 12..<record + 16, with: [0, 0, 0, 2])  // the table is 2 bytes long
                if attempt(short), ["head", "hhea", "maxp", "loca", "cmap", "hmtx"].contains(tag) { usedAnyway.append(tag) }
            }
            #expect(usedAnyway == [])
            #expect(attempt(font))
        }
    }

    @Test func aFileThatIsNoFontIsRefusedWithItsPath() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/not-a-font.ttf"
            try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
            #expect { try TrueTypeFace(path: path) } throws: { "\($0)".contains(path) }
            #expect { try TrueTypeFace(path: directory + "/missing.ttf") } throws: { "\($0)".contains("missing.ttf") }
        }
    }

    @Test func aPageWithTheSubsetEmbedsOnlyKilobytes() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let text = "准考证 张三 考场 座位号 0123456789"
        try withTemporaryDirectory { directory in
            try face.subset(text.unicodeScalars).write(to: URL(fileURLWithPath: directory + "/f.ttf"))
            let document = try PDFDocument()
            let font = try document.loadFont(path: directory + "/f.ttf")
            let page = try document.addPage(width: 595, height: 842)
            try page.text(text, x: 50, y: 700, font: font, size: 20)
            try document.save(to: directory + "/page.pdf")
            let size = try FileManager.default.attributesOfItem(atPath: directory + "/page.pdf")[.size] as? Int ?? 0
            #expect(size < 20_000, "\(size) bytes")
        }
    }

    /// A cut font's tables by tag (offset range in the file).
    static func tables(of font: Data) -> [String: Range<Int>] {
        let bytes = [UInt8](font)
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func u32(_ at: Int) -> Int { u16(at) << 16 | u16(at + 2) }
        var tables: [String: Range<Int>] = [:]
        for index in 0..<u16(4) {
            let record = 12 + 16 * index
            tables[String(decoding: bytes[record..<record + 4], as: UTF8.self)] = u32(record + 8)..<u32(record + 8) + u32(record + 12)
        }
        return tables
    }

    /// Looks up all 65,536 codes in a cut font the way libharu 2.3.0's
    /// `HPDF_TTFontDef_GetGlyphid` does (the first segment whose end is not below the code; an
    /// array index checked with `>`), and expects what kaowu's own reader finds, with no index
    /// reaching the array's unused last entry or beyond it.
    static func expectLibharuLooksUp(_ printed: [Unicode.Scalar], in font: Data, cut: TrueTypeFace) throws {
        let bytes = [UInt8](font)
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        let cmap = try #require(tables(of: font)["cmap"])
        let subtable = cmap.lowerBound + (u16(cmap.lowerBound + 8) << 16 | u16(cmap.lowerBound + 10))
        #expect(u16(subtable) == 4)
        let segments = u16(subtable + 6) / 2
        let ends = subtable + 14
        let starts = ends + 2 * segments + 2
        let deltas = starts + 2 * segments
        let offsets = deltas + 2 * segments
        let arrayCount = (u16(subtable + 2) - (offsets + 2 * segments - subtable)) / 2
        var found = 0
        for code in 0...0xFFFF {
            var index = 0
            while index < segments, code > u16(ends + 2 * index) { index += 1 }
            guard index < segments, u16(starts + 2 * index) <= code else { continue }
            let delta = u16(deltas + 2 * index)
            let glyph: Int
            if u16(offsets + 2 * index) == 0 {
                glyph = (code + delta) & 0xFFFF
            } else {
                let position = u16(offsets + 2 * index) / 2 + (code - u16(starts + 2 * index)) - (segments - index)
                #expect(position < arrayCount - 1, "code \(code): array index \(position) of \(arrayCount)")
                guard position < arrayCount else { continue }
                glyph = (u16(offsets + 2 * segments + 2 * position) + delta) & 0xFFFF
            }
            guard glyph != 0 else { continue }
            found += 1
            #expect(Unicode.Scalar(UInt32(code)).flatMap(cut.glyph(for:)) == glyph, "code \(code)")
        }
        #expect(found == Set(printed.filter { $0.value <= 0xFFFE }).count)
    }
}
