import Domain
import Foundation
import Ingest
import TestSupport
import Testing

@testable import Render

/// The four documents drawn from kaowu's own templates, checked the way paper is: pages rendered
/// to pixels by poppler, QR codes read back by zbar, every file through `qpdf --check`.
@Suite struct DocumentRendererTests {
    static let fonts = FontLibrary()
    static let session = (start: Date(timeIntervalSince1970: 1_799_024_400), end: Date(timeIntervalSince1970: 1_799_031_600))

    /// A solid red JPEG, so where the photo lands is plain in the pixels.
    static func redPhoto(in directory: String) throws -> String {
        let pixels = [UInt8](repeating: 0, count: 120 * 160 * 3).enumerated().map { UInt8($0.offset % 3 == 0 ? 220 : 20) }
        let path = directory + "/red.jpg"
        try Data(try ImageCodec.encodeJPEG(rgb: pixels, width: 120, height: 160, quality: 90)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func room(seats: Int, photo: String?) -> DocumentRecord {
        let room = FieldValues([
            "plan.code": .text("P2026-01"), "plan.name": .text("2026 年第一批 1+X 证书考试"), "organization.name": .text("某培训评价组织"),
            "school.code": .text("S4101001"), "school.name": .text("郑州某职业技术学院"), "site.code": .text("S4101001"),
            "site.name": .text("信息楼考点"), "site.address": .text("郑州市某路 1 号"), "room.name": .text("信息楼 101 机房"),
            "room.address": .text("信息楼一层"), "room.type": .text("机房"), "room.seats": .text("\(seats)"),
            "room.seated": .text("\(seats)"), "room.proctors": .text("王老师、李老师"), "certificate.code": .text("C-WEB"),
            "certificate.name": .text("Web 前端开发"), "level": .text("中级"), "subject.code": .text("WEB-T"),
            "subject.name": .text("理论知识"), "session.start": .date(session.start), "session.end": .date(session.end),
            "ticket.first": .text("P2026-01-S4101001-00001"), "ticket.last": .text("P2026-01-S4101001-\(String(format: "%05d", seats))"),
        ])
        let rows = (1...max(1, seats)).prefix(seats).map { number in
            var values: [String: FieldValues.Value] = [
                "seat.number": .text("\(number)"), "candidate.name": .text("考生\(number)"), "candidate.id": .text("41010119900307123X"),
                "candidate.maskedId": .text(MaskedID.mask("41010119900307123X")), "candidate.school": .text("S4101001"),
                "ticket.number": .text("P2026-01-S4101001-\(String(format: "%05d", number))"),
            ]
            if let photo { values["candidate.photo"] = .image(photo) }
            return FieldValues(values, parent: room)
        }
        return DocumentRecord(values: room, rows: rows)
    }

    static func ticket(photo: String?) -> DocumentRecord {
        let room = room(seats: 1, photo: photo)
        let candidate = FieldValues(
            [
                "candidate.name": .text("张三"), "candidate.id": .text("41010119900307123X"),
                "candidate.maskedId": .text(MaskedID.mask("41010119900307123X")), "candidate.school": .text("S4101001"),
                "ticket.number": .text("P2026-01-S4101001-00017"),
            ].merging(photo.map { ["candidate.photo": FieldValues.Value.image($0)] } ?? [:]) { a, _ in a }, parent: room.values)
        let subjects = ["理论知识", "实操技能"].enumerated().map { index, name in
            FieldValues(
                [
                    "subject.name": .text(name), "seat.number": .text("\(index + 7)"), "room.name": .text("信息楼 10\(index + 1) 机房"),
                    "session.start": .date(session.start.addingTimeInterval(Double(index) * 86_400)),
                    "session.end": .date(session.end.addingTimeInterval(Double(index) * 86_400)),
                ], parent: room.values)
        }
        return DocumentRecord(values: candidate, rows: subjects)
    }

    /// Page 1 at 72 dpi as RGB pixels (one pixel a point).
    static func pixels(_ pdf: String) throws -> (width: Int, height: Int, rgb: [UInt8]) {
        let base = pdf + "-page"
        #expect(try runTool(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf, base]).status == 0)
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + ".ppm")))
        // P6\n<width> <height>\n255\n<RGB…>
        var fields: [Int] = []
        var index = 2
        var number = ""
        while fields.count < 3 {
            let character = Character(UnicodeScalar(data[index]))
            if character.isNumber {
                number.append(character)
            } else if !number.isEmpty {
                fields.append(Int(number)!)
                number = ""
            }
            index += 1
        }
        return (fields[0], fields[1], Array(data[index...]))
    }

    /// Share of pixels in a millimetre box (from the top left) that are dark, or red.
    static func share(_ page: (width: Int, height: Int, rgb: [UInt8]), x: Double, y: Double, width: Double, height: Double, red: Bool)
        -> Double
    {
        let scale = 72 / 25.4
        var hits = 0
        var total = 0
        for row in Int(y * scale)..<Int((y + height) * scale) {
            for column in Int(x * scale)..<Int((x + width) * scale) {
                let offset = (row * page.width + column) * 3
                let (r, g, b) = (Int(page.rgb[offset]), Int(page.rgb[offset + 1]), Int(page.rgb[offset + 2]))
                if red ? (r > 150 && g < 90 && b < 90) : (r + g + b < 300) { hits += 1 }
                total += 1
            }
        }
        return Double(hits) / Double(max(1, total))
    }

    @Test func theTicketShowsItsTitleThePhotoWhereTheTemplatePutsItAndAQRCodeOfTheTicketNumber() throws {
        try withTemporaryDirectory { directory in
            let photo = try DocumentRendererTests.redPhoto(in: directory)
            let template = try TemplateLibrary.load(.tickets, root: nil)
            let file = try DocumentRenderer.render(
                template, records: [DocumentRendererTests.ticket(photo: photo)], to: directory + "/ticket.pdf",
                fonts: DocumentRendererTests.fonts)
            #expect(file.pages == 1)
            #expect(try runTool(["qpdf", "--check", file.path]).status == 0)
            let page = try DocumentRendererTests.pixels(file.path)
            // The photo box of tickets.json (155, 45, 33 × 44) holds a 3:4 picture: red inside it.
            #expect(DocumentRendererTests.share(page, x: 158, y: 48, width: 27, height: 38, red: true) > 0.9)
            #expect(DocumentRendererTests.share(page, x: 20, y: 100, width: 30, height: 4, red: true) == 0)
            // The title 准 考 证 is drawn (dark pixels in its box), not only present as text.
            #expect(DocumentRendererTests.share(page, x: 75, y: 24, width: 60, height: 12, red: false) > 0.05)
            #expect(DocumentRendererTests.share(page, x: 20, y: 150, width: 170, height: 30, red: false) < 0.02)
            let scan = try runTool(["zbarimg", "--quiet", "--raw", file.path + "-page.ppm"])
            #expect(scan.output.trimmingCharacters(in: .whitespacesAndNewlines) == "P2026-01-S4101001-00017")
            let text = try runTool(["pdftotext", "-layout", file.path, "-"]).output
            #expect(text.contains("张三") && text.contains("41010119900307123X") && text.contains("实操技能"))
        }
    }

    /// A site name too long for its table cell is printed on two lines at a readable size,
    /// not shrunk onto one line (it was 4 points).
    @Test func aValueTooLongForItsCellTakesTwoLinesNotATinySize() throws {
        try withTemporaryDirectory { directory in
            let template = try TemplateLibrary.load(.tickets, root: nil)
            let ticket = DocumentRendererTests.ticket(photo: nil)
            let long = "郑州职业技术学院Web 前端开发考核站点"
            let rows = ticket.rows.map { FieldValues(["site.name": .text(long)], parent: $0) }
            let file = try DocumentRenderer.render(
                template, records: [DocumentRecord(values: ticket.values, rows: rows)], to: directory + "/ticket.pdf",
                fonts: DocumentRendererTests.fonts)
            let boxes = try runTool(["pdftotext", "-bbox", file.path, "-"]).output
            let words = boxes.split(separator: "\n").filter { $0.contains("考核站点") }
            #expect(words.count == 2, "\(words)")
            for word in words {
                let numbers = ["yMin", "yMax"].compactMap { key in
                    word.range(of: key + "=\"").flatMap { Double(word[$0.upperBound...].prefix { $0 != "\"" }) }
                }
                #expect(numbers.count == 2 && numbers[1] - numbers[0] >= 7, "\(word)")
            }
            let text = try runTool(["pdftotext", "-layout", file.path, "-"]).output
            #expect(text.contains("郑州职业技术学院Web") && !text.contains("Web 前端开发考核站点"))
        }
    }

    /// 61 candidates at 30 rows a page: 3 pages, the header on each, the totals once; the ID
    /// numbers masked.
    @Test func aSignInSheetPaginatesRepeatsItsHeaderAndTotalsOnce() throws {
        try withTemporaryDirectory { directory in
            let template = try TemplateLibrary.load(.signin, root: nil)
            #expect(template.table?.rowsPerPage == 30)
            let file = try DocumentRenderer.render(
                template, records: [DocumentRendererTests.room(seats: 61, photo: nil)], to: directory + "/signin.pdf",
                fonts: DocumentRendererTests.fonts)
            #expect(file.pages == 3)
            #expect(try runTool(["qpdf", "--check", file.path]).status == 0)
            var pages: [String] = []
            for number in 1...3 {
                pages.append(try runTool(["pdftotext", "-f", "\(number)", "-l", "\(number)", file.path, "-"]).output)
            }
            for (index, text) in pages.enumerated() {
                #expect(text.replacingOccurrences(of: " ", with: "").contains("考场签到表") && text.contains("信息楼 101 机房"))
                #expect(text.replacingOccurrences(of: " ", with: "").contains("第\(index + 1)页/共3页"))
                #expect(!text.contains("41010119900307123X") && (index == 2 || text.contains("4101**********123X")))
            }
            #expect(pages.map { $0.replacingOccurrences(of: " ", with: "").contains("应到61人") } == [false, false, true])
            #expect(pages[0].contains("考生30") && !pages[0].contains("考生31") && pages[2].contains("考生61"))
        }
    }

    @Test func doorAndDeskStickersRender() throws {
        try withTemporaryDirectory { directory in
            let door = try DocumentRenderer.render(
                try TemplateLibrary.load(.door, root: nil), records: [DocumentRendererTests.room(seats: 12, photo: nil)],
                to: directory + "/door.pdf", fonts: DocumentRendererTests.fonts)
            #expect(door.pages == 1)
            let desk = try DocumentRenderer.render(
                try TemplateLibrary.load(.desk, root: nil), records: [DocumentRendererTests.room(seats: 12, photo: nil)],
                to: directory + "/desk.pdf", fonts: DocumentRendererTests.fonts)
            #expect(desk.pages == 2)  // 10 labels a page
            for file in [door, desk] { #expect(try runTool(["qpdf", "--check", file.path]).status == 0) }
            let labels = try runTool(["pdftotext", desk.path, "-"]).output
            #expect(labels.contains("考生12") && labels.contains("4101**********123X") && !labels.contains("41010119900307123X"))
            let page = try DocumentRendererTests.pixels(door.path)
            #expect(DocumentRendererTests.share(page, x: 40, y: 55, width: 130, height: 25, red: false) > 0.05)
        }
    }

    /// A character the font lacks is refused by name before anything is drawn.
    @Test func aNameTheFontCannotPrintIsRefused() throws {
        try withTemporaryDirectory { directory in
            var record = DocumentRendererTests.ticket(photo: nil)
            record.values["candidate.name"] = .text("张\u{2A6D6}")
            #expect(throws: Never.self) { try TemplateLibrary.load(.tickets, root: nil) }
            #expect {
                try DocumentRenderer.render(
                    try TemplateLibrary.load(.tickets, root: nil), records: [record], to: directory + "/t.pdf",
                    fonts: DocumentRendererTests.fonts)
            } throws: { ($0 as? KaowuError)?.code == .renderMissingGlyph && "\($0)".contains("U+2A6D6") }
            #expect(!FileManager.default.fileExists(atPath: directory + "/t.pdf"))
            #expect((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true)
        }
    }

    @Test func idNumbersAreMaskedToTheirFirstAndLastFour() {
        #expect(MaskedID.mask("41010119900307123X") == "4101**********123X")
        #expect(MaskedID.mask("G1234567") == "****4567")
        #expect(MaskedID.mask("") == "")
    }
}
