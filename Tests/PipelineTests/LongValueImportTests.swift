import Domain
import Foundation
import Ingest
import TestSupport
import Testing

@testable import Pipeline

/// A value that is merely long fails its own row; the failed-rows workbook quotes it cut short
/// (issue 13: one such cell used to refuse the whole file, its reason being too long to write).
@Suite struct LongValueImportTests {
    @Test(arguments: [300, 32_767])
    func longNameFailsItsRowOnly(length: Int) throws {
        let test = try TestRoot()
        var rows = (1...3).map { TestRoot.row($0) }
        rows[1][0] = String(repeating: "张", count: length)
        rows[1][5] = String(repeating: "专", count: length)
        let file = try test.workbook("long.xlsx", rows: rows)
        let outcome = try test.importCandidates(file)
        #expect((outcome.record.succeeded, outcome.record.failed) == (2, 1))
        let failed = try readRows(try #require(outcome.failedRowsPath))
        #expect(failed.count == 2)
        let reasons = try #require(failed[1][9])
        #expect(reasons.contains("值“" + String(repeating: "张", count: 50) + "…”"))
        #expect(reasons.count < 1_000)
        #expect(failed[1][0]?.count == length)
    }
}
