import Concurrency
import Domain
import Foundation
import Ingest
import Render

/// The workbook a school downloads to fix its failed rows: the original columns of each failed
/// row as they were read, then 行号 and 失败原因 (every reason of that row). Written while the
/// import streams, to a temporary name, and moved into place only after the commit.
final class FailedRowsWorkbook {
    static let rowNumberHeader = "行号"
    static let reasonsHeader = "失败原因"

    private let writer: XlsxWorkbookWriter
    let temporaryPath: String
    private var sheet: XlsxSheetWriter?
    private var columns: [Int] = []
    private var nextRow = 0
    private(set) var rowCount = 0

    init(temporaryPath: String) throws {
        self.temporaryPath = temporaryPath
        do {
            writer = try XlsxWorkbookWriter(path: temporaryPath)
        } catch {
            throw KaowuError(.outputWrite, "无法创建失败数据文件", cause: error.description)
        }
    }

    /// Starts a sheet for one source sheet, with its header row as read.
    func beginSheet(named name: String, header: [(column: Int, text: String)]) throws {
        do {
            let sheet = try writer.addSheet(named: String(name.prefix(31)))
            columns = header.map(\.column)
            for (position, cell) in header.enumerated() {
                try sheet.write(XlsxSheetWriter.fitted(cell.text), row: 0, column: position, style: .header)
            }
            try sheet.write(FailedRowsWorkbook.rowNumberHeader, row: 0, column: columns.count, style: .header)
            try sheet.write(FailedRowsWorkbook.reasonsHeader, row: 0, column: columns.count + 1, style: .header)
            try sheet.setColumns(0, max(columns.count - 1, 0), width: 18, style: .text)
            try sheet.setColumns(columns.count + 1, columns.count + 1, width: 80)
            sheet.freezeRows(1)
            self.sheet = sheet
            nextRow = 1
        } catch {
            throw KaowuError(.outputWrite, "无法写入失败数据文件", cause: error.description)
        }
    }

    func add(row: SourceRow, failures: [Failure]) throws {
        guard let sheet else { return }
        do {
            let number: Int
            switch row {
            case .sheet(let sheetRow):
                number = sheetRow.number
                for (position, column) in columns.enumerated() {
                    guard let cell = sheetRow.cell(column) else { continue }
                    if cell.type == .number, let number = Double(cell.text) {
                        try sheet.write(number, row: nextRow, column: position)
                    } else {
                        try sheet.write(XlsxSheetWriter.fitted(cell.text), row: nextRow, column: position, style: .text)
                    }
                }
            case .entry(let entryNumber, let values):
                number = entryNumber
                for (position, value) in values.prefix(columns.count).enumerated() {
                    try sheet.write(XlsxSheetWriter.fitted(value), row: nextRow, column: position, style: .text)
                }
            }
            try sheet.write(Double(number), row: nextRow, column: columns.count)
            // Quoted input can make the reasons longer than a cell holds: cut, never refuse.
            let reasons = failures.map(\.message).joined(separator: "；")
            try sheet.write(XlsxSheetWriter.fitted(reasons), row: nextRow, column: columns.count + 1)
        } catch {
            throw KaowuError(.outputWrite, "无法写入失败数据文件", cause: error.description)
        }
        nextRow += 1
        rowCount += 1
    }

    func close() throws {
        do { try writer.close() } catch { throw KaowuError(.outputWrite, "无法写入失败数据文件", cause: error.description) }
    }
}

/// The failed-rows workbook written on its own thread, so the store thread only inserts. The
/// store thread hands over each judged run: its failed rows, and the run itself, whose rows and
/// drafts are then freed on this thread too. `finishWriting` joins the writes before the commit
/// (a write error still rolls the import back); the compression runs during the commit.
final class FailedRowsSink: Sendable {
    private enum Message: Sendable {
        case header(sheet: String, columns: [(column: Int, text: String)])
        case run(rows: [SourceRow], failed: [(index: Int, failures: [Failure])], drafts: any Sendable)
    }

    private let channel = Channel<Message>(capacity: 8)
    /// Fulfilled once every row is written (with the first write error), before the close.
    private let written = Future<Void>()
    private let closing: Future<Void>

    init(_ workbook: FailedRowsWorkbook) {
        nonisolated(unsafe) let workbook = workbook  // used only by the writer thread from here on
        let (channel, written) = (channel, written)
        closing = Future {
            var writeError: (any Error)?
            while let message = channel.take() {
                guard writeError == nil else { continue }
                do {
                    switch message {
                    case .header(let sheet, let columns):
                        try workbook.beginSheet(named: sheet, header: columns)
                    case .run(let rows, let failed, _):
                        for row in failed { try workbook.add(row: rows[row.index], failures: row.failures) }
                    }
                } catch {
                    writeError = error
                }
            }
            written.fulfil(writeError.map { .failure($0) } ?? .success(()))
            try workbook.close()
        }
    }

    func beginSheet(named sheet: String, header: [(column: Int, text: String)]) {
        _ = channel.put(.header(sheet: sheet, columns: header))
    }

    func add(run rows: consuming [SourceRow], failed: [(index: Int, failures: [Failure])], drafts: consuming any Sendable) {
        _ = channel.put(.run(rows: rows, failed: failed, drafts: drafts))
    }

    /// No more rows: waits until every row is written and rethrows a write error; the workbook
    /// then closes on the writer thread.
    func finishWriting() throws {
        channel.close(nil)
        try written.value()
    }

    /// Waits for the workbook to be closed (call `finishWriting` first).
    func closed() throws {
        try closing.value()
    }
}
