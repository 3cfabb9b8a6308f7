import Domain
import Foundation
import Ingest
import Render
import SampleData
import Store
import TestSupport
import Testing

@testable import Pipeline

/// A fresh data root with the sample catalog imported, removed when the test ends.
final class TestRoot {
    let directory: String
    let root: DataRoot
    static let clock = Clock.parse("2026-11-23T10:00:00+08:00")!

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaowu-test-\(UUID().uuidString)").path
        root = try DataRoot.initialize(at: directory + "/root")
        let sample = try SampleData.generate(.init(directory: directory + "/sample", candidates: 0, badRatio: 0, seed: 1))
        _ = try Imports.catalog(request(kind: "catalog", file: sample.catalogPath, tenant: "operator"), root: root)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func request(kind: String, file: String, tenant: String, dryRun: Bool = false) -> ImportRequest {
        ImportRequest(kind: kind, file: file, tenant: tenant, operatorName: "test", clock: TestRoot.clock, dryRun: dryRun)
    }

    func importCandidates(_ file: String, school: String = "S4101001", mode: CandidateImportModeName = .create, dryRun: Bool = false) throws
        -> ImportOutcome
    {
        try Imports.candidates(
            request(kind: mode == .create ? "candidates" : "candidates-update", file: file, tenant: school, dryRun: dryRun),
            root: root, schoolCode: school, category: .school, mode: mode == .create ? .create : .update)
    }

    func store() throws -> Store { try root.openStore() }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Writes a candidates workbook: instructions row, header row, then `rows`.
    func workbook(_ name: String, rows: [[String]], header: [String] = TestRoot.header) throws -> String {
        let file = path(name)
        let writer = try XlsxWorkbookWriter(path: file)
        let sheet = try writer.addSheet(named: "考生信息")
        try sheet.write("填写说明", row: 0, column: 0)
        for (column, text) in header.enumerated() { try sheet.write(text, row: 1, column: column) }
        for (index, row) in rows.enumerated() {
            for (column, text) in row.enumerated() where !text.isEmpty {
                if text.hasPrefix("#"), let number = Double(text.dropFirst()) {
                    try sheet.write(number, row: index + 2, column: column)
                } else {
                    try sheet.write(text, row: index + 2, column: column)
                }
            }
        }
        try writer.close()
        return file
    }

    static let header = ["*姓名", "*姓名拼音", "*证件类型", "*证件号码", "*手机号", "*就读专业", "*专业层次", "*入学年份"]

    static func id(_ sequence: Int, birth: String = "20000101") -> String {
        let first17 = "410102" + birth + String(format: "%03d", sequence % 1000)
        return first17 + String(TestIDNumber.checkCharacter(first17))
    }

    static func row(_ sequence: Int, name: String = "张三", phone: String = "13800138000") -> [String] {
        [name, "zhang san", "居民身份证", id(sequence), phone, "软件技术", "高职专科", "#2024"]
    }
}

enum CandidateImportModeName { case create, update }

extension TestRoot {
    /// The failure codes of an import's record, by row (warnings left out).
    func failureCodes(_ outcome: ImportOutcome) throws -> [Int: [String]] {
        var byRow: [Int: [String]] = [:]
        try store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if !warning { byRow[failure.row, default: []].append(failure.code.rawValue) }
        }
        return byRow
    }
}
