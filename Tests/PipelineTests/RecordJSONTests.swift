import Domain
import Foundation
import Testing

@testable import Pipeline

/// The hand-written failure objects of `--json` must parse to exactly what
/// `RecordJSON.failure` describes, whatever a cell held.
@Suite struct RecordJSONTests {
    @Test(arguments: [
        "13800138000", "张三·李", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r", "bell\u{07}nul\u{00}", "/slash/", "😀",
    ])
    func failureTextParsesToTheSameObject(value: String) throws {
        let failure = Failure(code: .phoneFormat, row: 42, column: "手机号", value: value, reason: "须为 11 位手机号")
        let text = RecordJSON.failureText(failure)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let expected = RecordJSON.failure(failure)
        #expect(Set(parsed.keys) == Set(expected.keys))
        #expect(parsed["value"] as? String == value)
        #expect(parsed["row"] as? Int == 42)
        #expect(parsed["code"] as? String == "phone.format")
        #expect(parsed["column"] as? String == "手机号")
        #expect(parsed["message"] as? String == failure.message)
    }
}
