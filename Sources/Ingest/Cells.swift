import Domain
import Foundation

/// How a cell's payload is stored inside a `RowBatch`.
enum StoredKind: UInt8, Sendable {
    case text, shared, number, date, bool, error
}

struct StoredCell: Sendable {
    var column: Int32
    var kind: StoredKind
    /// Offset into the batch bytes, or the shared-string index.
    var start: Int32
    var length: Int32
}

struct StoredRow: Sendable {
    var number: Int
    var firstCell: Int
    var cellCount: Int
}

/// A run of parsed rows handed from the parsing thread to the consumer: all cell payloads in
/// one byte buffer, no per-cell allocation; immutable once built.
final class RowBatch: Sendable {
    let bytes: [UInt8]
    let cells: [StoredCell]
    let rows: [StoredRow]

    init(bytes: [UInt8], cells: [StoredCell], rows: [StoredRow]) {
        self.bytes = bytes
        self.cells = cells
        self.rows = rows
    }
}

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

/// Shortest round-trip text for a number: integers without a fraction, otherwise Swift's
/// shortest representation (`1.10101199003077e+17`, `0.1`).
public enum NumberText {
    public static func shortest(_ value: Double) -> String {
        // Below 1e16 `description` writes integral values as `1234567890123456.0`; from 1e16 on
        // it switches to `1.2345678901234568e+16`, which has no fraction to drop.
        if value.rounded() == value, abs(value) < 1e16 { return String(Int64(value)) }
        return value.description
    }
}

/// Excel serial dates to ISO 8601, by integer civil-date arithmetic (no formatter per cell).
public enum ExcelDate {
    public static func iso8601(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        // Days since 1970-01-01. 1900 system: serial 25569 = 1970-01-01, and serials below 61
        // sit before Excel's phantom 1900-02-29, so they are one day later than the formula.
        let epochDays: Int
        if date1904 {
            epochDays = days - 24_107
        } else {
            epochDays = days < 61 ? days - 25_568 : days - 25_569
        }
        let (year, month, day) = civil(fromDays: epochDays)
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if seconds == 0 { return date }
        return date + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
    }

    /// Howard Hinnant's days-from-civil inverse.
    public static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
