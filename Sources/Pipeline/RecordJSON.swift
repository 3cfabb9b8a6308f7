import Domain
import Foundation

/// The JSON shapes of import results (`--json`, `result.json`, `records show --json`).
public enum RecordJSON {
    public static func summary(_ record: ImportRecord) -> [String: Any] {
        [
            "record": record.id, "kind": record.kind, "file": record.fileName, "sha256": record.sha256,
            "tenant": record.tenant, "operator": record.operatorName, "startedAt": Clock.isoString(record.startedAt),
            "finishedAt": Clock.isoString(record.finishedAt), "status": record.status.rawValue,
            "statusLabel": record.status.label, "total": record.total, "succeeded": record.succeeded,
            "failed": record.failed, "warnings": record.warnings,
            "failedRowsFile": record.failedRowsFile ?? NSNull(),
        ]
    }

    public static func failure(_ failure: Failure) -> [String: Any] {
        [
            "row": failure.row, "column": failure.column, "value": failure.value, "code": failure.code.rawValue,
            "message": failure.message,
        ]
    }

    /// Writes `{…summary, "failedRowsFile": absolute, "failures": [...], "warnings": [...]}` to
    /// `output`, streaming the failures one object at a time.
    public static func write(
        _ outcome: ImportOutcome, failures: FailureCursor, to output: @escaping (String) -> Void
    ) throws {
        var summary = summary(outcome.record)
        summary["failedRowsFile"] = outcome.failedRowsPath ?? NSNull()
        let head = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        var text = String(decoding: head, as: UTF8.self)
        text.removeLast()  // the closing brace; failures follow
        output(text + ",\"failures\":[")
        var warnings: [[String: Any]] = []
        var first = true
        try failures { failure, isWarning in
            if isWarning {
                if warnings.count < 1000 { warnings.append(RecordJSON.failure(failure)) }
                return
            }
            let data = try JSONSerialization.data(withJSONObject: RecordJSON.failure(failure), options: [.sortedKeys])
            output((first ? "" : ",") + String(decoding: data, as: UTF8.self))
            first = false
        }
        let warningData = try JSONSerialization.data(withJSONObject: warnings, options: [.sortedKeys])
        output("],\"warningList\":" + String(decoding: warningData, as: UTF8.self) + "}\n")
    }
}
