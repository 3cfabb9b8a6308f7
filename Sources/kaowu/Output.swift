import Domain
import Foundation
import Pipeline

/// Writing to stdout/stderr and turning results into exit statuses: 0 all rows ok, 3 some rows
/// failed (the rest committed), 1 refused or failed, 2 usage.
enum Output {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func json(_ value: some Encodable) throws {
        out(try JSONOutput.encode(value) + "\n")
    }

    static func exitStatus(for record: ImportRecord) -> ExitCode {
        record.failed > 0 ? .rowsFailed : .ok
    }

    /// The human summary of an import, with the first failures.
    static func summary(_ outcome: ImportOutcome, failures: FailureCursor) throws {
        let record = outcome.record
        var text = "导入记录 \(record.id)（\(record.kindLabel)，\(record.fileName)）\n"
        text += "  状态：\(record.status.label)　总行数 \(record.total)，成功 \(record.succeeded)，失败 \(record.failed)"
        text += record.warnings > 0 ? "，警告 \(record.warnings)\n" : "\n"
        if let path = outcome.failedRowsPath { text += "  失败数据已写入：\(path)\n" }
        var shown = 0
        var more = 0
        try failures { failure, isWarning in
            if shown < 10 {
                text += "  \(isWarning ? "警告" : "失败") [\(failure.code)] \(failure.message)\n"
                shown += 1
            } else {
                more += 1
            }
        }
        if more > 0 { text += "  ……另有 \(more) 条，详见失败数据文件或 kaowu records show \(record.id)\n" }
        out(text)
    }
}
