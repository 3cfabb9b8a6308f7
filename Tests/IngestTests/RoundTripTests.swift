import Domain
import Foundation
import Render
import TestSupport
import Testing

@testable import Ingest

/// Workbooks written at test time with libxlsxwriter (constant-memory mode → inline strings,
/// or normal mode → shared strings) and read back.
@Suite struct RoundTripTests {
    struct Failure: Error, Equatable { let row: Int }

    @Test(arguments: [true, false])
    func stringsAndNumbers(constantMemory: Bool) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("values.xlsx")
        let writer = try XlsxWorkbookWriter(path: path, constantMemory: constantMemory)
        let sheet = try writer.addSheet(named: "考生信息")
        try sheet.write("姓名", row: 0, column: 0)
        try sheet.write("证件号码", row: 0, column: 1)
        try sheet.write("张三", row: 1, column: 0)
        try sheet.write("110101200001011234", row: 1, column: 1)
        try sheet.write(110_101_199_003_076_992, row: 1, column: 2)
        try sheet.write(2021, row: 1, column: 3)
        try sheet.write(0.1, row: 1, column: 4)
        try sheet.write(-5.5, row: 1, column: 5)
        try sheet.write(13_800_138_000, row: 1, column: 6)
        try sheet.write("  王五  ", row: 2, column: 0)
        try sheet.write("\u{3000}全角\u{3000}", row: 2, column: 1)
        try sheet.write("a < b & \"c\" > 'd'", row: 2, column: 2)
        try sheet.write("第一行\n第二行", row: 2, column: 3)
        try sheet.write("😀 emoji", row: 2, column: 4)
        try writer.close()

        let reader = try XlsxReader(path: path)
        #expect(reader.sheets == [SheetInfo(name: "考生信息", state: .visible)])
        let rows = try readRows(reader, sheet: "考生信息")
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[0].cells.map(\.text) == ["姓名", "证件号码"])
        #expect(rows[1].value(0) == CellValue(type: .string, text: "张三"))
        #expect(rows[1].value(1) == CellValue(type: .string, text: "110101200001011234"))
        #expect(rows[1].value(2) == CellValue(type: .number, text: "1.10101199003077e+17"))
        #expect(rows[1].value(3) == CellValue(type: .number, text: "2021"))
        #expect(rows[1].value(4) == CellValue(type: .number, text: "0.1"))
        #expect(rows[1].value(5) == CellValue(type: .number, text: "-5.5"))
        #expect(rows[1].value(6) == CellValue(type: .number, text: "13800138000"))
        #expect(rows[2].value(0) == CellValue(type: .string, text: "王五"))
        #expect(rows[2].value(1) == CellValue(type: .string, text: "全角"))
        #expect(rows[2].value(2) == CellValue(type: .string, text: "a < b & \"c\" > 'd'"))
        #expect(rows[2].value(3) == CellValue(type: .string, text: "第一行\n第二行"))
        #expect(rows[2].value(4) == CellValue(type: .string, text: "😀 emoji"))
    }

    @Test func largeIntegralNumbersHaveNoFraction() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("numbers.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "Sheet1")
        // A 16-digit bank-card-like number typed into a number cell, and neighbours.
        let values: [(Double, String)] = [
            (999_999_999_999_999, "999999999999999"),
            (1e15, "1000000000000000"),
            (6_222_021_234_567_890, "6222021234567890"),
            (1e16, "1e+16"),
            (123_456_789_012_345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
        ]
        for (index, value) in values.enumerated() {
            try sheet.write(value.0, row: index, column: 0)
        }
        try writer.close()

        let rows = try readRows(XlsxReader(path: path), sheet: "Sheet1")
        #expect(rows.map { $0.value(0)?.text } == values.map(\.1))
        #expect(rows.allSatisfy { $0.value(0)?.type == .number })
    }

    @Test func numberTextShortest() {
        #expect(NumberText.shortest(2021) == "2021")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(-3) == "-3")
        #expect(NumberText.shortest(1_234_567_890_123_456) == "1234567890123456")
        #expect(NumberText.shortest(110_101_199_003_076_992) == "1.10101199003077e+17")
        #expect(NumberText.shortest(2.1000000000000001) == "2.1")
    }

    @Test func sparseColumnsAndBlankRows() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("sparse.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "Sheet1")
        try sheet.write("A1", row: 0, column: 0)
        try sheet.write("F1", row: 0, column: 5)
        // row 2 never written
        try sheet.write("D3", row: 2, column: 3)
        try sheet.write("   ", row: 3, column: 0)  // only whitespace: a blank row
        try sheet.write("\u{3000}", row: 3, column: 2)
        try sheet.write("", row: 4, column: 1)  // empty string: a blank row
        try sheet.write(7, row: 5, column: 27)  // AB6
        try sheet.write("XFD", row: 6, column: 16_383)  // last Excel column
        try writer.close()

        let rows = try readRows(XlsxReader(path: path), sheet: "Sheet1")
        #expect(rows.map(\.number) == [1, 3, 6, 7])
        #expect(rows[0].cells == [.init(column: 0, type: .string, text: "A1"), .init(column: 5, type: .string, text: "F1")])
        #expect(rows[1].cells == [.init(column: 3, type: .string, text: "D3")])
        #expect(rows[2].cells == [.init(column: 27, type: .number, text: "7")])
        #expect(rows[3].cells == [.init(column: 16_383, type: .string, text: "XFD")])
    }

    @Test func whitespaceOnlySharedStringRowIsBlank() throws {
        // Normal mode writes a sharedStrings part; trimming must make these rows blank too.
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("shared.xlsx")
        let writer = try XlsxWorkbookWriter(path: path, constantMemory: false)
        let sheet = try writer.addSheet(named: "Sheet1")
        try sheet.write("x", row: 0, column: 0)
        try sheet.write("   ", row: 1, column: 0)
        try sheet.write("\u{3000}", row: 1, column: 1)
        try sheet.write("y", row: 2, column: 1)
        try sheet.write("\u{00A0}", row: 3, column: 2)  // shared strings trim Unicode spaces too
        try sheet.write("  z\u{3000}", row: 4, column: 0)
        try writer.close()

        let reader = try XlsxReader(path: path)
        let rows = try readRows(reader, sheet: "Sheet1")
        #expect(rows.map(\.number) == [1, 3, 5])
        #expect(rows[1].cells == [.init(column: 1, type: .string, text: "y")])
        #expect(rows[2].cells == [.init(column: 0, type: .string, text: "z")])
        var columns: [[Int]] = []
        try reader.forEachRow(inSheet: "Sheet1") { columns.append($0.columns) }
        #expect(columns == [[0], [1], [0]])
    }

    @Test(arguments: [true, false])
    func inlineAndSharedStringsTrimTheSameWay(_ constantMemory: Bool) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("trim.xlsx")
        let writer = try XlsxWorkbookWriter(path: path, constantMemory: constantMemory)
        let sheet = try writer.addSheet(named: "Sheet1")
        try sheet.write("\u{00A0}张三\u{3000} ", row: 0, column: 0)
        try sheet.write("\u{00A0}\u{3000}\t", row: 0, column: 1)
        try writer.close()
        let rows = try readRows(try XlsxReader(path: path), sheet: "Sheet1")
        #expect(rows.count == 1)
        #expect(rows[0].cells == [.init(column: 0, type: .string, text: "张三")])
    }

    @Test func dateAndTextStyles() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("styles.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "Sheet1")
        try sheet.write(45356, row: 0, column: 0, style: .date)
        try sheet.write(45356.5625, row: 0, column: 1, style: .date)
        try sheet.write(45356, row: 0, column: 2, style: .text)  // "@" is not a date format
        try sheet.write(45356, row: 0, column: 3, style: .header)
        try sheet.write("2024-03-05", row: 0, column: 4, style: .date)  // a string stays a string
        try writer.close()

        let rows = try readRows(XlsxReader(path: path), sheet: "Sheet1")
        let row = try #require(rows.first)
        #expect(row.value(0) == CellValue(type: .date, text: "2024-03-05"))
        #expect(row.value(1) == CellValue(type: .date, text: "2024-03-05T13:30:00"))
        #expect(row.value(2) == CellValue(type: .number, text: "45356"))
        #expect(row.value(3) == CellValue(type: .number, text: "45356"))
        #expect(row.value(4) == CellValue(type: .string, text: "2024-03-05"))
    }

    @Test func manyRowsCrossBatchBoundaries() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("many.xlsx")
        let count = 20_000
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "数据")
        try sheet.write("序号", row: 0, column: 0)
        try sheet.write("姓名", row: 0, column: 1)
        for index in 1...count {
            try sheet.write(Double(index), row: index, column: 0)
            try sheet.write("考生\(index)", row: index, column: 1)
            if index % 3 == 0 { try sheet.write("第\(index)行", row: index, column: 4) }
        }
        try writer.close()

        let reader = try XlsxReader(path: path)
        var expectedNumber = 1
        var mismatches = 0
        try reader.forEachRow(inSheet: "数据", batchSize: 64) { row in
            defer { expectedNumber += 1 }
            if row.number != expectedNumber { mismatches += 1; return }
            if row.number == 1 {
                if row.cell(1)?.text != "姓名" { mismatches += 1 }
                return
            }
            let index = row.number - 1
            if row.cell(0) != CellValue(type: .number, text: String(index)) { mismatches += 1 }
            if row.cell(1) != CellValue(type: .string, text: "考生\(index)") { mismatches += 1 }
            let wanted = index % 3 == 0 ? CellValue(type: .string, text: "第\(index)行") : nil
            if row.cell(4) != wanted { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(expectedNumber - 1 == count + 1)
    }

    @Test(arguments: [1, 7, 2048])
    func batchSizeDoesNotChangeRows(batchSize: Int) throws {
        let reader = try XlsxReader(path: Fixture.path("excel-like.xlsx"))
        let reference = try readRows(reader, sheet: "考生信息")
        #expect(try readRows(reader, sheet: "考生信息", batchSize: batchSize) == reference)
    }

    @Test func twoSheetsPickedByName() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("two.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let first = try writer.addSheet(named: "甲")
        try first.write("第一张", row: 0, column: 0)
        let second = try writer.addSheet(named: "乙")
        try second.write("第二张", row: 0, column: 0)
        try second.write(2, row: 1, column: 1)
        try writer.close()

        let reader = try XlsxReader(path: path)
        #expect(reader.sheets.map(\.name) == ["甲", "乙"])
        #expect(reader.firstVisibleSheet?.name == "甲")
        let rowsB = try readRows(reader, sheet: "乙")
        #expect(rowsB.map(\.number) == [1, 2])
        #expect(rowsB[0].value(0)?.text == "第二张")
        #expect(rowsB[1].value(1) == CellValue(type: .number, text: "2"))
        let rowsA = try readRows(reader, sheet: "甲")
        #expect(rowsA.count == 1)
        #expect(rowsA[0].value(0)?.text == "第一张")
    }

    @Test func throwingFromBodyStopsAndPropagates() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("stop.xlsx")
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "Sheet1")
        for index in 0..<5_000 {
            try sheet.write("row \(index + 1)", row: index, column: 0)
        }
        try writer.close()

        let reader = try XlsxReader(path: path)
        // Stop mid-batch, on a batch boundary and on the very first row.
        for stopAt in [100, 64, 1] {
            var seen: [Int] = []
            #expect(throws: Failure(row: stopAt)) {
                try reader.forEachRow(inSheet: "Sheet1", batchSize: 16) { row in
                    seen.append(row.number)
                    if row.number == stopAt { throw Failure(row: row.number) }
                }
            }
            #expect(seen == Array(1...stopAt))
        }
        // The reader is usable again and reads everything.
        var count = 0
        var last = 0
        try reader.forEachRow(inSheet: "Sheet1", batchSize: 16) { row in
            count += 1
            last = row.number
        }
        #expect(count == 5_000)
        #expect(last == 5_000)
    }

    @Test func readerIsReusable() throws {
        let reader = try XlsxReader(path: Fixture.path("excel-like.xlsx"))
        let first = try readRows(reader, sheet: "备用")
        let second = try readRows(reader, sheet: "备用")
        #expect(first == second)
        #expect(
            first == [
                CapturedRow(number: 1, cells: [.init(column: 0, type: .number, text: "1"), .init(column: 1, type: .string, text: "保留")])
            ])
    }
}
