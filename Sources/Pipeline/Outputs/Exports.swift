import Concurrency
public import Domain
import Foundation
import Ingest
import Render
import Store
import Validate

/// The .xlsx exports (MISSION.md section 7). Each is an `ExportTable` of Chinese-headed columns
/// and a store query that streams its rows; `write` does the rest for all of them.
public enum Exports {
    /// 考生信息: the columns of the candidates template, then category and status. Closed lists
    /// are written as their Chinese labels, the way users typed them in.
    static let candidateTable = ExportTable<Candidate>(
        sheetName: "考生信息",
        columns: [
            ExportColumn(CandidateColumns.name, .text, width: 12) { .text($0.name) },
            ExportColumn(CandidateColumns.pinyin, .text, width: 18) { .text($0.pinyin) },
            ExportColumn(CandidateColumns.idType, .text, width: 14) { .label($0.idType) },
            ExportColumn(CandidateColumns.idNumber, .text, width: 22) { .text($0.idNumber) },
            ExportColumn(CandidateColumns.mobile, .text, width: 14) { .text($0.mobile) },
            ExportColumn(CandidateColumns.major, .text, width: 18) { .of($0.major) },
            ExportColumn(CandidateColumns.majorLevel, .text) { .label($0.majorLevel) },
            ExportColumn(CandidateColumns.entranceYear, .integer) { .of($0.entranceYear) },
            ExportColumn(CandidateColumns.employer, .text, width: 24) { .of($0.employer) },
            ExportColumn(categoryHeader, .text) { .label($0.category) },
            ExportColumn(statusHeader, .text, width: 12) { .label($0.status) },
        ])

    static let categoryHeader = "考生类别"
    static let statusHeader = "信息状态"

    /// Exports the candidates of one school (all, or one status and/or category) to `output`;
    /// returns the number of candidates written.
    public static func candidates(
        root: DataRoot, schoolCode: String, status: CandidateStatus?, category: CandidateCategory?, output: String,
        progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        return try write(candidateTable, to: output, progress: progress) { row in
            try store.forEachCandidate(schoolCode: school, status: status, category: category, row)
        }
    }

    /// Writes one export next to `output` under a temporary name and renames it into place, so
    /// `output` is either the old file or the complete new one, never half written. Store and
    /// write failures become `KaowuError`s naming the file.
    static func write<Row: Sendable>(
        _ table: ExportTable<Row>, to output: String, progress: RowProgress? = nil, rows: ((Row) throws -> Void) throws -> Void
    ) throws -> Int {
        let file = try OutputFile(output)
        return try file.write { temporary in
            do {
                return try withoutActuallyEscaping(rows) { rows in
                    try writeOverlapped(table, to: temporary, progress: progress, rows: rows)
                }
            } catch let error as ExportRowLimitExceeded {
                throw KaowuError(.exportTooManyRows, "导出结果超过 Excel 单个工作表的上限 \(error.limit) 行，请增加筛选条件分批导出", cause: error.description)
            } catch let error as XlsxWriteError {
                throw KaowuError(.exportWrite, "无法写入导出文件“\(output)”", cause: error.description)
            } catch {
                throw KaowuError.wrap(error, code: .exportRead, message: "读取导出数据失败，未生成“\(output)”")
            }
        }
    }

    /// The query runs on its own thread and hands rows over in batches while this thread writes
    /// cells: with two cores the store's work hides behind libxlsxwriter's (a 100k-row export
    /// spends ~15% in SQLite and decoding, ~45% writing cells, the rest deflating on close).
    private static func writeOverlapped<Row: Sendable>(
        _ table: ExportTable<Row>, to path: String, progress: RowProgress?, rows: @escaping ((Row) throws -> Void) throws -> Void
    ) throws -> Int {
        let batchSize = 512
        let channel = Channel<[Row]>(capacity: 8)
        let lent = LentRows(rows)
        channel.startProducer {
            guard let produce = lent.take() else { return }
            var batch: [Row] = []
            batch.reserveCapacity(batchSize)
            try produce { row in
                batch.append(row)
                if batch.count == batchSize {
                    guard channel.put(batch) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = channel.put(batch) }
        }
        defer { channel.cancel() }
        return try ExportWriter.write(table, to: path) { append in
            var written = 0
            while let batch = channel.take() {
                for row in batch { try append(row) }
                written += batch.count
                progress?.report(written)
            }
            if let failure = channel.failure { throw failure }
        }
    }
}

/// The row source of one export, lent to its producer thread. `write` lends it through
/// `withoutActuallyEscaping`, which traps if anything still holds it on return; a finished
/// `Thread` may keep its block (and so anything the block captured) alive after `cancel`
/// returned, so the block holds this box, and the producer empties it before it closes the
/// channel.
private final class LentRows<Row>: @unchecked Sendable {  // `source` is taken once, by the producer thread only
    typealias Source = ((Row) throws -> Void) throws -> Void
    private var source: Source?

    init(_ source: @escaping Source) { self.source = source }

    /// The source, once (only the producer thread calls this).
    func take() -> Source? {
        defer { source = nil }
        return source
    }
}
