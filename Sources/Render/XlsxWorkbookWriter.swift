import CXlsxWriter
import Domain
import Foundation

/// A libxlsxwriter failure, with the library's own description.
public struct XlsxWriteError: Error, Sendable, CustomStringConvertible {
    public let code: Int
    public let message: String
    public var description: String { "libxlsxwriter \(code): \(message)" }
}

/// The handful of cell styles kaowu's workbooks use; each becomes one `lxw_format` per workbook.
public enum CellStyle: Int, CaseIterable, Sendable {
    case plain, header, text, date, note
    /// Whole numbers (years, counts): format `0`, so Excel never shows `2024.00` or `2.02E+03`.
    case integer
    /// Date and minute, for timestamps such as import times.
    case dateTime
}

/// A workbook being written with libxlsxwriter in constant-memory mode (rows must be written in
/// order, each row flushed as the next begins). The only file that calls libxlsxwriter.
public final class XlsxWorkbookWriter {
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    /// Indexed by `CellStyle.rawValue`: looked up once per cell written.
    private var formats: [UnsafeMutablePointer<lxw_format>?] = Array(repeating: nil, count: CellStyle.allCases.count)
    private var closed = false
    private var keepAlive: [UnsafeMutablePointer<CChar>] = []

    /// The corresponding C function is `workbook_new_opt`.
    public init(path: String, constantMemory: Bool = true) throws(XlsxWriteError) {
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        let tmp = strdup(NSTemporaryDirectory())
        options.tmpdir = tmp
        guard let created = workbook_new_opt(path, &options) else {
            free(tmp)
            throw XlsxWriteError(code: -1, message: "cannot create workbook at \(path)")
        }
        if let tmp { keepAlive.append(tmp) }
        workbook = created
        for style in CellStyle.allCases {
            guard let format = workbook_add_format(workbook) else { continue }
            switch style {
            case .plain: break
            case .header:
                format_set_bold(format)
                format_set_bg_color(format, 0xDDEBF7)
                format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
            case .text:
                format_set_num_format(format, "@")
            case .date:
                format_set_num_format(format, "yyyy-mm-dd")
            case .note:
                format_set_text_wrap(format)
                format_set_font_color(format, 0xC00000)
            case .integer:
                format_set_num_format(format, "0")
            case .dateTime:
                format_set_num_format(format, "yyyy-mm-dd hh:mm")
            }
            formats[style.rawValue] = format
        }
    }

    deinit {
        if !closed { _ = workbook_close(workbook) }
        keepAlive.forEach { free($0) }
    }

    /// Adds a sheet; names longer than Excel's 31 characters are refused by the library.
    public func addSheet(named name: String) throws(XlsxWriteError) -> XlsxSheetWriter {
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw XlsxWriteError(code: -1, message: "cannot add sheet \(name)")
        }
        return XlsxSheetWriter(sheet: sheet, owner: self)
    }

    func format(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        style == .plain ? nil : formats[style.rawValue]
    }

    /// Writes the file. The corresponding C function is `workbook_close`.
    public func close() throws(XlsxWriteError) {
        guard !closed else { return }
        closed = true
        let status = workbook_close(workbook)
        if status != LXW_NO_ERROR {
            throw XlsxWriteError(code: Int(status.rawValue), message: String(cString: lxw_strerror(status)))
        }
    }
}

/// One worksheet of an `XlsxWorkbookWriter`.
public final class XlsxSheetWriter {
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private unowned let owner: XlsxWorkbookWriter

    init(sheet: UnsafeMutablePointer<lxw_worksheet>, owner: XlsxWorkbookWriter) {
        self.sheet = sheet
        self.owner = owner
    }

    /// Excel's limit on a cell's text, in characters (libxlsxwriter counts code points).
    public static let maxCellCharacters = 32_767

    /// Writes `text`; text past Excel's cell limit is an error (see `fitted` to cut it short).
    public func write(_ text: String, row: Int, column: Int, style: CellStyle = .plain) throws(XlsxWriteError) {
        try check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, owner.format(style)))
    }

    /// `text` cut to Excel's cell limit with "…" when longer, for outputs that quote input (the
    /// failed-rows workbook), where a long value must not stop the whole workbook.
    public static func fitted(_ text: String) -> String {
        let limit = maxCellCharacters
        guard text.utf8.count > limit, text.unicodeScalars.count > limit else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit - 1))
        return String(scalars) + "…"
    }

    public func write(_ number: Double, row: Int, column: Int, style: CellStyle = .plain) throws(XlsxWriteError) {
        try check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, owner.format(style)))
    }

    public func setColumns(_ first: Int, _ last: Int, width: Double, style: CellStyle = .plain) throws(XlsxWriteError) {
        try check(worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, owner.format(style)))
    }

    /// Excel's largest sheet: rows and columns beyond these are refused by the library.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    public func freezeRows(_ rows: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), 0)
    }

    public func autofilter(firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int) throws(XlsxWriteError) {
        try check(
            worksheet_autofilter(sheet, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)))
    }

    /// Turns off Excel's "number stored as text" warning (the green corner) over a range: ID and
    /// phone columns are text on purpose. The corresponding C function is `worksheet_ignore_errors`.
    public func ignoreNumbersStoredAsText(firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int) throws(XlsxWriteError) {
        let range =
            XlsxSheetWriter.cellName(row: firstRow, column: firstColumn) + ":" + XlsxSheetWriter.cellName(row: lastRow, column: lastColumn)
        try check(worksheet_ignore_errors(sheet, UInt8(LXW_IGNORE_NUMBER_STORED_AS_TEXT.rawValue), range))
    }

    /// "A1"-style name of a zero-based cell.
    static func cellName(row: Int, column: Int) -> String {
        var letters: [Character] = []
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + digit))), at: 0)
            rest = (rest - 1) / 26
        }
        return String(letters) + String(row + 1)
    }

    /// A drop-down list on a column range; Excel limits the joined list to 255 characters.
    public func dropDown(firstRow: Int, lastRow: Int, column: Int, values: [String]) throws(XlsxWriteError) {
        var pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        var validation = lxw_data_validation()
        validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        try pointers.withUnsafeMutableBufferPointer { (buffer) throws(XlsxWriteError) in
            validation.value_list = buffer.baseAddress
            try check(
                worksheet_data_validation_range(
                    sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &validation))
        }
    }

    /// A cell comment (the red-corner note), used for per-column instructions in templates.
    public func comment(_ text: String, row: Int, column: Int) throws(XlsxWriteError) {
        try check(worksheet_write_comment(sheet, lxw_row_t(row), lxw_col_t(column), text))
    }

    private func check(_ status: lxw_error) throws(XlsxWriteError) {
        if status != LXW_NO_ERROR {
            throw XlsxWriteError(code: Int(status.rawValue), message: String(cString: lxw_strerror(status)))
        }
    }
}
