import Domain
import Foundation
import Ingest
import SampleData
import Store
import TestSupport
import Testing

@testable import Pipeline

/// `Exports.candidates`: the stored candidates of a school, filtered, back out as a workbook.
@Suite struct ExportTests {
    static let school = "S4101001"
    static let header = ["姓名", "姓名拼音", "证件类型", "证件号码", "手机号", "就读专业", "专业层次", "入学年份", "工作单位", "考生类别", "信息状态"]

    /// A root with the sample catalog and 300 sample candidates of `school`, a third of them
    /// made 信息准确 and every fifth a 社会考生 with an employer, so each filter selects a real subset.
    func populatedRoot() throws -> TestRoot {
        let test = try TestRoot()
        let sample = try SampleData.generate(.init(directory: test.path("sample300"), candidates: 300, badRatio: 0, seed: 7))
        let outcome = try test.importCandidates(sample.candidatesPath, school: ExportTests.school)
        #expect(outcome.record.succeeded == 300)
        let store = try test.store()
        try store.connection.execute("UPDATE candidates SET status = 'verified' WHERE rowid % 3 = 0")
        try store.connection.execute("UPDATE candidates SET category = 'social', employer = '某某科技有限公司' WHERE rowid % 5 = 0")
        return test
    }

    func storedIDs(_ store: Store, where filter: String) throws -> [String] {
        try store.connection.statement("SELECT id_number FROM candidates WHERE \(filter) ORDER BY status, rowid").rows {
            $0.text(0) ?? ""
        }
    }

    @Test(arguments: [
        (CandidateStatus?.none, CandidateCategory?.none, "school_code = 'S4101001'"),
        (.verified, nil, "school_code = 'S4101001' AND status = 'verified'"),
        (nil, .social, "school_code = 'S4101001' AND category = 'social'"),
        (.noPhoto, .school, "school_code = 'S4101001' AND status = 'noPhoto' AND category = 'school'"),
    ])
    func exportsExactlyTheFilteredCandidatesInIDOrder(status: CandidateStatus?, category: CandidateCategory?, filter: String) throws {
        let test = try populatedRoot()
        let output = test.path("考生导出.xlsx")
        let count = try Exports.candidates(
            root: test.root, schoolCode: ExportTests.school, status: status, category: category, output: output)
        let store = try test.store()
        let expectedIDs = try storedIDs(store, where: filter)
        #expect(count == expectedIDs.count)
        #expect(count == (try store.candidateCount(schoolCode: ExportTests.school, status: status, category: category)))
        #expect(count > 0 && count < 300 || (status == nil && category == nil && count == 300))

        let rows = try readCells(output)
        #expect(rows.count == count + 1)
        #expect(rows.first.map { row in (0..<ExportTests.header.count).map { row[$0]?.text ?? "" } } == ExportTests.header)
        #expect(rows.dropFirst().map { $0[3]?.text ?? "" } == expectedIDs)
        for row in rows.dropFirst() {
            #expect(row[3]?.type == .string)
            #expect(row[4]?.type == .string)
            #expect(row[4]?.text.count == 11)
            #expect(row[7]?.type == .number)
            if let status { #expect(row[10]?.text == status.label) }
            if let category { #expect(row[9]?.text == category.label) }
        }
    }

    @Test func cellsCarryTheStoredValuesAsChineseLabels() throws {
        let test = try populatedRoot()
        let output = test.path("out.xlsx")
        _ = try Exports.candidates(root: test.root, schoolCode: ExportTests.school, status: nil, category: .social, output: output)
        let rows = try readCells(output)
        let first = try #require(rows.dropFirst().first)
        let id = try #require(first[3]?.text)
        let stored = try #require(
            try test.store().connection.statement(
                "SELECT name, pinyin, mobile, major, major_level, entrance_year, status FROM candidates WHERE id_number = ?"
            ).bind([.text(id)]).first { row in
                (0..<7).map { row.text($0) ?? "" }
            })
        #expect(first[0]?.text == stored[0])
        #expect(first[1]?.text == stored[1])
        #expect(first[2]?.text == IDType.residentID.label)
        #expect(first[4]?.text == stored[2])
        #expect(first[5]?.text == stored[3])
        #expect(first[6]?.text == MajorLevel(rawValue: stored[4])?.label)
        #expect(first[7]?.text == stored[5])
        #expect(first[8]?.text == "某某科技有限公司")
        #expect(first[9]?.text == CandidateCategory.social.label)
        #expect(first[10]?.text == CandidateStatus(rawValue: stored[6])?.label)
    }

    @Test func anEmptyResultIsAHeaderOnlyWorkbook() throws {
        let test = try TestRoot()
        let output = test.path("empty.xlsx")
        #expect(try Exports.candidates(root: test.root, schoolCode: "S4401002", status: nil, category: nil, output: output) == 0)
        #expect(try readCells(output).count == 1)
    }

    @Test func refusalsLeaveNoFile() throws {
        let test = try TestRoot()
        let unknown = test.path("unknown.xlsx")
        let error = try #require(throws: KaowuError.self) {
            try Exports.candidates(root: test.root, schoolCode: "S0000000", status: nil, category: nil, output: unknown)
        }
        #expect(error.code == .schoolNotFound)
        #expect(!FileManager.default.fileExists(atPath: unknown))

        let missingFolder = test.path("no-such-folder/out.xlsx")
        let folderError = try #require(throws: KaowuError.self) {
            try Exports.candidates(root: test.root, schoolCode: ExportTests.school, status: nil, category: nil, output: missingFolder)
        }
        #expect(folderError.code == .outputNoDirectory)

        let directoryError = try #require(throws: KaowuError.self) {
            try Exports.candidates(root: test.root, schoolCode: ExportTests.school, status: nil, category: nil, output: test.directory)
        }
        #expect(directoryError.code == .outputNotAFile)
    }

    @Test func aFailedExportKeepsThePreviousFileAndLeavesNoTemporary() throws {
        let test = try populatedRoot()
        let folder = test.path("exports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let output = folder + "/考生.xlsx"
        #expect(try Exports.candidates(root: test.root, schoolCode: ExportTests.school, status: nil, category: nil, output: output) == 300)
        let before = try Data(contentsOf: URL(fileURLWithPath: output))

        // A candidate whose stored name is too long for an Excel cell fails the write midway.
        try test.store().connection.execute(
            "UPDATE candidates SET name = '\(String(repeating: "长", count: 40_000))' WHERE rowid = (SELECT max(rowid) FROM candidates)")
        let error = try #require(throws: KaowuError.self) {
            try Exports.candidates(root: test.root, schoolCode: ExportTests.school, status: nil, category: nil, output: output)
        }
        #expect(error.code == .exportWrite)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["考生.xlsx"])
    }
}
