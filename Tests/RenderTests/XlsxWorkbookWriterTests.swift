import Domain
import Foundation
import Ingest
import Render
import TestSupport
import Testing

@Suite struct XlsxWorkbookWriterTests {

    /// Every non-blank row as (row number, [column: value]).
    func read(_ path: String, sheet: String) throws -> [(Int, [Int: CellValue])] {
        let reader = try XlsxReader(path: path)
        var rows: [(Int, [Int: CellValue])] = []
        try reader.forEachRow(inSheet: sheet) { row in
            rows.append((row.number, Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) })))
        }
        return rows
    }

    @Test func templateWithDropDownCommentAndTextColumn() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("模板.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "考生信息")
        try sheet.setColumns(0, 0, width: 12)
        try sheet.setColumns(1, 1, width: 22, style: .text)
        try sheet.setColumns(2, 2, width: 12)
        sheet.freezeRows(1)
        try sheet.write("*姓名", row: 0, column: 0, style: .header)
        try sheet.write("证件号码*", row: 0, column: 1, style: .header)
        try sheet.write("专业层次", row: 0, column: 2, style: .header)
        try sheet.write("出生日期", row: 0, column: 3, style: .header)
        try sheet.comment("证件号码请以文本格式填写", row: 0, column: 1)
        try sheet.dropDown(firstRow: 1, lastRow: 1000, column: 2, values: ["专科", "本科", "硕士", "博士"])
        try sheet.autofilter(firstRow: 0, lastRow: 2, firstColumn: 0, lastColumn: 3)
        try sheet.write("张三", row: 1, column: 0)
        try sheet.write("110101200001011234", row: 1, column: 1, style: .text)
        try sheet.write("本科", row: 1, column: 2)
        try sheet.write(36_526, row: 1, column: 3, style: .date)
        try sheet.write("李四", row: 2, column: 0)
        try sheet.write("11010119900307123X", row: 2, column: 1, style: .text)
        try sheet.write("专科", row: 2, column: 2)
        try sheet.write("请勿修改表头", row: 3, column: 0, style: .note)
        let notes = try writer.addSheet(named: "说明")
        try notes.write("带*号的列为必填项", row: 0, column: 0)
        try writer.close()

        let reader = try XlsxReader(path: path)
        #expect(reader.sheets.map(\.name) == ["考生信息", "说明"])
        #expect(reader.firstVisibleSheet?.name == "考生信息")

        let rows = try read(path, sheet: "考生信息")
        #expect(rows.map(\.0) == [1, 2, 3, 4])
        #expect(
            rows[0].1 == [
                0: CellValue(type: .string, text: "*姓名"), 1: CellValue(type: .string, text: "证件号码*"),
                2: CellValue(type: .string, text: "专业层次"), 3: CellValue(type: .string, text: "出生日期"),
            ])
        #expect(
            rows[1].1 == [
                0: CellValue(type: .string, text: "张三"), 1: CellValue(type: .string, text: "110101200001011234"),
                2: CellValue(type: .string, text: "本科"), 3: CellValue(type: .date, text: "2000-01-01"),
            ])
        #expect(rows[2].1[1] == CellValue(type: .string, text: "11010119900307123X"))
        #expect(rows[3].1 == [0: CellValue(type: .string, text: "请勿修改表头")])
        #expect(try read(path, sheet: "说明").map(\.1) == [[0: CellValue(type: .string, text: "带*号的列为必填项")]])

        // The drop-down, the comment and the text column format are really in the file.
        let sheetXML = try workbookPart(path, "xl/worksheets/sheet1.xml")
        #expect(sheetXML.contains("<dataValidation"))
        #expect(sheetXML.contains("专科,本科,硕士,博士"))
        #expect(sheetXML.contains("<autoFilter"))
        #expect(sheetXML.contains("<pane"))
        let comments = try workbookPart(path, "xl/comments1.xml")
        #expect(comments.contains("证件号码请以文本格式填写"))
        let styles = try workbookPart(path, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"@\""))
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
    }

    @Test(arguments: [true, false])
    func roundTripsTypes(constantMemory: Bool) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("types.xlsx")
        let writer = try XlsxWorkbookWriter(path: path, constantMemory: constantMemory)
        let sheet = try writer.addSheet(named: "Sheet1")
        try sheet.write("110101200001011234", row: 0, column: 0, style: .text)
        try sheet.write(Double("110101200001011234") ?? 0, row: 0, column: 1)
        try sheet.write(3.14159, row: 0, column: 2)
        try sheet.write(45_356.5625, row: 0, column: 3, style: .date)
        try writer.close()

        let rows = try read(path, sheet: "Sheet1")
        #expect(rows.count == 1)
        #expect(
            rows.first?.1 == [
                0: CellValue(type: .string, text: "110101200001011234"),
                1: CellValue(type: .number, text: "1.101012000010112e+17"),  // shortest form of the double, not Excel's 15 digits
                2: CellValue(type: .number, text: "3.14159"),
                3: CellValue(type: .date, text: "2024-03-05T13:30:00"),
            ])
    }

    @Test func unwritablePathThrows() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let missingDirectory = temp.path("no-such-dir/sub/out.xlsx")
        #expect(throws: XlsxWriteError.self) {
            let writer = try XlsxWorkbookWriter(path: missingDirectory)
            let sheet = try writer.addSheet(named: "Sheet1")
            try sheet.write("x", row: 0, column: 0)
            try writer.close()
        }
        #expect(!FileManager.default.fileExists(atPath: missingDirectory))

        // A path that is an existing directory cannot be written either (even as root).
        #expect(throws: XlsxWriteError.self) {
            let writer = try XlsxWorkbookWriter(path: temp.url.path)
            _ = try writer.addSheet(named: "Sheet1")
            try writer.close()
        }
    }

    @Test func invalidSheetNameIsRefused() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let writer = try XlsxWorkbookWriter(path: temp.path("names.xlsx"))
        _ = try writer.addSheet(named: "考生信息")
        #expect(throws: XlsxWriteError.self) { _ = try writer.addSheet(named: String(repeating: "长", count: 32)) }
        #expect(throws: XlsxWriteError.self) { _ = try writer.addSheet(named: "a/b") }
        #expect(throws: XlsxWriteError.self) { _ = try writer.addSheet(named: "考生信息") }
        try writer.close()
    }

    @Test func closeIsIdempotent() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("twice.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        try writer.addSheet(named: "Sheet1").write("x", row: 0, column: 0)
        try writer.close()
        try writer.close()
        #expect(try read(path, sheet: "Sheet1").map(\.1) == [[0: CellValue(type: .string, text: "x")]])
    }

    @Test func outOfRangeCellIsRefused() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let writer = try XlsxWorkbookWriter(path: temp.path("range.xlsx"))
        let sheet = try writer.addSheet(named: "Sheet1")
        #expect(throws: XlsxWriteError.self) { try sheet.write("x", row: 0, column: 16_384) }
        #expect(throws: XlsxWriteError.self) { try sheet.write(1, row: 1_048_576, column: 0) }
        try writer.close()
    }
}
