import Domain
import TestSupport
import Testing

@testable import Ingest

/// The worksheet scanner on hand-written SpreadsheetML: what it must decode, what it must
/// refuse, and that chunk boundaries never change the result.
@Suite struct WorksheetScannerTests {
    /// Scans `xml` fed in chunks of `chunk` bytes; returns each row as (number, [column: text]).
    func scan(_ xml: String, chunk: Int = 1 << 16) throws -> [(Int, [Int: String])] {
        var batches: [RowBatch] = []
        var scanner = WorksheetScanner(
            builder: SheetRowBuilder(dateStyles: [], batchSize: 2) {
                batches.append($0)
                return true
            })
        let bytes = Array(xml.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try scanner.feed($0) }
            start = end
        }
        try scanner.finish()
        return batches.flatMap { batch in
            batch.rows.indices.map { index in
                let row = SheetRow(batch: batch, index: index, sharedStrings: .empty, date1904: false)
                return (row.number, Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value.text) }))
            }
        }
    }

    func sheet(_ rows: String, prefix: String = "") -> String {
        let p = prefix.isEmpty ? "" : prefix + ":"
        let ns = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
            <\(p)worksheet \(ns)="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><\(p)sheetData>\(rows)</\(p)sheetData></\(p)worksheet>
            """
    }

    /// A reference beyond U+10FFFF once overflowed the accumulator and trapped (SIGILL): every
    /// digit count must end as a refusal naming the problem, in text and in attributes.
    @Test(arguments: ["&#9999999999;", "&#99999999999;", "&#xFFFFFFFFF;", "&#x110000;", "&#1114112;", "&#xD800;", "&#0;"])
    func refusesReferencesOutsideUnicode(_ reference: String) throws {
        let inText = sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>a\#(reference)b</t></is></c></row>"#)
        #expect(throws: XMLError.self) { try scan(inText) }
        let inAttribute = sheet(#"<row r="1"><c r="A1\#(reference)" t="inlineStr"><is><t>a</t></is></c></row>"#)
        #expect(throws: XMLError.self) { try scan(inAttribute) }
    }

    @Test func decodesTheLastUnicodeScalar() throws {
        let rows = try scan(sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>&#x10FFFF;&#1114111;</t></is></c></row>"#))
        #expect(rows.first?.1[0] == "\u{10FFFF}\u{10FFFF}")
    }

    @Test func decodesReferencesCDATAAndLineEnds() throws {
        let xml = sheet(
            #"<row r="3"><c r="A3" t="inlineStr"><is><t>A&amp;B &lt;&#x4E2D;&#25991;&gt; &quot;q&apos;</t></is></c>"#
                + "<c r=\"B3\" t=\"inlineStr\"><is><t><![CDATA[<raw> & ]]>x</t></is></c>"
                + "<c r=\"C3\" t=\"inlineStr\"><is><t>line1\r\nline2</t></is></c></row>")
        let rows = try scan(xml)
        #expect(rows.count == 1)
        #expect(rows[0].0 == 3)
        #expect(rows[0].1[0] == "A&B <中文> \"q'")
        #expect(rows[0].1[1] == "<raw> & x")
        #expect(rows[0].1[2] == "line1\nline2")
    }

    @Test func prefixedElementsCommentsAndSingleQuotes() throws {
        let xml = sheet(
            "<!-- a comment with <c> inside --><x:row r='2'><x:c r='B2' t='inlineStr'><x:is><x:t>乙</x:t></x:is></x:c>"
                + "<x:c r='A2'><x:v>42</x:v></x:c></x:row><?pi ignored?>", prefix: "x")
        let rows = try scan(xml)
        #expect(rows.count == 1)
        #expect(rows[0].1[1] == "乙")
        #expect(rows[0].1[0] == "42")
    }

    @Test func phoneticRunsAndFormulasAreNotText() throws {
        let xml = sheet(
            "<row><c t=\"inlineStr\"><is><r><t>東京</t></r><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></is></c>"
                + "<c t=\"str\"><f>A1&amp;\"x\"</f><v>東京x</v></c><c/></row><row></row><row><c><v> </v></c></row>")
        let rows = try scan(xml)
        #expect(rows.count == 1, "blank rows are skipped")
        #expect(rows[0].0 == 1)
        #expect(rows[0].1[0] == "東京")
        #expect(rows[0].1[1] == "東京x")
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkBoundariesDoNotMatter(chunk: Int) throws {
        let body = (1...40).map { row in
            "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"inlineStr\"><is><t>名&amp;\(row)</t></is></c><c r=\"C\(row)\"><v>\(row).5</v></c></row>"
        }.joined()
        let whole = try scan(sheet(body))
        let pieces = try scan(sheet(body), chunk: chunk)
        #expect(whole.count == 40)
        #expect(pieces.map(\.0) == whole.map(\.0))
        #expect(pieces.map(\.1) == whole.map(\.1))
        #expect(whole[39].1[0] == "名&40")
        #expect(whole[39].1[2] == "40.5")
    }

    @Test(arguments: [
        ("<row><c><v>1</v></row>", "mismatch"),
        ("<row><c><v>&foo;</v></c></row>", "undefined entity"),
        ("<row><c><v>&#0;</v></c></row>", "null character"),
        ("<row><c r=A1><v>1</v></c></row>", "unquoted attribute"),
        ("<row><c><v>1</v></c></row></sheetData></worksheet><row/>", "content after the root"),
        ("<row><c><v>1</v></c></row></sheetData>", "root left open"),
    ])
    func malformedIsAnError(body: String, why: String) {
        let xml = sheet(body)
        #expect(throws: XMLError.self, "\(why)") { try scan(xml) }
    }

    @Test func doctypeIsRefused() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><worksheet><sheetData/></worksheet>"
        do {
            _ = try scan(xml)
            Issue.record("a DOCTYPE was accepted")
        } catch let error as XMLError {
            #expect(error.reason == .doctypeRefused)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func otherEncodingsAreRefused() {
        #expect(throws: XMLError.self) { try scan("<?xml version=\"1.0\" encoding=\"GBK\"?><worksheet/>") }
        var utf16 = "\u{FEFF}<worksheet/>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        utf16.append(0)
        #expect(throws: XMLError.self) { try scan(String(decoding: utf16, as: UTF8.self)) }
    }

    @Test func truncatedDocumentIsAnError() {
        #expect(throws: XMLError.self) { try scan(sheet("<row><c><v>1</v></c></row>").dropLast(20).description) }
        #expect(throws: XMLError.self) { try scan("") }
    }

    @Test func aRunawayTokenIsBounded() {
        let huge =
            "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>" + String(repeating: "x", count: WorksheetScanner.maxTokenBytes + 10)
        #expect(throws: XMLError.self) { try scan(huge, chunk: 1 << 20) }
    }

    @Test func errorsCarryLineAndColumn() {
        let xml = "<worksheet>\n<sheetData>\n<row><c><v>&bad;</v></c></row></sheetData></worksheet>"
        do {
            _ = try scan(xml)
            Issue.record("accepted")
        } catch let error as XMLError {
            #expect(error.line == 3)
            #expect(error.column > 1)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
