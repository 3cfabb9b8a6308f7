import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@testable import Pipeline

/// Runs the built `kaowu` binary and returns (exit status, stdout, stderr).
struct CLI {
    let directory: String

    static var binary: String {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kaowu").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Bundle.main.bundleURL.appendingPathComponent("kaowu").path
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

extension CLI {
    /// `sample --out s` with `candidates` rows, `init root` and the sample catalog imported: the
    /// data root most end-to-end tests start from.
    func catalogRoot(candidates: Int, extra: [String] = []) throws {
        #expect(try run(["sample", "--out", "s", "--candidates", "\(candidates)"] + extra).status == 0)
        #expect(try run(["init", "root"]).status == 0)
        #expect(try run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
    }
}

let now = "--now=2026-11-23T10:00:00+08:00"

@Suite(.serialized) struct CLITests {
    @Test func endToEndImportWithJSONAndFailedRows() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run(["sample", "--out", "s", "--candidates", "400", "--bad-ratio", "0.1", "--seed", "3"]).status == 0)
            #expect(try cli.run(["init", "root"]).status == 0)
            let catalog = try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now])
            #expect(catalog.status == 0, "\(catalog.err)")
            let result = try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json"])
            #expect(result.status == 3, "\(result.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            let total = try #require(json["total"] as? Int)
            let succeeded = try #require(json["succeeded"] as? Int)
            let failed = try #require(json["failed"] as? Int)
            #expect(total == 400)
            #expect(succeeded + failed == total)
            #expect(failed > 0)
            #expect(json["status"] as? String == "partial")
            #expect((json["record"] as? String)?.hasPrefix("R20261123-100000-") == true)
            let failures = try #require(json["failures"] as? [[String: Any]])
            let rows = Set(failures.compactMap { $0["row"] as? Int })
            #expect(rows.count == failed)
            #expect(rows.allSatisfy { $0 >= 3 && $0 <= 402 })  // sheet rows: data starts under the header on row 2
            for failure in failures {
                #expect(failure["code"] is String)
                #expect((failure["message"] as? String)?.hasPrefix("第") == true)
                #expect(failure["column"] is String)
                #expect(failure["value"] is String)
            }
            let failedRowsFile = try #require(json["failedRowsFile"] as? String)
            let reader = try XlsxReader(path: failedRowsFile)
            var count = 0
            var reasonsColumn: Int?
            var listedRows = Set<Int>()
            try reader.forEachRow(inSheet: reader.sheets[0].name) { row in
                count += 1
                if count == 1 {
                    reasonsColumn = row.cells.first { $0.value.text == "失败原因" }?.column
                    return
                }
                if let column = reasonsColumn, let number = row.cell(column - 1).flatMap({ Int($0.text) }) { listedRows.insert(number) }
                #expect(row.cell(reasonsColumn ?? 0)?.text.isEmpty == false)
            }
            #expect(count - 1 == failed)
            #expect(listedRows == rows)
        }
    }

    @Test func exitStatusesAndRefusals() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run([]).status == 2)
            #expect(try cli.run(["frobnicate"]).status == 2)
            #expect(try cli.run(["import", "candidates", "x.xlsx", "--root", "r", "--school", "S", "--bogus"]).status == 2)
            #expect(try cli.run(["import", "candidates", "x.xlsx", "--root", "r", "--school", "S", "--now", "yesterday"]).status == 2)
            try cli.run(["sample", "--out", "s", "--candidates", "50", "--bad-ratio", "0"])
            try cli.run(["init", "root"])
            try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now])
            let clean = try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now])
            #expect(clean.status == 0)
            #expect(clean.out.contains("成功 50"))
            try Data("not a workbook".utf8).write(to: URL(fileURLWithPath: directory + "/bad.xlsx"))
            let refused = try cli.run(["import", "candidates", "bad.xlsx", "--root", "root", "--school", "S4401002", now, "--json"])
            #expect(refused.status == 1)
            #expect(refused.err.contains("file.not-xlsx"))
            #expect(refused.err.contains("bad.xlsx"))
            let records = try cli.run(["records", "list", "--root", "root", "--json"])
            let list = try #require(try JSONSerialization.jsonObject(with: Data(records.out.utf8)) as? [[String: Any]])
            #expect(list.count == 2)  // catalog + the clean import; the refusal left nothing
        }
    }

    @Test func dryRunPrintsTheSameCountsAndKeepsTheStore() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.run(["sample", "--out", "s", "--candidates", "120", "--bad-ratio", "0.2", "--seed", "9"])
            try cli.run(["init", "root"])
            try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now])
            let arguments = ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json"]
            let dry = try cli.run(arguments + ["--dry-run"])
            let real = try cli.run(arguments)
            let dryJSON = try #require(try JSONSerialization.jsonObject(with: Data(dry.out.utf8)) as? [String: Any])
            let realJSON = try #require(try JSONSerialization.jsonObject(with: Data(real.out.utf8)) as? [String: Any])
            #expect(dryJSON["status"] as? String == "dryRun")
            for key in ["total", "succeeded", "failed"] {
                #expect(dryJSON[key] as? Int == realJSON[key] as? Int)
            }
            #expect((dryJSON["failures"] as? [Any])?.count == (realJSON["failures"] as? [Any])?.count)
        }
    }

    @Test func inspectShowsTypesAndTheHeaderMapping() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.run(["template", "candidates", "-o", "t.xlsx"])
            let result = try cli.run(["inspect", "t.xlsx", "--kind", "candidates", "--json"])
            #expect(result.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            #expect((json["sheets"] as? [[String: String]])?.first?["state"] == "visible")
            let header = try #require(json["header"] as? [String: Any])
            #expect(header["row"] as? Int == 2)
            #expect((header["missingRequired"] as? [String])?.isEmpty == true)
            let rows = try #require(json["rows"] as? [[String: Any]])
            let cells = try #require(rows[1]["cells"] as? [[String: String]])
            #expect(cells[0]["ref"] == "A2")
            #expect(cells[0]["type"] == "string")
            #expect(cells[0]["value"] == "*姓名")
            let broken = try cli.run(["inspect", "nothing.xlsx"])
            #expect(broken.status == 1)
        }
    }

    @Test func templateListsKindsAndWritesDropDowns() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let list = try cli.run(["template"])
            // Later kinds (sites, rooms, enrollments, …) follow the first three.
            let kinds = list.out.split(separator: "\n").map { $0.split(separator: "\t")[0] }
            #expect(kinds.prefix(3) == ["candidates", "candidates-update", "catalog"])
            #expect(try cli.run(["template", "candidates", "-o", "t.xlsx"]).status == 0)
            let sheet = try String(decoding: unzipEntry(directory + "/t.xlsx", "xl/worksheets/sheet1.xml"), as: UTF8.self)
            #expect(sheet.contains("<dataValidation"))
            #expect(sheet.contains("居民身份证"))
            let styles = try String(decoding: unzipEntry(directory + "/t.xlsx", "xl/styles.xml"), as: UTF8.self)
            #expect(styles.contains("formatCode=\"@\""))
        }
    }

    @Test func recordsShowAndFailedRowsDownload() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.run(["sample", "--out", "s", "--candidates", "60", "--bad-ratio", "0.3", "--seed", "5"])
            try cli.run(["init", "root"])
            try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now])
            let result = try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            let id = try #require(json["record"] as? String)
            let shown = try cli.run(["records", "show", id, "--root", "root", "--json"])
            let shownJSON = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
            #expect(shownJSON["failed"] as? Int == json["failed"] as? Int)
            #expect(try cli.run(["records", "failed-rows", id, "--root", "root", "-o", "mine.xlsx"]).status == 0)
            #expect(FileManager.default.fileExists(atPath: directory + "/mine.xlsx"))
            #expect(try cli.run(["records", "show", id, "--root", "root", "--school", "S4401002"]).status == 1)
        }
    }
}

/// Atomicity against the hardest stop: SIGKILL while the import runs.
@Suite struct KillTests {
    @Test func aKilledImportLeavesAllOrNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.run(["sample", "--out", "s", "--candidates", "30000", "--seed", "11"])
            try cli.run(["init", "root"])
            try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now])
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.arguments = ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 0.3)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try DataRoot(path: directory + "/root").openStore()
            let records = try store.records(tenant: "S4101001", limit: 10)
            let candidates = try tableCount(store, "candidates")
            if let record = records.first {
                // The kill came after the commit: everything is there.
                #expect(records.count == 1)
                #expect(record.total == 30_000)
                #expect(candidates == record.succeeded)
            } else {
                #expect(candidates == 0)
                #expect(try tableCount(store, "import_failures") == 0)
            }
        }
    }
}

/// Reads one entry of a zip with the project's own reader (no unzip binary needed).
func unzipEntry(_ path: String, _ name: String) throws -> [UInt8] {
    let archive = try ZipArchive(path: path, limits: .workbook)
    guard let index = archive.index(of: name) else { throw CocoaError(.fileNoSuchFile) }
    return try archive.data(entryAt: index, maxBytes: 10 << 20)
}
