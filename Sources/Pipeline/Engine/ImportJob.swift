import Concurrency
import Domain
import Foundation
import Ingest
import Store
import Validate

/// The one import pipeline: open the input (file-level checks) → stream its rows → judge and
/// apply each row → write the failed-rows workbook as it goes → insert the record → commit, or
/// roll back on any file-level problem (nothing changes) and always for `--dry-run`.
public enum ImportJob {
    /// A workbook import: each pass reads its sheet.
    static func run(
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
                    throw KaowuError(.fileEmpty, "文件“\(fileName)”中没有数据行（表头下方为空）")
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
            throw KaowuError(.fileMissing, "找不到文件“\(request.file)”")
        }
        let file = request.file
        let digest = Future { try SHA256.hex(ofFile: file) }
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
            let stage = StoreStage(store: store, recordID: recordID, failedRows: failedRows, progress: request.progress)
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
            if !request.dryRun { try request.beforeCommit?.run(store, record) }
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
        var checkpoint: Future<Void>?
        defer { _ = try? checkpoint?.value() }
        do {
            if request.dryRun {
                try store.rolledBack(body)
            } else {
                try store.transactionWithoutCheckpoint(body)
                let path = store.path
                checkpoint = Future { try Store.checkpoint(path: path) }
            }
        } catch {
            _ = try? failedRows.finishWriting()
            _ = try? failedRows.closed()
            // Nothing committed: the record's files, staged just before, go too.
            if !request.dryRun { try? FileManager.default.removeItem(atPath: stagingDirectory) }
            throw KaowuError.wrap(error, code: .importFailed, message: "导入失败，未做任何修改")
        }
        guard let outcome else { throw KaowuError(.importFailed, "导入失败，未做任何修改") }
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
    ) -> @Sendable (Channel<StoreStage.Prepared>) throws -> Void {
        let fileName = (reader.path as NSString).lastPathComponent
        let schema = pass.schema
        let makePreparer = pass.makePreparer
        nonisolated(unsafe) let sharedReader = reader  // used only by the prepare thread until it closes
        return { channel in
            let preparer = makePreparer()
            var search = HeaderSearch(schema: schema)
            var rows: [SourceRow] = []
            var cells: [RowCells] = []
            rows.reserveCapacity(256)
            cells.reserveCapacity(256)
            func hand() throws {
                if !channel.put(.rows(rows, preparer.prepare(cells))) { throw CancellationError() }
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
            preparer.finish()
        }
    }

    private static func headerError(_ best: HeaderMatch?, schema: TableSchema, sheet: String, fileName: String) -> KaowuError {
        if let best, best.matchedCount >= 2 {
            return KaowuError(
                .fileMissingColumn,
                "文件“\(fileName)”工作表“\(sheet)”缺少必填列：\(best.missingRequired.joined(separator: "、"))。请使用 kaowu template 生成的模板")
        }
        let expected = schema.columns.map { ($0.required ? "*" : "") + $0.name }.joined(separator: "、")
        return KaowuError(
            .fileWrongTemplate,
            "文件“\(fileName)”工作表“\(sheet)”前 \(HeaderSearch.rowLimit) 行中找不到“\(schema.title)”的表头，应包含列：\(expected)")
    }

    /// The sheet a pass reads: one named in the schema, else (for a single-kind import) the
    /// first visible sheet.
    private static func sheet(for pass: SheetPass, in reader: XlsxReader, single: Bool) throws -> String? {
        if let named = reader.sheets.first(where: { pass.schema.sheetNames.contains($0.name) }) { return named.name }
        if single, let first = reader.firstVisibleSheet { return first.name }
        if pass.required {
            let fileName = (reader.path as NSString).lastPathComponent
            throw KaowuError(.fileSheetMissing, "文件“\(fileName)”中缺少工作表“\(pass.schema.sheetNames.first ?? pass.schema.title)”")
        }
        return nil
    }

    private static func relative(_ path: String, to root: DataRoot) -> String {
        path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }
}
