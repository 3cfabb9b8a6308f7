public import Domain
import Foundation

/// An import record as `--json`, `result.json` and `records list|show --json` print it. Keys
/// are stable: scripts and the watcher's result files read them.
public struct RecordSummary: Encodable, Sendable {
    public let record, kind, file, sha256, tenant, `operator`: String
    public let startedAt, finishedAt, status, statusLabel: String
    public let total, succeeded, failed, warnings: Int
    /// Relative to the data root in `result.json` and listings; absolute right after an import.
    public var failedRowsFile: String?

    public init(_ record: ImportRecord) {
        self.record = record.id
        kind = record.kind
        file = record.fileName
        sha256 = record.sha256
        tenant = record.tenant
        self.operator = record.operatorName
        startedAt = Clock.isoString(record.startedAt)
        finishedAt = Clock.isoString(record.finishedAt)
        status = record.status.rawValue
        statusLabel = record.status.label
        total = record.total
        succeeded = record.succeeded
        failed = record.failed
        warnings = record.warnings
        failedRowsFile = record.failedRowsFile
    }

    enum CodingKeys: String, CodingKey {
        case record, kind, file, sha256, tenant, `operator`, startedAt, finishedAt, status, statusLabel, total, succeeded, failed
        case warnings, failedRowsFile
    }

    /// As synthesized, except that a missing failed-rows file is `null`, not an absent key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record, forKey: .record)
        try container.encode(kind, forKey: .kind)
        try container.encode(file, forKey: .file)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(self.operator, forKey: .operator)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(status, forKey: .status)
        try container.encode(statusLabel, forKey: .statusLabel)
        try container.encode(total, forKey: .total)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(failedRowsFile, forKey: .failedRowsFile)
    }
}

/// One failed (or warned) cell of a row as `--json` prints it.
public struct FailureSummary: Encodable, Sendable {
    public let row: Int
    public let column, value, code, message: String

    public init(_ failure: Failure) {
        row = failure.row
        column = failure.column
        value = failure.value
        code = failure.code.rawValue
        message = failure.message
    }
}

/// The one JSON encoder of kaowu's output: sorted keys, so the same result is the same bytes.
public enum JSONOutput {
    public static func encode(_ value: some Encodable, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Writing import results as JSON: the record's summary, then its failures, streamed.
public enum RecordJSON {
    /// Writes `{…summary, "failedRowsFile": absolute, "failures": [...], "warnings": [...]}` to
    /// `output`, streaming the failures in pieces of about 64 KB (a write per failure cost a
    /// system call each: a tenth of a second for 20k failures).
    public static func write(
        _ outcome: ImportOutcome, failures: FailureCursor, to output: @escaping (String) -> Void
    ) throws {
        var summary = RecordSummary(outcome.record)
        summary.failedRowsFile = outcome.failedRowsPath
        var text = try JSONOutput.encode(summary, pretty: false)
        text.removeLast()  // the closing brace; failures follow
        var pending = text + ",\"failures\":["
        var warnings: [FailureSummary] = []
        var first = true
        try failures { failure, isWarning in
            if isWarning {
                if warnings.count < 1000 { warnings.append(FailureSummary(failure)) }
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
        output(pending + "],\"warningList\":" + (try JSONOutput.encode(warnings, pretty: false)) + "}\n")
    }

    /// One failure as `FailureSummary` encodes it (same keys, sorted, same bytes), written
    /// directly: an encoder per object costs more than a second on a file with tens of thousands
    /// of failed rows.
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
