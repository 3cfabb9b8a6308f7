import Domain
import Foundation
import TestSupport
import Testing

@testable import Render

/// The review site: an index of records, a page per record with its failed rows, escaped text.
@Suite struct ReviewSiteTests {
    static func record(_ id: String, failed: Int) -> ImportRecord {
        ImportRecord(
            id: id, kind: "candidates", fileName: "<考生>.xlsx", sha256: "", tenant: "S1", operatorName: "t",
            startedAt: Date(timeIntervalSince1970: 1_790_000_000), finishedAt: Date(timeIntervalSince1970: 1_790_000_001), total: 3,
            succeeded: 3 - failed, failed: failed, warnings: 0, status: failed == 0 ? .succeeded : .partial, failedRowsFile: nil,
            refusal: nil)
    }

    @Test func writesAnIndexAndAPagePerRecordWithEveryFailureEscaped() throws {
        try withTemporaryDirectory { directory in
            let failure = Failure(code: FailureCode("id.checksum"), row: 7, column: "证件号码", value: "<script>x</script>", reason: "校验位错误")
            try ReviewSite.write(
                [
                    ReviewRecord(
                        record: ReviewSiteTests.record("R1", failed: 1), failures: [failure], failureCount: 1,
                        countsByCode: [("id.checksum", 1)], failedRowsPath: nil),
                    ReviewRecord(
                        record: ReviewSiteTests.record("R2", failed: 0), failures: [], failureCount: 0, countsByCode: [],
                        failedRowsPath: nil),
                ], title: "S1 的导入记录", to: directory)
            let index = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
            #expect(index.contains("records/R1.html") && index.contains("records/R2.html") && index.contains("&lt;考生&gt;.xlsx"))
            #expect(index.contains("<svg") && index.contains("id.checksum") && index.contains("证件号码校验位错误"))
            // Kinds in Chinese, as the platform names them.
            #expect(index.contains(">考生信息</td>") && !index.contains(">candidates</td>"))
            let page = try String(contentsOfFile: directory + "/records/R1.html", encoding: .utf8)
            #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"))
            #expect(page.contains("校验位错误") && page.contains(">7<"))
            // Nothing is loaded from elsewhere: no external scripts, styles or images.
            #expect(!index.contains("src=\"http") && !index.contains("href=\"http"))
        }
    }
}
