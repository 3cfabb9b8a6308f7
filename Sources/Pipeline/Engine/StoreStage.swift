import Concurrency
import Domain
import Foundation
import Ingest
import Store
import Validate

/// The store thread of an import: takes prepared runs from the prepare thread, has the kind
/// judge and apply them, and records every verdict (counts, failures, failed-rows workbook).
/// Three stages on three threads (read, prepare, store) keep both cores busy.
final class StoreStage {
    /// What the prepare stage hands to the store stage.
    enum Prepared: Sendable {
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
    let progress: RowProgress?
    private(set) var counts = Counts()

    init(store: Store, recordID: String, failedRows: FailedRowsSink, progress: RowProgress? = nil) {
        self.store = store
        self.recordID = recordID
        self.failedRows = failedRows
        self.progress = progress
    }

    func drain(rowsOf pass: SheetPass, sheet: String, reader: XlsxReader) throws {
        try drain(ImportJob.sheetProducer(pass, sheet: sheet, reader: reader), processor: pass.processor)
    }

    /// Runs `produce` on its own thread and consumes what it hands over, in order.
    func drain(
        _ produce: @escaping @Sendable (Channel<Prepared>) throws -> Void, processor: RunProcessor
    ) throws {
        let channel = Channel<Prepared>(capacity: 4)
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
                progress?.report(counts.total)
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
