public import Domain
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
    /// `output`, streaming the failures in pieces of about 64 KB (a write per failure cost a
    /// system call each: a tenth of a second for 20k failures).
    public static func write(
        _ outcome: ImportOutcome, failures: FailureCursor, to output: @escaping (String) -> Void
    ) throws {
        var summary = summary(outcome.record)
        summary["failedRowsFile"] = outcome.failedRowsPath ?? NSNull()
        let head = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        var text = String(decoding: head, as: UTF8.self)
        text.removeLast()  // the closing brace; failures follow
        var pending = text + ",\"failures\":["
        var warnings: [[String: Any]] = []
        var first = true
        try failures { failure, isWarning in
            if isWarning {
                if warnings.count < 1000 { warnings.append(RecordJSON.failure(failure)) }
                return
            }
            if !first { pending += "," }
            pending += failureText(failure)
            first = false
            if pending.utf8.count >= 1 << 16 {
                output(pending)
                pending = ""
            }
        }
        let warningData = try JSONSerialization.data(withJSONObject: warnings, options: [.sortedKeys])
        output(pending + "],\"warningList\":" + String(decoding: warningData, as: UTF8.self) + "}\n")
    }

    /// One failure as a JSON object with the keys of `failure(_:)` in sorted order, written
    /// directly: `JSONSerialization` per object cost more than a second on a file with tens of
    /// thousands of failed rows.
    static func failureText(_ failure: Failure) -> String {
        var text = "{\"code\":"
        appendQuoted(failure.code.rawValue, to: &text)
        text += ",\"column\":"
        appendQuoted(failure.column, to: &text)
        text += ",\"message\":"
        appendQuoted(failure.message, to: &text)
        text += ",\"row\":\(failure.row),\"value\":"
        appendQuoted(failure.value, to: &text)
        text += "}"
        return text
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259).
    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        if !value.withUTF8Bytes({ $0.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) }) {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
