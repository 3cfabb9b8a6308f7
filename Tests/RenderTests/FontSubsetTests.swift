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
                    #expect(try cut.outlineSize(of: cut.glyph(for: "丁") ?? 0) == 0)  // between 一 and 丄: an empty filler
                }
            }
        }
    }

    /// The characters between two used ones are filled with empty glyphs (one character-map
    /// segment, for libharu's look-ups), never with another character's outline.
    @Test func codesBetweenCharactersGetEmptyGlyphsNotOthersOutlines() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        try withTemporaryDirectory { directory in
            let path = directory + "/gap.ttf"
            try face.subset("考场".unicodeScalars).write(to: URL(fileURLWithPath: path))
            let cut = try TrueTypeFace(path: path)
            #expect(cut.glyph(for: "考") != nil && cut.glyph(for: "场") != nil)
            let between = (0x573A + 1..<0x8003).compactMap(Unicode.Scalar.init)  // 场 U+573A, 考 U+8003: far apart
            #expect(between.allSatisfy { cut.glyph(for: $0) == nil })
            let near = try face.subset("考者".unicodeScalars)  // U+8003, U+8005: one stretch
            let nearPath = directory + "/near.ttf"
            try near.write(to: URL(fileURLWithPath: nearPath))
            let joined = try TrueTypeFace(path: nearPath)
            let filler = try #require(joined.glyph(for: "\u{8004}"))
            #expect(joined.glyph(for: "考")! + 1 == filler && filler + 1 == joined.glyph(for: "者")!)
            #expect(try joined.outlineSize(of: filler) == 0 && joined.outlineSize(of: joined.glyph(for: "者")!) > 0)
        }
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
}
