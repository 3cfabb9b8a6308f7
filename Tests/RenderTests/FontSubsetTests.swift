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
        #expect(subset.count < 24_000)  // glyphs, metrics and a cmap of few segments (its glyph array holds the gaps)
        try withTemporaryDirectory { directory in
            let path = directory + "/subset.ttf"
            try subset.write(to: URL(fileURLWithPath: path))
            let cut = try TrueTypeFace(path: path)
            for scalar in text.unicodeScalars where scalar != " " { #expect(cut.glyph(for: scalar) != nil, "\(scalar)") }
            #expect(cut.glyph(for: "李") == nil)
        }
    }

    /// Scattered characters are mapped through few merged segments; so many that the glyph array
    /// would overflow the subtable fall back to a segment per run; more than even that holds are
    /// refused, never a crash. Every character maps in a table that is made.
    @Test func theCharacterMapHasFewSegmentsAndStillMapsEveryCharacter() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let scattered = stride(from: 0x4E00, through: 0x9FA5, by: 7).compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        let many = (stride(from: 0x4E00, through: 0x9FA5, by: 40).map { $0 } + stride(from: 0xAC00, through: 0xD7A3, by: 3).map { $0 })
            .compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        let tooMany = (stride(from: 0x3400, through: 0x9FFF, by: 2).map { $0 } + stride(from: 0xAC00, through: 0xD7A3, by: 2).map { $0 })
            .compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        #expect(throws: FontError.self) { try face.subset(tooMany) }
        for characters in [scattered, many] {
            let subset = try face.subset(characters + Array("A1".unicodeScalars))
            try withTemporaryDirectory { directory in
                let path = directory + "/subset.ttf"
                try subset.write(to: URL(fileURLWithPath: path))
                let cut = try TrueTypeFace(path: path)
                #expect(characters.allSatisfy { cut.glyph(for: $0) != nil }, "\(characters.count) characters")
                #expect(cut.glyph(for: "A") != nil && cut.glyph(for: "B") == nil)
            }
        }
        // The segment count libharu searches 65,536 times per document.
        let table = try CharacterMap.format4(scattered.enumerated().map { (UInt32($0.element.value), $0.offset + 1) })
        let segments = Int(table[12 + 6]) << 8 | Int(table[12 + 7])
        #expect(segments / 2 <= 2, "\(segments / 2) segments for \(scattered.count) characters")
    }

    @Test func aCharacterTheFontLacksIsToldNotDrawnBlank() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        #expect(face.glyph(for: "考") != nil)
        #expect(face.glyph(for: "\u{1F600}") == nil)
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
