import Domain
import Foundation
import Ingest
import SampleData
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

@Suite struct ImportJobTests {
    @Test func validRowsAreCommittedWithTheRecord() throws {
        let test = try TestRoot()
        let file = try test.workbook("ok.xlsx", rows: (1...20).map { TestRoot.row($0) })
        let outcome = try test.importCandidates(file)
        #expect(outcome.record.status == .succeeded)
        #expect(outcome.record.total == 20)
        #expect(outcome.record.succeeded == 20)
        #expect(outcome.failedRowsPath == nil)
        #expect(outcome.record.sha256.count == 64)
        let store = try test.store()
        #expect(try store.candidateCount(schoolCode: "S4101001") == 20)
        #expect(try store.record(id: outcome.record.id)?.total == 20)
        let candidate = try #require(try store.candidates(schoolCode: "S4101001").first)
        #expect(candidate.status == .noPhoto)
    }

    @Test func failedRowsWorkbookHoldsOriginalColumnsRowNumberAndEveryReason() throws {
        let test = try TestRoot()
        var rows = (1...6).map { TestRoot.row($0) }
        rows[2] = TestRoot.row(3, name: "张3", phone: "123")  // sheet row 5: two reasons
        rows[4][3] = "#410102200001011234"  // sheet row 7: number cell
        let file = try test.workbook("mixed.xlsx", rows: rows)
        let outcome = try test.importCandidates(file)
        #expect(outcome.record.status == .partial)
        #expect((outcome.record.succeeded, outcome.record.failed) == (4, 2))
        let failed = try readRows(try #require(outcome.failedRowsPath))
        #expect(failed.count == 3)  // header + 2
        #expect(failed[0][8] == "行号")
        #expect(failed[0][9] == "失败原因")
        #expect(failed[0][0] == "*姓名")
        #expect(failed[1][0] == "张3")
        #expect(failed[1][8] == "5")
        #expect(failed[1][9]?.contains("【姓名】") == true)
        #expect(failed[1][9]?.contains("【手机号】") == true)
        #expect(failed[2][8] == "7")
        #expect(failed[2][3] == "4.101022000010113e+17")
    }

    @Test func countsAlwaysAddUpOnALargeMixedFile() throws {
        let test = try TestRoot()
        let sample = try SampleData.generate(.init(directory: test.path("big"), candidates: 6000, badRatio: 0.2, seed: 7))
        let outcome = try test.importCandidates(sample.candidatesPath)
        let record = outcome.record
        #expect(record.total == 6000)
        #expect(record.succeeded + record.failed == record.total)
        #expect(record.failed == sample.badRows)
        let store = try test.store()
        #expect(try store.candidateCount(schoolCode: "S4101001") == record.succeeded)
        let failedRows = try readRows(try #require(outcome.failedRowsPath))
        #expect(failedRows.count - 1 == record.failed)
        var failuresByRow = Set<Int>()
        try store.forEachFailure(recordID: record.id) { failure, warning in
            if !warning { failuresByRow.insert(failure.row) }
        }
        #expect(failuresByRow.count == record.failed)
        let rowColumn = try #require(failedRows[0].first { $0.value == "行号" }?.key)
        #expect(Set(failedRows.dropFirst().compactMap { $0[rowColumn].flatMap(Int.init) }) == failuresByRow)
    }

    @Test func reimportingTheSameFileRefusesEveryRowAsExisting() throws {
        let test = try TestRoot()
        let file = try test.workbook("ok.xlsx", rows: (1...5).map { TestRoot.row($0) })
        _ = try test.importCandidates(file)
        let again = try test.importCandidates(file)
        #expect(again.record.status == .failed)
        #expect(again.record.failed == 5)
        var codes = Set<String>()
        try test.store().forEachFailure(recordID: again.record.id) { failure, _ in codes.insert(failure.code.rawValue) }
        #expect(codes == ["candidate.exists"])
    }

    @Test func anotherSchoolCannotRegisterTheSameID() throws {
        let test = try TestRoot()
        let file = try test.workbook("ok.xlsx", rows: [TestRoot.row(1)])
        _ = try test.importCandidates(file, school: "S4101001")
        let other = try test.importCandidates(file, school: "S4401002")
        #expect(other.record.failed == 1)
        #expect(try test.store().candidateCount(schoolCode: "S4401002") == 0)
    }

    @Test func dryRunReportsTheSameButChangesNothing() throws {
        let test = try TestRoot()
        var rows = (1...10).map { TestRoot.row($0) }
        rows[3][4] = "1"
        rows.append(TestRoot.row(2))  // duplicate of an earlier valid row
        let file = try test.workbook("dry.xlsx", rows: rows)
        let dry = try test.importCandidates(file, dryRun: true)
        #expect(dry.record.status == .dryRun)
        #expect((dry.record.total, dry.record.succeeded, dry.record.failed) == (11, 9, 2))
        let store = try test.store()
        #expect(try store.candidateCount(schoolCode: "S4101001") == 0)
        #expect(try store.record(id: dry.record.id) == nil)
        let real = try test.importCandidates(file)
        #expect((real.record.total, real.record.succeeded, real.record.failed) == (11, 9, 2))
    }

    @Test func fileLevelProblemsChangeNothing() throws {
        let test = try TestRoot()
        let missingColumn = try test.workbook(
            "missing.xlsx", rows: [TestRoot.row(1)], header: Array(TestRoot.header.dropLast(2)) + ["备注", "其他"])
        #expect(throws: KaowuError.self) { try test.importCandidates(missingColumn) }
        do { _ = try test.importCandidates(missingColumn) } catch let error as KaowuError {
            #expect(error.code == .fileMissingColumn)
            #expect(error.message.contains("专业层次"))
        }
        let empty = try test.workbook("empty.xlsx", rows: [])
        do {
            _ = try test.importCandidates(empty)
            Issue.record("an empty sheet must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .fileEmpty)
        }
        let wrong = try test.workbook("wrong.xlsx", rows: [["a", "b"]], header: ["甲", "乙"])
        do {
            _ = try test.importCandidates(wrong)
            Issue.record("a foreign table must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .fileWrongTemplate)
        }
        let store = try test.store()
        #expect(try tableCount(store, "candidates") == 0)
        #expect(try tableCount(store, "import_records") == 1)  // only the catalog's record
    }

    @Test func aFailureInTheMiddleRollsEverythingBack() throws {
        let test = try TestRoot()
        let file = try test.workbook("ok.xlsx", rows: (1...50).map { TestRoot.row($0) })
        let store = try test.store()
        struct Crash: Error {}
        /// Stores candidates like the real kind, then fails at row 30 (a disk error, a bug).
        struct CrashingKind: ImportKind {
            var inner: CandidateImport
            var schema: TableSchema { inner.schema }
            var makePreparer: @Sendable () -> Preparer<RowCells, CandidateDraft> { inner.makePreparer }
            mutating func validate(_ draft: CandidateDraft) throws -> Validated<CandidateDraft> { try inner.validate(draft) }
            mutating func apply(_ row: CandidateDraft) throws -> [Failure] {
                if row.candidate.idNumber == TestRoot.id(30) { throw Crash() }
                return try inner.apply(row)
            }
        }
        let rules = IDNumberRules(regions: try RegionTable.load(), clock: TestRoot.clock)
        #expect(throws: (any Error).self) {
            _ = try ImportJob.run(test.request(kind: "candidates", file: file, tenant: "S4101001"), root: test.root, store: store) {
                recordID in
                [
                    SheetPass(
                        CrashingKind(
                            inner: CandidateImport(
                                store: store, schoolCode: "S4101001", category: .school, mode: .create, recordID: recordID, idRules: rules))
                    )
                ]
            }
        }
        #expect(try tableCount(store, "candidates") == 0)
        #expect(try tableCount(store, "import_failures") == 0)
        #expect(try tableCount(store, "import_records") == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: test.root.recordsPath).filter { $0.hasPrefix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func updateChangesDetailsButNotTheLockedName() throws {
        let test = try TestRoot()
        _ = try test.importCandidates(try test.workbook("ok.xlsx", rows: [TestRoot.row(1), TestRoot.row(2)]))
        let store = try test.store()
        try store.connection.statement("UPDATE candidates SET status = 'verified' WHERE id_number = ?").bind([.text(TestRoot.id(2))]).run()
        let update = try test.workbook(
            "update.xlsx", rows: [TestRoot.row(1, name: "李四", phone: "13900139000"), TestRoot.row(2, name: "王五"), TestRoot.row(3)])
        let outcome = try test.importCandidates(update, mode: .update)
        #expect((outcome.record.succeeded, outcome.record.failed) == (1, 2))
        let candidates = Dictionary(uniqueKeysWithValues: try store.candidates(schoolCode: "S4101001").map { ($0.idNumber, $0) })
        #expect(candidates[TestRoot.id(1)]?.name == "李四")
        #expect(candidates[TestRoot.id(1)]?.mobile == "13900139000")
        #expect(candidates[TestRoot.id(2)]?.name == "张三")
        var codes: [String] = []
        try store.forEachFailure(recordID: outcome.record.id) { failure, _ in codes.append(failure.code.rawValue) }
        #expect(codes.sorted() == ["candidate.locked", "candidate.not-found"])
    }

    @Test func unknownSchoolIsRefused() throws {
        let test = try TestRoot()
        let file = try test.workbook("ok.xlsx", rows: [TestRoot.row(1)])
        do {
            _ = try test.importCandidates(file, school: "NOPE")
            Issue.record("unknown school must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .schoolNotFound)
        }
    }

    @Test func catalogWasImportedCompletely() throws {
        let test = try TestRoot()
        let counts = Dictionary(uniqueKeysWithValues: try test.store().catalogCounts().map { ($0.table, $0.count) })
        #expect(counts["schools"] == 3)
        #expect(counts["exam_plans"] == 1)
        #expect(counts["plan_sessions"] == 3)
        #expect(counts["site_allocations"] == 1)
    }

    @Test func templateIsReadableByTheImporter() throws {
        let test = try TestRoot()
        let template = test.path("template.xlsx")
        try TemplateWriter.write(.candidates, category: .school, to: template)
        let rows = try readRows(template)
        #expect(rows[1][3] == "*证件号码")
        do {
            _ = try test.importCandidates(template)
            Issue.record("an unfilled template has no data rows")
        } catch let error as KaowuError {
            #expect(error.code == .fileEmpty)
        }
    }

    @Test func sampleIsDeterministicForASeed() throws {
        let test = try TestRoot()
        let first = try SampleData.generate(.init(directory: test.path("a"), candidates: 300, badRatio: 0.1, seed: 42))
        let second = try SampleData.generate(.init(directory: test.path("b"), candidates: 300, badRatio: 0.1, seed: 42))
        #expect(try readRows(first.candidatesPath) == readRows(second.candidatesPath))
        #expect(first.badRows == second.badRows)
    }
}
