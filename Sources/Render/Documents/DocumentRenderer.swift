import Concurrency
import Domain
import Foundation

/// One record a document is drawn for, with the rows repeated under it: a room session and its
/// seats (sign-in sheet, door, desk stickers), or a candidate and the subjects on the ticket.
public struct DocumentRecord: Sendable {
    public let values: FieldValues
    public let rows: [FieldValues]

    public init(values: FieldValues, rows: [FieldValues] = []) {
        self.values = values
        self.rows = rows
    }
}

/// What one rendered file holds.
public struct RenderedFile: Sendable {
    public let path: String
    public let pages: Int
    public let bytes: Int
}

/// The fonts documents are drawn in, each file read and indexed once per process and shared by
/// every render thread.
public final class FontLibrary: Sendable {
    private let lock = Monitor()
    nonisolated(unsafe) private var faces: [String: TrueTypeFace] = [:]

    public init() {}

    func face(_ font: FontChoice) throws -> TrueTypeFace {
        try lock.withLock {
            if let face = faces[font.path] { return face }
            do {
                let face = try TrueTypeFace(path: font.path, index: font.index)
                faces[font.path] = face
                return face
            } catch let error as FontError {
                throw KaowuError(.templateFont, "字体“\(font.name)”无法使用", cause: error.description)
            }
        }
    }
}

/// Draws records through a template into one PDF: every page's elements (the header), the
/// table's rows page by page, the labels on their grid, the last page's elements once. The font
/// is cut to the characters the file prints, after checking the font has every one of them.
public enum DocumentRenderer {
    static let pointsPerMillimetre = 72 / 25.4
    /// Names how kaowu draws: changed whenever the same template and data come out differently
    /// on paper (the QR code as an image, long values on two lines, the cut font's map, on
    /// 2026-12-05), so that `kaowu nightly` redraws once every document drawn the old way.
    public static let drawingVersion = "2026-12-05"
    /// The smallest share of its size a one-line value is shrunk to before it takes more lines.
    static let smallestShrink = 0.75

    /// Writes the PDF to a temporary name beside `path` and renames it into place, so a file at
    /// `path` is always complete.
    @discardableResult
    public static func render(
        _ template: DocumentTemplate, records: [DocumentRecord], to path: String, fonts: FontLibrary
    ) throws -> RenderedFile {
        let face = try fonts.face(template.font)
        let printed = scalars(template, records: records)
        try checkGlyphs(printed, template: template, records: records, face: face)
        let directory = (path as NSString).deletingLastPathComponent
        let unique = UUID().uuidString
        let fontPath = scratch.map { "\($0)/.font-\(getpid())-\(unique).ttf" } ?? "\(directory)/.font-\(unique).ttf"
        let temporary = directory + "/.tmp-\(unique).pdf"
        defer {
            try? FileManager.default.removeItem(atPath: fontPath)
            try? FileManager.default.removeItem(atPath: temporary)
        }
        do {
            try face.subset(printed).write(to: URL(fileURLWithPath: fontPath))
            let document = try PDFDocument()
            var drawing = Drawing(template: template, document: document, font: try document.loadFont(path: fontPath))
            for record in records { try drawing.draw(record) }
            if drawing.pages == 0 { try drawing.draw(DocumentRecord(values: FieldValues())) }
            try document.save(to: temporary)
            guard rename(temporary, path) == 0 else {
                throw KaowuError(.diskIO, "无法写入 \(path)：\(String(cString: strerror(errno)))")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return RenderedFile(path: path, pages: drawing.pages, bytes: size)
        } catch let error as PDFError {
            throw KaowuError(.renderFailed, "生成“\(template.name)”失败：\(path)", cause: error.description)
        } catch let error as FontError {
            throw KaowuError(.templateFont, "字体“\(template.font.name)”无法使用", cause: error.description)
        }
    }

    /// Where the per-file font goes while libharu reads it: memory (`/dev/shm`) when there is
    /// one, else beside the PDF. Writing and deleting a file per ticket on ext4 cost a sixth of
    /// the per-candidate run in the kernel's journal.
    /// The fonts there are named with their process's ID: those of a process that is gone (a
    /// killed render), and those named without one (by kaowu before it named them so), are
    /// removed the first time a process looks for the folder.
    static let scratch: String? = {
        var info = stat()
        guard stat("/dev/shm", &info) == 0, info.st_mode & S_IFMT == S_IFDIR, access("/dev/shm", W_OK) == 0 else { return nil }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? [] where name.hasPrefix(".font-") {
            let owner = name.dropFirst(".font-".count).prefix { $0 != "-" }
            let gone = pid_t(owner).map { kill($0, 0) != 0 && errno == ESRCH } ?? true
            if gone { try? FileManager.default.removeItem(atPath: "/dev/shm/" + name) }
        }
        return "/dev/shm"
    }()

    /// Every character the file will print: the template's own text, the records' values, and
    /// the digits of page numbers.
    /// Each record's values are read once, however many rows share them as parent.
    static func scalars(_ template: DocumentTemplate, records: [DocumentRecord]) -> Set<Unicode.Scalar> {
        var scalars = Set(template.literalText.unicodeScalars)
        scalars.formUnion("0123456789-/:*年月日 ".unicodeScalars)
        var seen = Set<ObjectIdentifier>()
        func add(_ values: FieldValues?) {
            var current = values
            while let record = current, seen.insert(ObjectIdentifier(record)).inserted {
                for text in record.ownText { scalars.formUnion(text.unicodeScalars) }
                current = record.parent
            }
        }
        for record in records {
            add(record.values)
            for row in record.rows { add(row) }
        }
        return scalars
    }

    /// Refuses a file that would print a character its font has no glyph for (a blank on paper).
    static func checkGlyphs(
        _ printed: Set<Unicode.Scalar>, template: DocumentTemplate, records: [DocumentRecord], face: TrueTypeFace
    ) throws {
        for scalar in printed.sorted(by: { $0.value < $1.value }) where !scalar.properties.isWhitespace && face.glyph(for: scalar) == nil {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            var found = template.literalText.unicodeScalars.contains(scalar) ? "模板文字" : ""
            if found.isEmpty {
                search: for record in records {
                    for text in record.values.allText + record.rows.flatMap(\.allText) where text.unicodeScalars.contains(scalar) {
                        found = "“\(text)”"
                        break search
                    }
                }
            }
            throw KaowuError(
                .renderMissingGlyph,
                "字体“\(template.font.name)”中没有字符“\(Character(scalar))”（U+\(hex)，见\(found)），“\(template.name)”不能打印：请改用其他字体的模板或核对数据")
        }
    }
}

/// The state of one document being drawn: its font, its images (each placed once), its pages.
private struct Drawing {
    let template: DocumentTemplate
    let document: PDFDocument
    let font: PDFFont
    var images: [String: PDFImage?] = [:]
    /// Lines a wrapped text was broken into, by text, width and size: a template's fixed
    /// paragraphs (考生须知) are broken once per file, not once per page.
    var wrapped: [WrapKey: [String]] = [:]
    var pages = 0

    struct WrapKey: Hashable {
        let text: String
        let width: Double
        let size: Double
    }

    init(template: DocumentTemplate, document: PDFDocument, font: PDFFont) {
        self.template = template
        self.document = document
        self.font = font
    }

    var scale: Double { DocumentRenderer.pointsPerMillimetre }
    var pageHeight: Double { template.page.height * scale }

    mutating func draw(_ record: DocumentRecord) throws {
        let perPage = template.labels?.perPage ?? template.table?.rowsPerPage ?? 0
        let pageCount = perPage == 0 ? 1 : max(1, (record.rows.count + perPage - 1) / perPage)
        for index in 0..<pageCount {
            let page = try document.addPage(width: template.page.width * scale, height: pageHeight)
            pages += 1
            let values = FieldValues(["page.number": .text("\(index + 1)"), "page.count": .text("\(pageCount)")], parent: record.values)
            for element in template.elements { try draw(element, on: page, values: values, origin: (0, 0)) }
            let rows =
                perPage == 0
                ? [] : Array(record.rows[min(record.rows.count, index * perPage)..<min(record.rows.count, (index + 1) * perPage)])
            if let table = template.table { try draw(table, rows: rows, on: page) }
            if let labels = template.labels { try draw(labels, rows: rows, on: page) }
            if index == pageCount - 1 {
                for element in template.last { try draw(element, on: page, values: values, origin: (0, 0)) }
            }
        }
    }

    /// Page points of a template position (millimetres from the top left, plus an origin).
    func point(_ x: Double, _ y: Double, _ origin: (x: Double, y: Double)) -> (x: Double, y: Double) {
        ((origin.x + x) * scale, pageHeight - (origin.y + y) * scale)
    }

    mutating func draw(_ element: TemplateElement, on page: PDFPage, values: FieldValues, origin: (x: Double, y: Double)) throws {
        let frame = element.frame
        switch element.kind {
        case .text:
            let text = element.text?.resolve(values) ?? ""
            if element.wrap {
                try drawWrapped(text, in: frame, size: element.size, align: element.align, on: page, origin: origin)
            } else {
                try drawFitted(text, in: frame, size: element.size, align: element.align, on: page, origin: origin)
            }
        case .box:
            let corner = point(frame.x, frame.y + frame.height, origin)
            if let fill = element.fill {
                try page.fill(x: corner.x, y: corner.y, width: frame.width * scale, height: frame.height * scale, color: fill)
            }
            try page.rectangle(
                x: corner.x, y: corner.y, width: frame.width * scale, height: frame.height * scale, lineWidth: element.lineWidth)
        case .line:
            try page.line(
                from: point(element.start.x, element.start.y, origin), to: point(element.end.x, element.end.y, origin),
                width: element.lineWidth, dash: element.dash)
        case .image:
            let corner = point(frame.x, frame.y + frame.height, origin)
            if let source = element.source.flatMap(values.image), let image = try image(source) {
                // Fit inside the frame, keeping the picture's proportions, centred.
                let ratio = min(frame.width / image.width, frame.height / image.height)
                let width = image.width * ratio
                let height = image.height * ratio
                try page.image(
                    image, x: corner.x + (frame.width - width) / 2 * scale, y: corner.y + (frame.height - height) / 2 * scale,
                    width: width * scale, height: height * scale)
            } else if element.source == "candidate.photo" {
                try page.rectangle(x: corner.x, y: corner.y, width: frame.width * scale, height: frame.height * scale, lineWidth: 0.5)
                try drawLine("无照片", in: frame, size: 9, align: .center, on: page, origin: origin)
            }
        case .qr:
            let text = element.text?.resolve(values) ?? ""
            guard !text.isEmpty, let code = QRCode(text) else { return }
            // Two modules of quiet zone inside the frame.
            let module = frame.width / Double(code.size + 4)
            let bitmap = code.bitmap
            let image = try document.bitmap(bitmap.pixels, width: bitmap.side, height: bitmap.side)
            let corner = point(frame.x + 2 * module, frame.y + Double(code.size + 2) * module, origin)
            let length = Double(code.size) * module * scale
            try page.image(image, x: corner.x, y: corner.y, width: length, height: length)
        }
    }

    /// One line in its box, vertically centred; shrunk to fit the width rather than overflowing.
    /// `measured`: the text's width at `size`, when the caller has it already.
    func drawLine(
        _ text: String, in frame: Box, size: Double, align: TextAlignment, on page: PDFPage, origin: (x: Double, y: Double),
        measured: Double? = nil
    ) throws {
        guard !text.isEmpty else { return }
        var size = size
        var width = measured ?? font.width(text, size: size)
        if width > frame.width * scale {
            size *= frame.width * scale / width
            width = font.width(text, size: size)
        }
        let sizeMM = size / scale
        let baseline = frame.y + (frame.height + sizeMM * 0.72) / 2
        let start = point(frame.x, baseline, origin)
        let x: Double
        switch align {
        case .left: x = start.x
        case .center: x = start.x + (frame.width * scale - width) / 2
        case .right: x = start.x + frame.width * scale - width
        }
        try page.text(text, x: x, y: start.y, font: font, size: size)
    }

    /// A value in its box: on one line, shrunk to the width if need be; when that would take it
    /// below `DocumentRenderer.smallestShrink` of its size, on as many lines as the box's height
    /// holds at a larger size instead. A long site name in a 30 mm table cell was printed at
    /// 4 points on one line; it now takes two lines at 7.8.
    func drawFitted(
        _ text: String, in frame: Box, size: Double, align: TextAlignment, on page: PDFPage, origin: (x: Double, y: Double)
    ) throws {
        let natural = font.width(text, size: size)
        let shrunk = size * frame.width * scale / max(natural, 0.001)
        guard shrunk < size * DocumentRenderer.smallestShrink else {
            return try drawLine(text, in: frame, size: size, align: align, on: page, origin: origin, measured: natural)
        }
        for count in 2...4 {
            let lineSize = min(size, frame.height * scale / (Double(count) * 1.2))
            guard lineSize > shrunk else { break }
            let lines = breakLines(text, width: frame.width * scale, size: lineSize).map { $0.trimmingCharacters(in: .whitespaces) }
            guard lines.count <= count else { continue }
            let height = frame.height / Double(lines.count)
            for (index, line) in lines.enumerated() {
                try drawLine(
                    line, in: Box(x: frame.x, y: frame.y + Double(index) * height, width: frame.width, height: height), size: lineSize,
                    align: align, on: page, origin: origin)
            }
            return
        }
        try drawLine(text, in: frame, size: size, align: align, on: page, origin: origin, measured: natural)
    }

    /// Text broken into lines at the box's width (character by character: Chinese has no
    /// spaces), from the top of the box; what does not fit in its height is not drawn.
    mutating func drawWrapped(
        _ text: String, in frame: Box, size: Double, align: TextAlignment, on page: PDFPage, origin: (x: Double, y: Double)
    ) throws {
        let lineHeight = size / scale * 1.45
        let key = WrapKey(text: text, width: frame.width, size: size)
        let lines = wrapped[key] ?? breakLines(text, width: frame.width * scale, size: size)
        wrapped[key] = lines
        for (index, line) in lines.enumerated() {
            let top = frame.y + Double(index) * lineHeight
            guard top + lineHeight <= frame.y + frame.height + 0.01 else { break }
            try drawLine(
                line, in: Box(x: frame.x, y: top, width: frame.width, height: lineHeight), size: size, align: align, on: page,
                origin: origin)
        }
    }

    func breakLines(_ text: String, width limit: Double, size: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var width = 0.0
            for character in paragraph {
                let advance = font.width(character, size: size)
                if !line.isEmpty, width + advance > limit {
                    lines.append(line)
                    line = ""
                    width = 0
                }
                line.append(character)
                width += advance
            }
            lines.append(line)
        }
        return lines
    }

    mutating func draw(_ table: TemplateTable, rows: [FieldValues], on page: PDFPage) throws {
        let width = table.columns.reduce(0) { $0 + $1.width }
        let lines = rows.count + 1
        for line in 0...lines {
            let y = table.y + Double(line) * table.rowHeight
            try page.line(from: point(table.x, y, (0, 0)), to: point(table.x + width, y, (0, 0)), width: line == 0 || line == 1 ? 0.8 : 0.4)
        }
        var x = table.x
        for boundary in 0...table.columns.count {
            try page.line(
                from: point(x, table.y, (0, 0)), to: point(x, table.y + Double(lines) * table.rowHeight, (0, 0)), width: 0.6)
            if boundary < table.columns.count { x += table.columns[boundary].width }
        }
        x = table.x
        for column in table.columns {
            try drawFitted(
                column.title, in: Box(x: x + 1, y: table.y, width: column.width - 2, height: table.rowHeight), size: table.size,
                align: .center, on: page, origin: (0, 0))
            for (index, row) in rows.enumerated() {
                try drawFitted(
                    column.value.resolve(row),
                    in: Box(x: x + 1, y: table.y + Double(index + 1) * table.rowHeight, width: column.width - 2, height: table.rowHeight),
                    size: table.size, align: column.align, on: page, origin: (0, 0))
            }
            x += column.width
        }
    }

    mutating func draw(_ labels: TemplateLabels, rows: [FieldValues], on page: PDFPage) throws {
        for (index, row) in rows.enumerated() {
            let origin = (
                x: labels.x + Double(index % labels.columns) * labels.width, y: labels.y + Double(index / labels.columns) * labels.height
            )
            for element in labels.elements { try draw(element, on: page, values: row, origin: origin) }
        }
        guard labels.cutLines else { return }
        let right = labels.x + Double(labels.columns) * labels.width
        let bottom = labels.y + Double(labels.rows) * labels.height
        for column in 0...labels.columns {
            let x = labels.x + Double(column) * labels.width
            try page.line(from: point(x, labels.y, (0, 0)), to: point(x, bottom, (0, 0)), width: 0.3, dash: 3)
        }
        for row in 0...labels.rows {
            let y = labels.y + Double(row) * labels.height
            try page.line(from: point(labels.x, y, (0, 0)), to: point(right, y, (0, 0)), width: 0.3, dash: 3)
        }
    }

    /// Each picture is put into the document once, however many pages show it; a file that
    /// cannot be read or decoded shows as a framed blank with 无照片, not as a failed document.
    mutating func image(_ source: FieldValues.Value) throws -> PDFImage? {
        if case .transparent(let picture) = source {
            if let known = images[picture.key] { return known }
            let image = try? document.transparentImage(
                jpeg: picture.jpeg, alpha: picture.alpha, width: picture.width, height: picture.height)
            images[picture.key] = image
            return image
        }
        guard case .image(let path) = source else { return nil }
        if let known = images[path] { return known }
        var image: PDFImage?
        if let data = FileManager.default.contents(atPath: path) {
            if data.starts(with: [0xFF, 0xD8]) {
                image = try? document.jpeg(data)
            } else if data.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
                image = try? document.png(data)
            }
        }
        images[path] = image
        return image
    }
}

extension DocumentRecord {
    /// Every value the record and its rows print, in a fixed order: what a nightly run compares
    /// to tell a changed document. A photo counts by its stored path, which is named after the
    /// photo's SHA-256 (a new photo is a new path).
    public var fingerprintText: String {
        var text = ""
        values.describe(into: &text)
        for row in rows {
            text += "\u{1E}"
            row.describe(into: &text)
        }
        return text
    }
}

extension FieldValues {
    func describe(into text: inout String) {
        for key in ownKeys.sorted() {
            text += key + "\u{1F}"
            switch self[key] {
            case .text(let value): text += "t" + value
            case .date(let date): text += "d\(date.timeIntervalSince1970)"
            case .image(let path): text += "i" + path
            case .transparent(let image): text += "s" + image.key
            case nil: break
            }
            text += "\u{1D}"
        }
        if let parent {
            text += "\u{1C}"
            parent.describe(into: &text)
        }
    }
}
