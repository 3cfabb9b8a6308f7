import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest

/// The hand-written fixtures in Tests/Fixtures/xlsx, compared against expected.json (with
/// kaowu's trimming applied to the expected text).
@Suite struct FixtureTests {
    struct ExpectedSheet {
        let name: String
        let state: String
        let cells: [(reference: String, type: String, value: String)]
    }

    static func expectedSheets(_ file: String) throws -> [ExpectedSheet] {
        let data = try Data(contentsOf: Fixture.directory.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let good = try #require(root["good"] as? [String: Any])
        let sheets = try #require(good[file] as? [[String: Any]])
        return try sheets.map { sheet in
            let cells = try #require(sheet["cells"] as? [[String]])
            return ExpectedSheet(
                name: try #require(sheet["name"] as? String),
                state: try #require(sheet["state"] as? String),
                cells: cells.map { ($0[0], $0[1], $0[2]) })
        }
    }

    @Test(arguments: ["excel-like.xlsx", "minimal-sheet1.xlsx", "empty-sheet.xlsx"])
    func goodFixtureMatchesExpectedJSON(file: String) throws {
        let reader = try XlsxReader(path: Fixture.path(file))
        let expected = try Self.expectedSheets(file)
        #expect(reader.sheets.map(\.name) == expected.map(\.name))
        #expect(reader.sheets.map(\.state.rawValue) == expected.map(\.state))

        for sheet in expected {
            let rows = try readRows(reader, sheet: sheet.name)
            var actual: [String] = []
            for row in rows {
                for cell in row.cells {
                    actual.append("\(columnName(cell.column))\(row.number) \(cell.type.rawValue) \(cell.text)")
                }
            }
            let wanted = sheet.cells.compactMap { cell -> String? in
                let text = trimmedLikeReader(cell.value)
                return text.isEmpty ? nil : "\(cell.reference) \(cell.type) \(text)"
            }
            #expect(actual == wanted, "sheet \(sheet.name)")
            // Rows arrive in ascending order, none of them empty.
            #expect(rows.map(\.number) == rows.map(\.number).sorted())
            #expect(rows.allSatisfy { !$0.cells.isEmpty })
        }
    }

    @Test func excelLikeStructure() throws {
        let reader = try XlsxReader(path: Fixture.path("excel-like.xlsx"))
        #expect(
            reader.sheets == [
                SheetInfo(name: "说明", state: .hidden),
                SheetInfo(name: "考生信息", state: .visible),
                SheetInfo(name: "备用", state: .veryHidden),
            ])
        #expect(reader.firstVisibleSheet?.name == "考生信息")
    }

    @Test func excelLikeSpecificCells() throws {
        let reader = try XlsxReader(path: Fixture.path("excel-like.xlsx"))
        let rows = try readRows(reader, sheet: "考生信息")
        func row(_ number: Int) throws -> CapturedRow { try #require(rows.first { $0.number == number }) }

        #expect(try row(3).value(0) == CellValue(type: .string, text: "张三"))  // rich text runs joined
        #expect(try row(4).value(0) == CellValue(type: .string, text: "李四"))  // phonetic run excluded
        #expect(try row(5).value(0) == CellValue(type: .string, text: "王五"))  // "  王五  " trimmed
        #expect(try row(2).value(1) == CellValue(type: .string, text: "姓名拼音"))  // trailing space trimmed
        #expect(try row(3).value(3) == CellValue(type: .string, text: "110101200001011234"))
        #expect(try row(5).value(3) == CellValue(type: .number, text: "1.10101199003077e+17"))
        #expect(try row(6).value(7) == CellValue(type: .number, text: "2021"))  // formula cached value
        #expect(try row(6).value(1) == CellValue(type: .string, text: "zhao liu"))  // t="str"
        #expect(try row(3).value(8) == CellValue(type: .bool, text: "TRUE"))
        #expect(try row(5).value(8) == CellValue(type: .error, text: "#N/A"))
        #expect(try row(4).value(9) == CellValue(type: .date, text: "2024-03-05"))
        #expect(try row(4).value(10) == CellValue(type: .date, text: "2024-03-05T13:30:00"))
        #expect(try row(5).value(9) == CellValue(type: .number, text: "3.14159"))  // 0.00 is not a date
        #expect(try row(6).value(10) == CellValue(type: .number, text: "2.1"))
        // Rows 7 and 8 are blank (row 8 has only a date-styled empty cell).
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 9, 10, 11, 12])
        // Sparse row 9 and cells/rows without r.
        #expect(try row(9).cells.map(\.column) == [0, 5])
        #expect(try row(11).cells.map(\.text) == ["c", "42"])
        #expect(try row(12).cells.map(\.column) == [2, 3])
    }

    @Test func sheetRowAccessors() throws {
        let reader = try XlsxReader(path: Fixture.path("excel-like.xlsx"))
        var checked = false
        try reader.forEachRow(inSheet: "考生信息") { row in
            guard row.number == 9 else { return }
            #expect(row.columns == [0, 5])
            #expect(row.cell(0) == CellValue(type: .string, text: "孙七"))
            #expect(row.cell(5) == CellValue(type: .string, text: "数学与应用数学"))
            #expect(row.cell(1) == nil)
            #expect(row.cell(99) == nil)
            checked = true
        }
        #expect(checked)
    }

    @Test func emptySheetHasNoRows() throws {
        let reader = try XlsxReader(path: Fixture.path("empty-sheet.xlsx"))
        #expect(reader.sheets.map(\.name) == ["Sheet1"])
        var count = 0
        try reader.forEachRow(inSheet: "Sheet1") { _ in count += 1 }
        #expect(count == 0)
    }

    @Test func missingSheetIsReported() throws {
        let reader = try XlsxReader(path: Fixture.path("minimal-sheet1.xlsx"))
        #expect(kaowuErrorCode { try reader.forEachRow(inSheet: "Sheet2") { _ in } } == .fileSheetMissing)
        // The reader still works afterwards.
        #expect(try readRows(reader, sheet: "Sheet1").count == 2)
    }

    @Test(arguments: [
        ("doctype.xlsx", ["file.unsafe"]),
        ("billion-laughs.xlsx", ["file.unsafe"]),
        ("not-a-workbook.xlsx", ["file.not-xlsx"]),
        ("truncated.xlsx", ["file.not-xlsx", "file.damaged"]),
    ])
    func badFixtureIsRefused(file: String, codes: [String]) throws {
        // Refusal may come from opening or from reading the first sheet; either is fine, a
        // successful read is not.
        let code = kaowuErrorCode {
            let reader = try XlsxReader(path: Fixture.path(file))
            for sheet in reader.sheets {
                try reader.forEachRow(inSheet: sheet.name) { _ in }
            }
        }
        let got = try #require(code, "\(file) was read without error")
        #expect(codes.contains(got.rawValue), "\(file): \(got)")
    }

    @Test func missingFileIsReportedAsMissing() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let code = kaowuErrorCode { _ = try XlsxReader(path: temp.path("nope.xlsx")) }
        #expect(code == .fileMissing)
    }

    @Test func plainTextFileIsNotAWorkbook() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("名单.xlsx")
        try Data("姓名,证件号码\n张三,110101200001011234\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(kaowuErrorCode { _ = try XlsxReader(path: path) } == .fileNotXlsx)
    }

    private func columnName(_ index: Int) -> String {
        var name = ""
        var value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            value = (value - 1) / 26
        }
        return name
    }
}
