public import Domain
public import Foundation

/// One exported cell. The value, not a guess from its text, decides how it is written: an ID or
/// phone number is `.text` and never passes through a `Double` (which would cost digits).
public enum ExportValue: Hashable, Sendable {
    case text(String)
    case number(Double)
    /// An instant, written as an Excel date serial in China time (Excel dates have no zone).
    case date(Date)
}

extension ExportValue {
    public static func of(_ text: String?) -> ExportValue? { text.map { .text($0) } }
    public static func of(_ number: Int?) -> ExportValue? { number.map { .number(Double($0)) } }
    public static func of(_ number: Double?) -> ExportValue? { number.map { .number($0) } }
    /// The Chinese label users see, never the stored raw value.
    public static func label<Value: ChineseLabeled>(_ value: Value?) -> ExportValue? { value.map { .text($0.label) } }
}

/// One column of an export: the Chinese header, how the column is formatted, and how a row
/// yields its cell (`nil` leaves the cell empty). Declaring these is all an export takes.
public struct ExportColumn<Row>: Sendable {
    public enum Kind: Sendable {
        /// Text cells in a text-formatted column: ID numbers, phone numbers, names, labels.
        case text
        /// Whole numbers shown without decimals (years, counts).
        case integer
        /// Any number, in Excel's General format.
        case number
        /// A real Excel date shown as `yyyy-mm-dd`.
        case date
        /// A real Excel date-time shown as `yyyy-mm-dd hh:mm`.
        case dateTime

        var style: CellStyle {
            switch self {
            case .text: .text
            case .integer: .integer
            case .number: .plain
            case .date: .date
            case .dateTime: .dateTime
            }
        }

        var minimumWidth: Double {
            switch self {
            case .text: 10
            case .integer, .number: 8
            case .date: 12
            case .dateTime: 17
            }
        }
    }

    public let header: String
    public let kind: Kind
    public let width: Double
    public let value: @Sendable (Row) -> ExportValue?

    /// `width` in Excel character units; by default wide enough for the header (a CJK
    /// character counts two) and for the kind's usual content.
    public init(_ header: String, _ kind: Kind, width: Double? = nil, value: @escaping @Sendable (Row) -> ExportValue?) {
        self.header = header
        self.kind = kind
        self.width = width ?? max(kind.minimumWidth, ExportColumn.displayWidth(header) + 4)
        self.value = value
    }

    /// Columns Excel needs to show `text`: two for a wide (CJK) character, one otherwise.
    public static func displayWidth(_ text: String) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) })
    }
}

/// A declared export: one sheet and its columns, in order.
public struct ExportTable<Row>: Sendable {
    /// Excel refuses sheet names longer than this (counted in characters) or holding `[]:*?/\`.
    public static var maxSheetNameLength: Int { 31 }

    public let sheetName: String
    public let columns: [ExportColumn<Row>]

    /// The name is made valid for Excel here (forbidden characters replaced, cut to 31
    /// characters), so a name built from data (a school's name) can never fail the export late.
    public init(sheetName: String, columns: [ExportColumn<Row>]) {
        precondition(!columns.isEmpty && columns.count <= XlsxSheetWriter.maxColumns, "an export needs 1…16384 columns")
        self.sheetName = ExportTable.validSheetName(sheetName)
        self.columns = columns
    }

    static func validSheetName(_ name: String) -> String {
        let forbidden: Set<Unicode.Scalar> = ["[", "]", ":", "*", "?", "/", "\\"]
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: name.unicodeScalars.map { forbidden.contains($0) ? "_" : $0 }.prefix(maxSheetNameLength))
        var valid = String(scalars)
        // Excel also refuses a leading or trailing apostrophe.
        while valid.hasPrefix("'") { valid.removeFirst() }
        while valid.hasSuffix("'") { valid.removeLast() }
        return valid.isEmpty ? "Sheet1" : valid
    }
}

/// More rows than one Excel sheet holds; nothing past the limit is written.
public struct ExportRowLimitExceeded: Error, Sendable, CustomStringConvertible {
    public let limit: Int
    public var description: String { "more than \(limit) data rows for one sheet" }
}

/// Streams the rows of one `ExportTable` into one sheet of a constant-memory workbook: a bold
/// header row, frozen; typed columns with widths; then, once the last row is in, an autofilter
/// over exactly the written range. Each row is flushed as the next begins, so memory does not
/// grow with the row count.
public final class ExportSheetWriter<Row> {
    private let table: ExportTable<Row>
    private let sheet: XlsxSheetWriter
    private let styles: [CellStyle]
    private let hasTextColumns: Bool
    public private(set) var rowCount = 0

    public init(_ table: ExportTable<Row>, in workbook: XlsxWorkbookWriter) throws(XlsxWriteError) {
        self.table = table
        sheet = try workbook.addSheet(named: table.sheetName)
        styles = table.columns.map(\.kind.style)
        hasTextColumns = table.columns.contains { $0.kind == .text }
        for (index, column) in table.columns.enumerated() {
            try sheet.setColumns(index, index, width: column.width, style: styles[index])
            try sheet.write(column.header, row: 0, column: index, style: .header)
        }
        sheet.freezeRows(1)
    }

    /// Writes one row below the previous one.
    public func append(_ row: Row) throws {
        let sheetRow = rowCount + 1
        guard sheetRow < XlsxSheetWriter.maxRows else {
            throw ExportRowLimitExceeded(limit: XlsxSheetWriter.maxRows - 1)
        }
        // An index loop: `enumerated()` over a generic element type costs a metadata lookup
        // per step in unspecialized code, which showed as 9% of a 100k-row export.
        let columns = table.columns
        for index in 0..<columns.count {
            switch columns[index].value(row) {
            case nil: continue
            case .text(let text): try sheet.write(text, row: sheetRow, column: index, style: styles[index])
            case .number(let number): try sheet.write(number, row: sheetRow, column: index, style: styles[index])
            case .date(let date): try sheet.write(ExcelSerial.china(date), row: sheetRow, column: index, style: styles[index])
            }
        }
        rowCount = sheetRow
    }

    /// The autofilter over the header and every written row; call once, after the last row.
    public func finish() throws(XlsxWriteError) {
        let lastColumn = table.columns.count - 1
        try sheet.autofilter(firstRow: 0, lastRow: rowCount, firstColumn: 0, lastColumn: lastColumn)
        if hasTextColumns && rowCount > 0 {
            try sheet.ignoreNumbersStoredAsText(firstRow: 1, lastRow: rowCount, firstColumn: 0, lastColumn: lastColumn)
        }
    }
}

/// Writing a whole export in one call.
public enum ExportWriter {
    /// Writes `table` as the only sheet of a new workbook at `path`. `rows` is called once and
    /// hands each row to its argument in order (a store query streaming its results), so no row
    /// is kept after it is written. Returns the number of data rows. Errors from `rows` are
    /// rethrown as they are; the file at `path` is then incomplete (callers write to a temporary
    /// name and rename).
    public static func write<Row>(
        _ table: ExportTable<Row>, to path: String, rows: ((Row) throws -> Void) throws -> Void
    ) throws -> Int {
        let workbook = try XlsxWorkbookWriter(path: path, constantMemory: true)
        let sheet = try ExportSheetWriter(table, in: workbook)
        try rows { try sheet.append($0) }
        try sheet.finish()
        try workbook.close()
        return sheet.rowCount
    }
}

/// Excel date serials (days since 1899-12-30, the 1900 date system) for instants, read in
/// China time: an import at 2026-11-23T01:00Z is the 23rd at 09:00 for its users.
enum ExcelSerial {
    private static let unixEpochSerial = 25_569.0

    static func china(_ date: Date) -> Double {
        let seconds = date.timeIntervalSince1970 + Double(Clock.chinaTimeZone.secondsFromGMT(for: date))
        return unixEpochSerial + seconds / 86_400
    }
}
