import Domain
import Foundation
import Ingest

/// One entry point per kind of untrusted input kaowu reads, shared by the libFuzzer harness
/// (`kaowu-fuzz`, run by `scripts/fuzz`) and the regression tests that replay every crasher it
/// found. A target may throw or fail on its input; it must never trap, hang or leak without bound.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The bytes are a worksheet part inside an otherwise valid workbook: the push scanner.
    case sheet
    /// The first byte picks a part (workbook, its rels, shared strings, styles, package rels,
    /// content types); the rest replace that part of a valid workbook: the libxml2-parsed parts.
    case parts
    /// The bytes are a whole file opened as a workbook and as a photo archive: the ZIP reader.
    case zip
    /// The bytes are a photo: format sniffing, header, pixel decode and the border measure.
    case image

    /// Runs the target on one input. Errors are the expected outcome for most inputs.
    public func run(_ input: [UInt8]) {
        switch self {
        case .sheet: Self.readWorkbook(Self.workbook(replacing: "xl/worksheets/sheet1.xml", with: input))
        case .parts:
            guard let selector = input.first else { return }
            let names = Self.partNames
            let name = names[Int(selector) % names.count]
            Self.readWorkbook(Self.workbook(replacing: name, with: Array(input.dropFirst())))
        case .zip:
            Self.readWorkbook(input)
            Self.readPhotoArchive(input)
        case .image: Self.inspectImage(input)
        }
    }

    /// Valid inputs to start from: libFuzzer mutates these toward the code paths they reach.
    public var seeds: [[UInt8]] {
        let valid = Self.partNames.map { Array((Self.validParts[$0] ?? "").utf8) }
        switch self {
        case .sheet: return [valid[valid.count - 1]]
        case .parts: return valid.enumerated().map { [UInt8($0.offset)] + $0.element }
        case .zip:
            var photos = StoredZip()
            photos.add("照片/11010519491231002X.jpg", Self.photo(.jpeg))
            photos.add("__MACOSX/._x.jpg", [0])
            return [Self.workbook(replacing: "", with: []), photos.bytes]
        case .image: return [Self.photo(.jpeg), Self.photo(.png)]
        }
    }

    /// A red 295×413 photo, the size the photo rules expect, so pixels are decoded too.
    private static func photo(_ format: ImageFormat) -> [UInt8] {
        let width = 295
        let height = 413
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for pixel in 0..<(width * height) { rgb[pixel * 3] = 220 }
        switch format {
        case .jpeg: return (try? ImageCodec.encodeJPEG(rgb: rgb, width: width, height: height, quality: 40)) ?? []
        case .png: return (try? ImageCodec.encodePNG(rgb: rgb, width: width, height: height)) ?? []
        }
    }

    static let partNames = [
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml", "_rels/.rels",
        "[Content_Types].xml", "xl/worksheets/sheet1.xml",
    ]

    /// A small valid workbook (one sheet, shared strings, a date style) with one part replaced.
    static func workbook(replacing name: String, with data: [UInt8]) -> [UInt8] {
        var zip = StoredZip()
        for part in partNames {
            zip.add(part, part == name ? data : Array((Self.validParts[part] ?? "").utf8))
        }
        return zip.bytes
    }

    private static let validParts: [String: String] = [
        "[Content_Types].xml": """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/></Types>
        """,
        "_rels/.rels": """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="xl/workbook.xml"/></Relationships>
        """,
        "xl/workbook.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <workbookPr date1904="0"/><sheets><sheet name="考生" sheetId="1" r:id="rId1"/></sheets></workbook>
        """,
        "xl/_rels/workbook.xml.rels": """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
        Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
        Target="sharedStrings.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
        Target="styles.xml"/></Relationships>
        """,
        "xl/sharedStrings.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">\
        <si><t>姓名</t></si><si><t xml:space="preserve"> 证件号码 </t></si><si><r><t>张</t></r><r><t>三_x000D_</t></r></si></sst>
        """,
        "xl/styles.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/></cellXfs></styleSheet>
        """,
        "xl/worksheets/sheet1.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\
        <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>11010519491231002X</t></is></c>\
        <c r="C2" s="1"><v>45000.5</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="b"><v>1</v></c>\
        <c r="F2" t="str"><f>A1</f><v>&#x59D3;&amp;</v></c><c r="G2" t="d"><v>2026-01-02T10:10:10</v></c></row>\
        </sheetData></worksheet>
        """,
    ]

    /// Opens the bytes as a workbook and reads every cell of every sheet as a rule would;
    /// returns the cells read (the tests' proof that a valid input gets all the way through).
    @discardableResult
    static func readWorkbook(_ bytes: [UInt8]) -> [CellValue] {
        var values: [CellValue] = []
        withTemporaryFile(bytes, suffix: ".xlsx") { path in
            guard let reader = try? XlsxReader(path: path) else { return }
            _ = reader.firstVisibleSheet
            for sheet in reader.sheets {
                try? reader.forEachRow(inSheet: sheet.name, batchSize: 7) { row in
                    _ = row.number
                    for (_, value) in row.cells { values.append(value) }
                    for column in row.columns { _ = row.cell(column) }
                }
            }
        }
        return values
    }

    /// Opens the bytes as a photo archive and reads every counted entry under the photo bound.
    static func readPhotoArchive(_ bytes: [UInt8]) {
        withTemporaryFile(bytes, suffix: ".zip") { path in
            guard let archive = try? PhotoArchive(path: path) else { return }
            for entry in archive.entries {
                _ = entry.fileName
                guard case .bytes(let data)? = try? archive.read(entry) else { continue }
                inspectImage(data)
            }
        }
    }

    static func inspectImage(_ bytes: [UInt8]) {
        _ = try? PhotoInspector().facts(bytes)
        _ = try? PhotoInspector(jpegScale: 1).facts(bytes)
        if let format = ImageFormat.sniff(bytes) {
            _ = try? ImageCodec.info(bytes, format: format)
        }
    }

    /// The readers open paths, so each input is written to a file of this process's own.
    private static func withTemporaryFile(_ bytes: [UInt8], suffix: String, _ body: (String) -> Void) {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(directory)/kaowu-fuzz-\(getpid())\(suffix)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        body(path)
    }
}
