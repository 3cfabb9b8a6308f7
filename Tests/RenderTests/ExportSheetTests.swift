import Domain
import Foundation
import Ingest
import Render
import TestSupport
import Testing

@Suite struct ExportSheetTests {
    struct Person: Sendable {
        let name: String
        let idNumber: String
        let phone: String
        let born: Date?
        let year: Int?
        let score: Double
        let level: CertificateLevel
    }

    static let table = ExportTable<Person>(
        sheetName: "考生名单",
        columns: [
            ExportColumn("姓名", .text) { .text($0.name) },
            ExportColumn("证件号码", .text, width: 22) { .text($0.idNumber) },
            ExportColumn("手机号", .text) { .text($0.phone) },
            ExportColumn("出生日期", .date) { $0.born.map { .date($0) } },
            ExportColumn("入学年份", .integer) { .of($0.year) },
            ExportColumn("成绩", .number) { .number($0.score) },
            ExportColumn("证书等级", .text) { .label($0.level) },
        ])

    /// 2000-01-01 00:00 in China (UTC+8).
    static let newYear2000 = Date(timeIntervalSince1970: 946_656_000)

    static let people = [
        Person(
            name: "张三", idNumber: "110101200001011234", phone: "13800138000", born: newYear2000, year: 2024, score: 87.5,
            level: .intermediate),
        Person(name: "李四", idNumber: "11010119900307123X", phone: "019912345678", born: nil, year: nil, score: 60, level: .junior),
    ]

    @Test func writesTypedCellsUnderChineseHeaders() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("名单.xlsx")
        let count = try ExportWriter.write(ExportSheetTests.table, to: path) { row in
            for person in ExportSheetTests.people { try row(person) }
        }
        #expect(count == 2)

        let reader = try XlsxReader(path: path)
        #expect(reader.sheets.map(\.name) == ["考生名单"])
        let rows = try readCells(path)
        #expect(rows.count == 3)
        #expect(
            rows[0]
                == Dictionary(
                    uniqueKeysWithValues: ["姓名", "证件号码", "手机号", "出生日期", "入学年份", "成绩", "证书等级"].enumerated().map {
                        ($0.offset, CellValue(type: .string, text: $0.element))
                    }))
        #expect(
            rows[1] == [
                0: CellValue(type: .string, text: "张三"), 1: CellValue(type: .string, text: "110101200001011234"),
                2: CellValue(type: .string, text: "13800138000"), 3: CellValue(type: .date, text: "2000-01-01"),
                4: CellValue(type: .number, text: "2024"), 5: CellValue(type: .number, text: "87.5"),
                6: CellValue(type: .string, text: "中级"),
            ])
        // Empty values leave the cell out; an ID ending in X and a phone with a leading 0 stay text.
        #expect(
            rows[2] == [
                0: CellValue(type: .string, text: "李四"), 1: CellValue(type: .string, text: "11010119900307123X"),
                2: CellValue(type: .string, text: "019912345678"), 5: CellValue(type: .number, text: "60"),
                6: CellValue(type: .string, text: "初级"),
            ])

        let sheet = try workbookPart(path, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<autoFilter ref=\"A1:G3\""))
        #expect(sheet.contains("<ignoredError sqref=\"A2:G3\" numberStoredAsText=\"1\""))
        #expect(sheet.contains("<col min=\"2\" max=\"2\" width=\"22"))
        let styles = try workbookPart(path, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        #expect(styles.contains("formatCode=\"@\""))
        #expect(styles.contains("<b/>"))
    }

    @Test func headerOnlyWhenThereAreNoRows() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("empty.xlsx")
        #expect(try ExportWriter.write(ExportSheetTests.table, to: path) { _ in } == 0)
        let rows = try readCells(path)
        #expect(rows.count == 1)
        #expect(rows.first?[1] == CellValue(type: .string, text: "证件号码"))
        #expect(try workbookPart(path, "xl/worksheets/sheet1.xml").contains("<autoFilter ref=\"A1:G1\""))
    }

    @Test func anErrorFromTheRowSourceIsRethrown() throws {
        struct Broken: Error {}
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(throws: Broken.self) {
            try ExportWriter.write(ExportSheetTests.table, to: temp.path("broken.xlsx")) { row in
                try row(ExportSheetTests.people[0])
                throw Broken()
            }
        }
    }

    @Test func sheetNamesAreMadeValidForExcel() throws {
        let long = ExportTable<Person>(
            sheetName: String(repeating: "考", count: 40), columns: [ExportColumn("姓名", .text) { .text($0.name) }])
        #expect(long.sheetName == String(repeating: "考", count: 31))
        let odd = ExportTable<Person>(sheetName: "'2026/01:考生[1]?'", columns: long.columns)
        #expect(odd.sheetName == "2026_01_考生_1__")
        #expect(ExportTable<Person>(sheetName: "''", columns: long.columns).sheetName == "Sheet1")

        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("long.xlsx")
        _ = try ExportWriter.write(long, to: path) { row in try row(ExportSheetTests.people[0]) }
        #expect(try XlsxReader(path: path).sheets.map(\.name) == [String(repeating: "考", count: 31)])
    }

    @Test func defaultWidthsFitTheHeader() {
        #expect(ExportColumn<Person>.displayWidth("证件号码") == 8)
        #expect(ExportColumn<Person>.displayWidth("ID") == 2)
        #expect(ExportColumn<Person>("考生所在院校名称", .text) { .text($0.name) }.width == 20)
        #expect(ExportColumn<Person>("日期", .date) { _ in nil }.width == 12)
    }
}
