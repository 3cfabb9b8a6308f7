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

    /// Thousands of scattered characters still map; more runs than one character map holds are
    /// refused, never a crash (its length is 16 bits).
    @Test func aCharacterMapOfThousandsMapsEveryCharacterAndTooManyAreRefused() throws {
        let face = try TrueTypeFace(path: FontSubsetTests.zenhei)
        let many = stride(from: 0x4E00, through: 0x9FA5, by: 4).compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        let subset = try face.subset(many + Array("A1".unicodeScalars))
        try withTemporaryDirectory { directory in
            let path = directory + "/subset.ttf"
            try subset.write(to: URL(fileURLWithPath: path))
            let cut = try TrueTypeFace(path: path)
            #expect(many.allSatisfy { cut.glyph(for: $0) != nil }, "\(many.count) characters")
            #expect(cut.glyph(for: "A") != nil && cut.glyph(for: "B") == nil)
        }
        let tooMany = (stride(from: 0x3400, through: 0x9FFF, by: 2).map { $0 } + stride(from: 0xAC00, through: 0xD7A3, by: 2).map { $0 })
            .compactMap(Unicode.Scalar.init).filter { face.glyph(for: $0) != nil }
        #expect(throws: FontError.self) { try face.subset(tooMany) }
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
