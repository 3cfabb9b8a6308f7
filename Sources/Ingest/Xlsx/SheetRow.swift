public import Domain
import Foundation

/// One non-blank sheet row, a view into its immutable batch.
public struct SheetRow: Sendable {
    let batch: RowBatch
    let index: Int
    let sharedStrings: SharedStrings
    let date1904: Bool

    /// The row number a user sees in Excel (1-based).
    public var number: Int { batch.rows[index].number }

    /// Zero-based column indexes of the cells present in this row, in order.
    public var columns: [Int] {
        let row = batch.rows[index]
        return (row.firstCell..<(row.firstCell + row.cellCount)).map { Int(batch.cells[$0].column) }
    }

    /// The cell at a zero-based column, or nil when the cell is missing or empty.
    public func cell(_ column: Int) -> CellValue? {
        let row = batch.rows[index]
        var position = row.firstCell
        let end = row.firstCell + row.cellCount
        while position < end {
            let stored = batch.cells[position]
            if Int(stored.column) == column { return materialize(stored) }
            position += 1
        }
        return nil
    }

    /// Every present cell as (column, value), in column order.
    public var cells: [(column: Int, value: CellValue)] {
        let row = batch.rows[index]
        return (row.firstCell..<(row.firstCell + row.cellCount)).compactMap { position in
            let stored = batch.cells[position]
            return materialize(stored).map { (Int(stored.column), $0) }
        }
    }

    private func materialize(_ stored: StoredCell) -> CellValue? {
        switch stored.kind {
        case .shared:
            guard let text = sharedStrings.trimmedString(at: Int(stored.start)) else {
                return CellValue(type: .error, text: "#REF!")
            }
            return text.isEmpty ? nil : CellValue(type: .string, text: text)
        case .text:
            return CellValue(type: .string, text: rawText(stored))
        case .error:
            return CellValue(type: .error, text: rawText(stored))
        case .bool:
            return CellValue(type: .bool, text: rawText(stored) == "1" ? "TRUE" : "FALSE")
        case .number:
            let raw = rawText(stored)
            guard let value = Double(raw) else { return CellValue(type: .string, text: raw) }
            return CellValue(type: .number, text: NumberText.shortest(value))
        case .date:
            let raw = rawText(stored)
            // A date-styled number is a serial; t="d" holds ISO 8601 text: a date, a date-time
            // or a time only (`10:10:10`, also written `T10:10:10`).
            guard let value = Double(raw) else {
                guard raw.contains("-") || raw.contains(":") else { return CellValue(type: .string, text: raw) }
                return CellValue(type: .date, text: raw.hasPrefix("T") ? String(raw.dropFirst()) : raw)
            }
            guard let iso = ExcelDate.iso8601(serial: value, date1904: date1904) else {
                return CellValue(type: .number, text: NumberText.shortest(value))
            }
            return CellValue(type: .date, text: iso)
        }
    }

    private func rawText(_ stored: StoredCell) -> String {
        batch.bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(stored.start)..<Int(stored.start + stored.length)]), as: UTF8.self)
        }
    }
}
