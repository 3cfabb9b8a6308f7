import Domain
import Foundation
import TestSupport
import Testing

@testable import Store

#if canImport(Glibc)
    import Glibc
#endif

/// What is committed is what is reported: the real binary is killed (SIGKILL) at spread-out
/// instants of an import, around its commit; after each kill the next command's sweep must leave
/// either no trace of the import or its committed record with every file the record names, the
/// stored candidates matching the records, and no temporary or lock file behind.
@Suite(.serialized) struct KillAroundCommitCLITests {
    static let kills = 60

    @Test func everyKillLeavesAllOrNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 3000, extra: ["--bad-ratio", "0.1"])
            let arguments = ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now]

            // One full run (then rolled back by a fresh root) gives the import's duration.
            let timed = ContinuousClock.now
            #expect(try cli.run(arguments + ["--dry-run"]).status == 3)
            let elapsed = timed.duration(to: .now)
            let duration = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

            var random = SeededRandom(seed: 7)
            var committed = 0
            for round in 0..<KillAroundCommitCLITests.kills {
                // Spread over the whole run, weighted toward its end, where the commit is.
                let fraction = 0.2 + Double(random.next(1000)) / 1000 * 1.0
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = arguments
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(duration * fraction * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if process.terminationReason == .exit { committed += 1 }
                try KillAroundCommitCLITests.checkInvariant(cli, directory: directory, after: round)
            }
            let last = try cli.run(arguments)
            #expect([0, 3].contains(last.status), "\(last.err)")
            try KillAroundCommitCLITests.checkInvariant(cli, directory: directory, after: KillAroundCommitCLITests.kills)
            // Most kills must have landed inside the import, not after it finished.
            #expect(committed < KillAroundCommitCLITests.kills / 2, "only \(KillAroundCommitCLITests.kills - committed) kills landed")
        }
    }

    /// A kill after the commit but before the staged files were renamed leaves a staging
    /// directory whose record exists; the next command moves it into place, and removes a
    /// staging directory whose record never committed.
    @Test func committedStagingIsRolledForwardAndOrphanStagingRemoved() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 50, extra: ["--bad-ratio", "0.2"])
            let imported = try cli.run([
                "import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json",
            ])
            #expect(imported.status == 3, "\(imported.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(imported.out.utf8)) as? [String: Any])
            let id = try #require(object["record"] as? String)
            let records = directory + "/root/records/"
            try FileManager.default.moveItem(atPath: records + id, toPath: records + ".tmp-" + id + ".d")
            let orphan = "R20261123-100000-00000000"
            try FileManager.default.createDirectory(atPath: records + ".tmp-" + orphan + ".d", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: records + ".tmp-" + orphan + ".d/result.json", contents: Data("{}".utf8))

            try KillAroundCommitCLITests.checkInvariant(cli, directory: directory, after: 0)
            #expect(FileManager.default.fileExists(atPath: records + id + "/failed-rows.xlsx"))
            #expect(!FileManager.default.fileExists(atPath: records + ".tmp-" + orphan + ".d"))
        }
    }

    /// Opens the root through the CLI (which sweeps), then checks records, files and rows agree.
    static func checkInvariant(_ cli: CLI, directory: String, after kill: Int) throws {
        let listed = try cli.run(["records", "list", "--root", "root", "--json"])
        #expect(listed.status == 0, "kill \(kill): \(listed.err)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        let candidates = records.filter { $0["kind"] as? String == "candidates" }
        let root = directory + "/root"
        for record in candidates {
            let id = try #require(record["record"] as? String)
            #expect(FileManager.default.fileExists(atPath: "\(root)/records/\(id)/result.json"), "kill \(kill): \(id) has no result.json")
            if let failedRows = record["failedRowsFile"] as? String {
                #expect(FileManager.default.fileExists(atPath: "\(root)/\(failedRows)"), "kill \(kill): \(id) lost its failed rows")
            }
        }
        let store = try Store(path: root + "/kaowu.sqlite")
        let stored = try store.connection.statement("SELECT count(*) FROM candidates").first { $0.integer(0) ?? 0 } ?? 0
        let reported = candidates.reduce(0) { $0 + ($1["succeeded"] as? Int ?? 0) }
        #expect(Int(stored) == reported, "kill \(kill): \(stored) candidates stored, records report \(reported)")
        let ids = Set(records.compactMap { $0["record"] as? String })
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/records") where name != "dry-run" {
            #expect(ids.contains(name), "kill \(kill): leftover \(name) in records/")
        }
    }
}
