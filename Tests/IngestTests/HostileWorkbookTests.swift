import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest
@testable import Render

/// Hand-assembled workbooks (issue 13): hostile references and numbers end as a file-level
/// error, never a trap; package structure is found as OPC says.
@Suite struct HostileWorkbookTests {
    static let ns = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
    static let relNS = #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    static let packageRels = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let worksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    static let sharedStringsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    /// The parts of a one-sheet workbook; `rows` is the inside of `<sheetData>`.
    static func parts(
        rows: String, sheetName: String = "Sheet1", sharedStrings: [String]? = nil
    ) -> [(String, String)] {
        var rels = #"<Relationship Id="rId1" Type="\#(worksheetType)" Target="worksheets/sheet1.xml"/>"#
        var parts: [(String, String)] = []
        if let sharedStrings {
            rels += #"<Relationship Id="rId2" Type="\#(sharedStringsType)" Target="sharedStrings.xml"/>"#
            let items = sharedStrings.map { "<si><t>\($0)</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", #"<sst \#(ns) count="\#(sharedStrings.count)">\#(items)</sst>"#))
        }
        parts += [
            (
                "_rels/.rels",
                #"<Relationships xmlns="\#(packageRels)"><Relationship Id="rId1" Type="\#(officeDocument)" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                #"<workbook \#(ns) \#(relNS)><sheets><sheet name="\#(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="\#(packageRels)">\#(rels)</Relationships>"#),
            ("xl/worksheets/sheet1.xml", #"<worksheet \#(ns)><sheetData>\#(rows)</sheetData></worksheet>"#),
        ]
        return parts
    }

    /// `@BAD@` in a part stands for the bytes C3 28, which are not UTF-8.
    static func write(_ parts: [(String, String)], to path: String) throws {
        let writer = try ZipWriter(path: path)
        for (name, text) in parts {
            let pieces = text.components(separatedBy: "@BAD@").map { Array($0.utf8) }
            try writer.add(name: name, bytes: Array(pieces.joined(separator: [0xC3, 0x28])))
        }
        try writer.close()
    }

    /// Writes `parts`, opens the workbook and reads its first sheet.
    static func read(_ parts: [(String, String)]) throws -> (sheets: [String], rows: [CapturedRow]) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("book.xlsx")
        try write(parts, to: path)
        let reader = try XlsxReader(path: path)
        let sheet = try #require(reader.firstVisibleSheet)
        return (reader.sheets.map(\.name), try readRows(reader, sheet: sheet.name))
    }

    static func inline(_ text: String, _ reference: String = "A1") -> String {
        #"<row r="1"><c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c></row>"#
    }

    @Test(arguments: ["&#9999999999;", "&#xFFFFFFFFFF;", "&#xD800;", "&#0;", "&#x110000;", "&#1114112;", "&#x;", "&#;"])
    func characterReferenceOutOfRangeIsDamaged(reference: String) {
        #expect(
            kaowuErrorCode {
                _ = try HostileWorkbookTests.read(HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline("a\(reference)b")))
            } == .fileDamaged)
    }

    @Test(arguments: ["&#9999999999;", "&#xFFFFFFFFFF;", "&#xD800;", "&#0;"])
    func characterReferenceOutOfRangeInSharedStringsIsDamaged(reference: String) {
        let parts = HostileWorkbookTests.parts(
            rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: ["a\(reference)b"])
        #expect(kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) } == .fileDamaged)
    }

    @Test func largestCharacterReferenceIsDecoded() throws {
        let rows = try HostileWorkbookTests.read(HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline("&#x10FFFF;&#1114111;")))
        #expect(rows.rows.first?.value(0)?.text == "\u{10FFFF}\u{10FFFF}")
    }

    @Test(arguments: [
        #"<row r="99999999999999999999"><c r="A99999999999999999999"><v>1</v></c></row>"#,
        #"<row r="1"><c r="ZZZZZZZZZZZZZZZZZZZZZZZZZZ1"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1" s="99999999999999999999"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1" s="-1"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1" t="b"><v>99999999999999999999</v></c></row>"#,
        #"<row r="1"><c r="A1" t="n"><v>1e999999</v></c><c r="B1" t="d"><v>99999999999-99</v></c></row>"#,
        #"<row r="1"><c r="A1" s="0"><v>1e300</v></c></row>"#,
    ])
    func hostileNumbersDoNotTrap(rows: String) {
        let code = kaowuErrorCode { _ = try HostileWorkbookTests.read(HostileWorkbookTests.parts(rows: rows)) }
        #expect(code == nil || code == .fileDamaged)
    }

    @Test(arguments: ["99999999999999999999", "5", "-1", "2147483648"])
    func sharedStringIndexPastTheTableIsDamaged(index: String) {
        let parts = HostileWorkbookTests.parts(
            rows: #"<row r="1"><c r="A1" t="s"><v>\#(index)</v></c></row>"#, sharedStrings: ["a", "b"])
        #expect(kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) } == .fileDamaged)
    }

    @Test func sheetNameAttributeIsDecoded() throws {
        let read = try HostileWorkbookTests.read(
            HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline("x"), sheetName: "R&amp;D &lt;1&gt; &#x4E2D;"))
        #expect(read.sheets == ["R&D <1> 中"])
    }

    @Test func partNamesMatchCaseInsensitivelyAndAbsoluteTargetsWork() throws {
        var parts = HostileWorkbookTests.parts(rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: ["共享"])
        parts = parts.map { name, text in
            switch name {
            case "xl/sharedStrings.xml": return ("xl/SharedStrings.xml", text)
            case "xl/workbook.xml": return ("xl/Book.xml", text)
            case "xl/_rels/workbook.xml.rels":
                return ("xl/_rels/book.xml.rels", text.replacingOccurrences(of: "worksheets/sheet1.xml", with: "/xl/worksheets/sheet1.xml"))
            case "_rels/.rels": return (name, text.replacingOccurrences(of: "xl/workbook.xml", with: "/xl/book.xml"))
            default: return (name, text)
            }
        }
        let read = try HostileWorkbookTests.read(parts)
        #expect(read.rows.first?.value(0)?.text == "共享")
    }
}

/// `_xHHHH_` escapes (ST_Xstring) in shared and inline strings.
@Suite struct XstringTests {
    static let cases: [(String, String)] = [
        ("a_x000D_b", "a\rb"),
        ("_x005F_x000D_", "_x000D_"),
        ("_x4E2D__x6587_", "中文"),
        ("_xD83D__xDE00_", "😀"),
        ("x_x00zz_y", "x_x00zz_y"),
        ("_x0000_", "_x0000_"),
        ("_xD800_", "_xD800_"),
        ("snake_case_name", "snake_case_name"),
        ("tail_x00", "tail_x00"),
    ]

    @Test(arguments: cases)
    func inlineStringEscapes(raw: String, expected: String) throws {
        let rows = try HostileWorkbookTests.read(HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline("[\(raw)]")))
        #expect(rows.rows.first?.value(0)?.text == "[\(expected)]")
    }

    @Test(arguments: cases)
    func sharedStringEscapes(raw: String, expected: String) throws {
        let parts = HostileWorkbookTests.parts(
            rows: #"<row r="1"><c r="A1" t="s"><v>1</v></c></row>"#, sharedStrings: ["first_x000D_", "[\(raw)]"])
        let rows = try HostileWorkbookTests.read(parts)
        #expect(rows.rows.first?.value(0)?.text == "[\(expected)]")
    }

    @Test func formulaStringResultEscapes() throws {
        let rows = try HostileWorkbookTests.read(
            HostileWorkbookTests.parts(rows: #"<row r="1"><c r="A1" t="str"><f>X</f><v>a_x000A_b</v></c></row>"#))
        #expect(rows.rows.first?.value(0)?.text == "a\nb")
    }
}

/// Cell text past Excel's 32,767-character limit is a damaged file, wherever it sits (issue 13).
@Suite struct OverlongTextTests {
    static let limit = 32_767

    @Test func inlineStringAtTheLimitIsRead() throws {
        let text = String(repeating: "长", count: OverlongTextTests.limit)
        let rows = try HostileWorkbookTests.read(HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline(text)))
        #expect(rows.rows.first?.value(0)?.text == text)
    }

    @Test(arguments: [OverlongTextTests.limit + 1, 300_000])
    func inlineStringPastTheLimitIsDamaged(count: Int) {
        let parts = HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline(String(repeating: "a", count: count)))
        // Very long runs of one letter may also trip the zip's ratio limit first.
        let code = kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) }
        #expect(code == .fileDamaged || code == .fileTooLarge)
    }

    @Test func formulaResultPastTheLimitIsDamaged() {
        let text = String(repeating: "字", count: OverlongTextTests.limit + 1)
        let parts = HostileWorkbookTests.parts(rows: #"<row r="1"><c r="A1" t="str"><f>X</f><v>\#(text)</v></c></row>"#)
        #expect(kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) } == .fileDamaged)
    }

    @Test(arguments: [OverlongTextTests.limit + 1, 300_000])
    func sharedStringPastTheLimitIsDamaged(count: Int) {
        let parts = HostileWorkbookTests.parts(
            rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: ["x", String(repeating: "b", count: count)])
        let code = kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) }
        #expect(code == .fileDamaged || code == .fileTooLarge)
    }

    @Test func failedRowsTextIsCutToExcelsLimit() {
        #expect(XlsxSheetWriter.fitted("短") == "短")
        let long = String(repeating: "长", count: 40_000)
        let fitted = XlsxSheetWriter.fitted(long)
        #expect(fitted.unicodeScalars.count == OverlongTextTests.limit)
        #expect(fitted.hasSuffix("长…"))
    }
}

/// `t="d"` cells hold ISO 8601 text: dates, date-times and times only are dates, not numbers.
@Suite struct DateCellTests {
    @Test(arguments: [
        ("10:10:10", "10:10:10"), ("T10:10:10", "10:10:10"), ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:10:10", "2024-03-05T10:10:10"),
    ])
    func isoCellsAreDates(raw: String, expected: String) throws {
        let rows = try HostileWorkbookTests.read(
            HostileWorkbookTests.parts(rows: #"<row r="1"><c r="A1" t="d"><v>\#(raw)</v></c></row>"#))
        let value = try #require(rows.rows.first?.value(0))
        #expect(value == CellValue(type: .date, text: expected))
    }
}

/// Invalid UTF-8 in an inline string is refused like invalid UTF-8 in a shared string.
@Suite struct InvalidUTF8Tests {
    @Test func inlineStringIsDamaged() {
        let parts = HostileWorkbookTests.parts(rows: HostileWorkbookTests.inline("a@BAD@b"))
        #expect(kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) } == .fileDamaged)
    }

    @Test func sharedStringIsDamaged() {
        let parts = HostileWorkbookTests.parts(
            rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: ["a@BAD@b"])
        #expect(kaowuErrorCode { _ = try HostileWorkbookTests.read(parts) } == .fileDamaged)
    }

    @Test(arguments: [[0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE4, 0xB8]] as [[UInt8]])
    func malformedSequencesAreNotUTF8(bytes: [UInt8]) {
        #expect(!SheetRowBuilder.isUTF8([0x41] + bytes, 0))
        #expect(SheetRowBuilder.isUTF8(Array("中文 😀 é".utf8), 0))
    }
}
