import Domain
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// The hand-written failure objects of `--json` must parse to exactly what
/// `FailureSummary` encodes, whatever a cell held.
@Suite struct RecordJSONTests {
    @Test(arguments: [
        "13800138000", "张三·李", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r", "bell\u{07}nul\u{00}", "/slash/", "😀",
    ])
    func failureTextParsesToTheSameObject(value: String) throws {
        let failure = Failure(code: .phoneFormat, row: 42, column: "手机号", value: value, reason: "须为 11 位手机号")
        let text = RecordJSON.failureText(failure)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode(FailureSummary(failure)).utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == Set(expected.keys))
        #expect(text == (try JSONOutput.encode(FailureSummary(failure), pretty: false)))
        #expect(parsed["value"] as? String == value)
        #expect(parsed["row"] as? Int == 42)
        #expect(parsed["code"] as? String == "phone.format")
        #expect(parsed["column"] as? String == "手机号")
        #expect(parsed["message"] as? String == failure.message)
    }

    /// A report of many failures leaves in several pieces (not one write per failure) that
    /// join into one document holding every failure, in order, and the warnings.
    @Test func aLargeReportIsWrittenInPiecesThatParseWhole() throws {
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let record = ImportRecord(
            id: "R1", kind: "enrollments-certificate", fileName: "e.xlsx", sha256: "00", tenant: "S1", operatorName: "t", startedAt: date,
            finishedAt: date, total: 3000, succeeded: 0, failed: 3000, warnings: 1, status: .failed, failedRowsFile: "records/R1/f.xlsx",
            refusal: nil)
        let failures = (0..<3000).map {
            Failure(code: .nameMismatch, row: $0 + 2, column: "姓名", value: "张\($0)\"", reason: "与考生信息中该证件号码的姓名不一致")
        }
        let warning = Failure(code: .textTooLong, row: 9, column: "备注", value: "x", reason: "过长")
        var pieces: [String] = []
        try RecordJSON.write(
            ImportOutcome(record: record, failedRowsPath: "/root/records/R1/f.xlsx"),
            failures: { body in
                for (index, failure) in failures.enumerated() {
                    try body(failure, false)
                    if index == 10 { try body(warning, true) }
                }
            }, to: { pieces.append($0) })
        #expect(pieces.count > 2 && pieces.count < 100)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(pieces.joined().utf8)) as? [String: Any])
        let objects = try #require(parsed["failures"] as? [[String: Any]])
        #expect(objects.map { $0["row"] as? Int } == failures.map(\.row))
        #expect(objects.map { $0["value"] as? String } == failures.map(\.value))
        #expect((parsed["warningList"] as? [[String: Any]])?.map { $0["code"] as? String } == ["text.too-long"])
        #expect(parsed["failedRowsFile"] as? String == "/root/records/R1/f.xlsx")
    }
}
