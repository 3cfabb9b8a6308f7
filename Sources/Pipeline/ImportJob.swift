import Domain
import Foundation
import Ingest
import Store
import Validate

/// One import kind's rules and effect on the store. Every kind (candidates, catalog sheets,
/// photos, and later rooms, enrollments, scores…) is a value of this shape, so the job that
/// streams, counts, records and commits is written once.
public protocol ImportKind {
    associatedtype Row
    /// What the source hands over per row: a sheet row's cells, or an archive entry.
    associatedtype Input: Sendable = RowCells
    /// A row after the pure rules (`prepare`), which run on their own thread ahead of
    /// `validate`; kinds whose every rule needs the store keep the input as it is.
    associatedtype Draft: Sendable = RowCells
    var schema: TableSchema { get }
    /// The prepare thread's stage, one thread per pass: it writes nothing to the store (a kind
    /// may read through a connection of its own, and keep what only that thread touches).
    var prepare: @Sendable (Input) -> Draft { get }
    /// Finishes judging a row against the store and the file so far; store errors throw,
    /// input problems are failures.
    mutating func validate(_ draft: Draft) throws -> Validated<Row>
    /// Stores a valid row, inside the job's transaction. Returns the failures the store found
    /// on write (a unique key already taken: the index decides, not a lookup beforehand), empty
    /// when the row was stored.
    mutating func apply(_ row: Row) throws -> [Failure]
    /// Runs on the prepare thread once the sheet's last row is prepared. A kind whose `prepare`
    /// reads through a connection of its own ends that read here: a reader still open at the
    /// commit keeps the log from being copied into the database until the process exits.
    var preparedAll: @Sendable () -> Void { get }
}

extension ImportKind {
    public var preparedAll: @Sendable () -> Void { {} }
}

extension ImportKind where Draft == Input {
    public var prepare: @Sendable (Input) -> Input { { $0 } }
}

/// The store-thread half of a kind, type-erased: judges and applies a run of drafts in order,
/// handing each row's verdict to `report`. Drafts cross from the prepare thread a run at a
/// time, boxed once per run rather than once per row.
struct RunProcessor {
    let process: (any Sendable, (Int, [Failure], [Failure]) throws -> Void) throws -> Void

    init<Kind: ImportKind>(_ kind: Kind) {
        let box = KindBox(kind)
        process = { boxed, report in
            guard let drafts = boxed as? [Kind.Draft] else { preconditionFailure("drafts of another kind") }
            for index in drafts.indices {
                let verdict = try box.kind.validate(drafts[index])
                var failures = verdict.failures
                if let row = verdict.value { failures = try box.kind.apply(row) }
                try report(index, failures, verdict.warnings)
            }
        }
    }
}

/// A kind bound to the sheet it reads, so one workbook job can run several (the catalog).
public struct SheetPass {
    public let schema: TableSchema
    /// A missing optional sheet is skipped; a missing required one refuses the file.
    public let required: Bool
    let prepare: @Sendable ([RowCells]) -> any Sendable
    let preparedAll: @Sendable () -> Void
    let processor: RunProcessor

    public init<Kind: ImportKind>(_ kind: Kind, required: Bool = true) where Kind.Input == RowCells {
        schema = kind.schema
        self.required = required
        let prepareDraft = kind.prepare
        prepare = { cells in cells.map(prepareDraft) }
        preparedAll = kind.preparedAll
        processor = RunProcessor(kind)
    }
}

/// Holds a kind's mutable per-file state for the type-erased pass.
private final class KindBox<Kind: ImportKind> {
    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }
}

/// What to import, for whom, and when.
public struct ImportRequest: Sendable {
    public var kind: String
    public var file: String
    public var tenant: String
    public var operatorName: String
    public var clock: Clock
    public var dryRun: Bool

    public init(kind: String, file: String, tenant: String, operatorName: String, clock: Clock, dryRun: Bool) {
        self.kind = kind
        self.file = file
        self.tenant = tenant
        self.operatorName = operatorName
        self.clock = clock
        self.dryRun = dryRun
    }
}

/// The finished import: its record and where the failed rows went (absolute path).
public struct ImportOutcome: Sendable {
    public let record: ImportRecord
    public let failedRowsPath: String?

    public init(record: ImportRecord, failedRowsPath: String?) {
        self.record = record
        self.failedRowsPath = failedRowsPath
    }
}

/// Reads back the failures of a finished import (from the store, so nothing large is held).
public typealias FailureCursor = ((Failure, Bool) throws -> Void) throws -> Void

/// The one import pipeline: open the input (file-level checks) → stream its rows → judge and
/// apply each row → write the failed-rows workbook as it goes → insert the record → commit, or
/// roll back on any file-level problem (nothing changes) and always for `--dry-run`.
public enum ImportJob {
    /// A workbook import: each pass reads its sheet.
    public static func run(
        _ request: ImportRequest, root: DataRoot, store: Store, passes makePasses: (String) throws -> [SheetPass],
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let fileName = (request.file as NSString).lastPathComponent
        return try execute(request, root: root, store: store, report: report) { recordID in
            let reader = try XlsxReader(path: request.file)
            let passes = try makePasses(recordID)
            let plan = try passes.map { pass in (pass, try sheet(for: pass, in: reader, single: passes.count == 1)) }
            return { stage in
                for (pass, sheet) in plan {
                    guard let sheet else { continue }
                    try stage.drain(rowsOf: pass, sheet: sheet, reader: reader)
                }
                if stage.counts.total == 0 {
                    throw KaowuError("file.empty", "文件“\(fileName)”中没有数据行（表头下方为空）")
                }
            }
        }
    }

    /// The part every source shares. `open` runs the source's file-level checks (before any
    /// transaction) and returns the streaming step, which runs inside it.
    ///
    /// The record's files (failed rows, result.json, and a kind's `outputs`, e.g. the teachers'
    /// SMS outbox) are complete and synced in a staging directory before the commit, moved into
    /// the record's directory after it, and removed when it does not happen (`RecordOutputs`).
    static func execute(
        _ request: ImportRequest, root: DataRoot, store: Store, report: (ImportOutcome, FailureCursor) throws -> Void,
        outputs: (String) throws -> Void = { _ in }, open: (String) throws -> (StoreStage) throws -> Void
    ) throws -> ImportOutcome {
        let started = ContinuousClock.now
        let fileName = (request.file as NSString).lastPathComponent
        guard FileManager.default.isReadableFile(atPath: request.file) else {
            throw KaowuError("file.missing", "找不到文件“\(request.file)”")
        }
        let file = request.file
        let digest = BackgroundTask { try SHA256.hex(ofFile: file) }
        let recordID = RecordID.make(clock: request.clock)
        let lock = try ImportLock(root: root, id: recordID)
        defer { withExtendedLifetime(lock) {} }
        let streamRows = try open(recordID)

        try FileManager.default.createDirectory(atPath: root.recordsPath, withIntermediateDirectories: true)
        let temporaryPath = root.recordsPath + "/" + RecordOutputs.temporaryPrefix + recordID + ".xlsx"
        let failedRows = FailedRowsSink(try FailedRowsWorkbook(temporaryPath: temporaryPath))
        defer { try? FileManager.default.removeItem(atPath: temporaryPath) }

        let finalDirectory = request.dryRun ? root.recordsPath + "/dry-run/" + recordID : root.recordDirectory(recordID)
        let stagingDirectory = RecordOutputs.stagingDirectory(root: root, id: recordID)
        var outcome: ImportOutcome?
        let body = {
            let stage = StoreStage(store: store, recordID: recordID, failedRows: failedRows)
            try streamRows(stage)
            let counts = stage.counts
            // Every row is judged and written: the workbook compresses on its own thread while
            // the store commits.
            try failedRows.finishWriting()
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let status: ImportStatus =
                request.dryRun ? .dryRun : counts.failed == 0 ? .succeeded : counts.succeeded == 0 ? .failed : .partial
            let record = ImportRecord(
                id: recordID, kind: request.kind, fileName: fileName, sha256: try digest.value(), tenant: request.tenant,
                operatorName: request.operatorName, startedAt: request.clock.now,
                finishedAt: request.clock.now.addingTimeInterval(seconds), total: counts.total, succeeded: counts.succeeded,
                failed: counts.failed, warnings: counts.warnings, status: status,
                failedRowsFile: counts.failed > 0 ? relative(finalDirectory, to: root) + "/failed-rows.xlsx" : nil, refusal: nil)
            try store.insertRecord(record)
            let finished = ImportOutcome(
                record: record, failedRowsPath: counts.failed > 0 ? finalDirectory + "/failed-rows.xlsx" : nil)
            outcome = finished
            if request.dryRun {
                try report(finished, { try store.forEachFailure(recordID: recordID, $0) })
            } else {
                try failedRows.closed()
                try RecordOutputs.publish(
                    record: record, failedRows: counts.failed > 0 ? temporaryPath : nil, to: stagingDirectory, extra: outputs)
            }
        }
        // The log's copy into the database runs while the outputs and the report are written.
        var checkpoint: BackgroundTask<Void>?
        defer { _ = try? checkpoint?.value() }
        do {
            if request.dryRun {
                try store.rolledBack(body)
            } else {
                try store.transactionWithoutCheckpoint(body)
                let path = store.path
                checkpoint = BackgroundTask { try Store.checkpoint(path: path) }
            }
        } catch {
            _ = try? failedRows.finishWriting()
            _ = try? failedRows.closed()
            // Nothing committed: the record's files, staged just before, go too.
            if !request.dryRun { try? FileManager.default.removeItem(atPath: stagingDirectory) }
            throw KaowuError.wrap(error, code: "import.failed", message: "导入失败，未做任何修改")
        }
        guard let outcome else { throw KaowuError("import.failed", "导入失败，未做任何修改") }
        if request.dryRun {
            // Nothing was committed: the dry run's files go to records/dry-run/ afterwards.
            try failedRows.closed()
            try RecordOutputs.publish(
                record: outcome.record, failedRows: outcome.failedRowsPath == nil ? nil : temporaryPath, to: finalDirectory,
                extra: { _ in })
        } else {
            // Committed: the staged files go into place. Should the rename fail, the next sweep
            // finishes it (the record is in the store); the import itself is not undone.
            try? RecordOutputs.install(root: root, id: recordID)
            try report(outcome, { try store.forEachFailure(recordID: recordID, $0) })
        }
        return outcome
    }

    /// The sheet rows of one pass, read on the reader thread and prepared on another.
    static func sheetProducer(
        _ pass: SheetPass, sheet: String, reader: XlsxReader
    ) -> @Sendable (BlockingChannel<StoreStage.Prepared>) throws -> Void {
        let fileName = (reader.path as NSString).lastPathComponent
        let schema = pass.schema
        let prepare = pass.prepare
        let preparedAll = pass.preparedAll
        nonisolated(unsafe) let sharedReader = reader  // used only by the prepare thread until it closes
        return { channel in
            var search = HeaderSearch(schema: schema)
            var rows: [SourceRow] = []
            var cells: [RowCells] = []
            rows.reserveCapacity(256)
            cells.reserveCapacity(256)
            func hand() throws {
                if !channel.put(.rows(rows, prepare(cells))) { throw CancellationError() }
                rows.removeAll(keepingCapacity: true)
                cells.removeAll(keepingCapacity: true)
            }
            try sharedReader.forEachRow(inSheet: sheet) { row in
                guard let header = search.found else {
                    if search.consider(row: row.number, cells: row.cells.map { ($0.column, $0.value.text) }),
                        let found = search.found
                    {
                        if let refusal = TemplateMismatch.refusal(schema: schema, sheet: sheet, header: found.header, fileName: fileName) {
                            throw refusal
                        }
                        if !channel.put(.header(sheet: sheet, columns: found.header)) { throw CancellationError() }
                    } else if search.isExhausted {
                        throw headerError(search.best, schema: schema, sheet: sheet, fileName: fileName)
                    }
                    return
                }
                rows.append(.sheet(row))
                cells.append(RowCells(row: row.number, values: header.sheetColumns.map { $0.flatMap(row.cell) }))
                if rows.count >= 256 { try hand() }
            }
            if search.found == nil { throw headerError(search.best, schema: schema, sheet: sheet, fileName: fileName) }
            if !rows.isEmpty { try hand() }
            preparedAll()
        }
    }

    private static func headerError(_ best: HeaderMatch?, schema: TableSchema, sheet: String, fileName: String) -> KaowuError {
        if let best, best.matchedCount >= 2 {
            return KaowuError(
                "file.missing-column",
                "文件“\(fileName)”工作表“\(sheet)”缺少必填列：\(best.missingRequired.joined(separator: "、"))。请使用 kaowu template 生成的模板")
        }
        let expected = schema.columns.map { ($0.required ? "*" : "") + $0.name }.joined(separator: "、")
        return KaowuError(
            "file.wrong-template",
            "文件“\(fileName)”工作表“\(sheet)”前 \(HeaderSearch.rowLimit) 行中找不到“\(schema.title)”的表头，应包含列：\(expected)")
    }

    /// The sheet a pass reads: one named in the schema, else (for a single-kind import) the
    /// first visible sheet.
    private static func sheet(for pass: SheetPass, in reader: XlsxReader, single: Bool) throws -> String? {
        if let named = reader.sheets.first(where: { pass.schema.sheetNames.contains($0.name) }) { return named.name }
        if single, let first = reader.firstVisibleSheet { return first.name }
        if pass.required {
            let fileName = (reader.path as NSString).lastPathComponent
            throw KaowuError("file.sheet-missing", "文件“\(fileName)”中缺少工作表“\(pass.schema.sheetNames.first ?? pass.schema.title)”")
        }
        return nil
    }

    private static func relative(_ path: String, to root: DataRoot) -> String {
        path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }
}

/// A row as the failed-rows workbook echoes it: the sheet row as read, or an archive entry's
/// values (entry name, ID number).
enum SourceRow: Sendable {
    case sheet(SheetRow)
    case entry(number: Int, values: [String])
}

/// The store thread of an import: takes prepared runs from the prepare thread, has the kind
/// judge and apply them, and records every verdict (counts, failures, failed-rows workbook).
/// Three stages on three threads (read, prepare, store) keep both cores busy.
final class StoreStage {
    /// What the prepare stage hands to the store stage.
    enum Prepared: @unchecked Sendable {
        /// The header of the rows that follow, for the failed-rows workbook.
        case header(sheet: String, columns: [(column: Int, text: String)])
        /// Source rows and their drafts (an array of the kind's draft type), index for index.
        case rows([SourceRow], any Sendable)
    }

    struct Counts {
        var total = 0
        var succeeded = 0
        var failed = 0
        var warnings = 0
        var sequence = 0
    }

    let store: Store
    let recordID: String
    let failedRows: FailedRowsSink
    private(set) var counts = Counts()

    init(store: Store, recordID: String, failedRows: FailedRowsSink) {
        self.store = store
        self.recordID = recordID
        self.failedRows = failedRows
    }

    func drain(rowsOf pass: SheetPass, sheet: String, reader: XlsxReader) throws {
        try drain(ImportJob.sheetProducer(pass, sheet: sheet, reader: reader), processor: pass.processor)
    }

    /// Runs `produce` on its own thread and consumes what it hands over, in order.
    func drain(
        _ produce: @escaping @Sendable (BlockingChannel<Prepared>) throws -> Void, processor: RunProcessor
    ) throws {
        let channel = BlockingChannel<Prepared>(capacity: 4)
        channel.startProducer { try produce(channel) }
        defer { channel.cancel() }
        while let message = channel.take() {
            // Consumed, so the run's last reference goes to the writer and is freed there.
            switch consume message {
            case .header(let sheet, let columns):
                failedRows.beginSheet(named: sheet, header: columns)
            case .rows(let rows, let drafts):
                var failed: [(index: Int, failures: [Failure])] = []
                try processor.process(drafts) { index, failures, warnings in
                    try record(failures: failures, warnings: warnings)
                    if !failures.isEmpty { failed.append((index, failures)) }
                }
                failedRows.add(run: consume rows, failed: failed, drafts: consume drafts)
            }
        }
        if let failure = channel.failure { throw failure }
    }

    private func record(failures: [Failure], warnings: [Failure]) throws {
        counts.total += 1
        for warning in warnings {
            counts.sequence += 1
            try store.insertFailure(warning, recordID: recordID, seq: counts.sequence, warning: true)
        }
        counts.warnings += warnings.count
        if failures.isEmpty {
            counts.succeeded += 1
            return
        }
        counts.failed += 1
        for failure in failures {
            counts.sequence += 1
            try store.insertFailure(failure, recordID: recordID, seq: counts.sequence, warning: false)
        }
    }
}

/// Import record ids: sortable by time, unique by a random suffix.
enum RecordID {
    static func make(clock: Clock) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Clock.chinaTimeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: clock.now)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt32.random(in: 0...UInt32.max, using: &generator), radix: 16)
        return "R\(stamp)-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }
}

/// Work started on its own thread and joined later: the input's SHA-256 while the import
/// streams, and the failed-rows workbook's compression while the store commits.
final class BackgroundTask<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work  // runs only on the new thread
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work and returns its value or rethrows its error.
    func value() throws -> Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("signalled without a result") }
        return try result.get()
    }
}
