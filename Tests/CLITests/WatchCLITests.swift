import Domain
import Foundation
import Store
import TestSupport
import Testing

/// `kaowu watch` on the real binary: drop folders per tenant, results beside the files,
/// exactly once, bad files never stopping it, SIGKILL at any instant, two watchers at once.
@Suite(.serialized) struct WatchCLITests {
    static let folder = "root/drop/schools/S4101001/candidates"

    /// The sample's catalog imported (which creates the drop folders) and `count` candidate
    /// workbooks of 20 rows each written beside the root, each with other candidates.
    static func prepared(_ cli: CLI, files count: Int = 0, rows: Int = 20) throws -> [String] {
        #expect(try cli.run(["sample", "--out", "s", "--candidates", "20", "--bad-ratio", "0"]).status == 0)
        #expect(try cli.run(["init", "root"]).status == 0)
        #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
        var files: [String] = []
        for index in 0..<count {
            let name = "batch-\(String(format: "%03d", index)).xlsx"
            #expect(
                try cli.run(["sample", "--out", "b\(index)", "--candidates", "\(rows)", "--bad-ratio", "0", "--seed", "\(100 + index)"])
                    .status == 0)
            try FileManager.default.moveItem(atPath: cli.directory + "/b\(index)/candidates.xlsx", toPath: cli.directory + "/s/" + name)
            files.append(name)
        }
        return files
    }

    static func watch(_ cli: CLI, quiet: String = "0") throws -> (status: Int32, events: [[String: Any]], err: String) {
        let result = try cli.run(["watch", "root", "--once", "--quiet", quiet])
        let events = result.out.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (result.status, events, result.err)
    }

    static func schoolName(_ store: Store, _ code: String) throws -> String {
        try store.connection.statement("SELECT name FROM schools WHERE code = ?").bind(1, code).first { try $0.string(0) } ?? code
    }

    static func names(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func importsDroppedFilesForTheFoldersTenantOnceEach() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let base = directory + "/" + WatchCLITests.folder
            #expect(FileManager.default.fileExists(atPath: directory + "/root/drop/orgs/ORG001/schedule"))
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: base + "/考生.xlsx")
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: base + "/copy.xlsx.part")
            FileManager.default.createFile(atPath: base + "/notes.txt", contents: Data("not a workbook".utf8))
            let first = try WatchCLITests.watch(cli)
            #expect(first.status == 0, "\(first.err)")
            #expect(WatchCLITests.names(base + "/done") == ["考生.result.json", "考生.xlsx"])
            #expect(WatchCLITests.names(base + "/failed") == ["notes.result.json", "notes.txt"])
            #expect(WatchCLITests.names(base) == ["copy.xlsx.part", "done", "failed", "processing"])
            let result = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base + "/done/考生.result.json")))
                    as? [String: Any])
            #expect(result["succeeded"] as? Int == 20 && result["kind"] as? String == "candidates")
            let refusal = String(decoding: try Data(contentsOf: URL(fileURLWithPath: base + "/failed/notes.result.json")), as: UTF8.self)
            #expect(refusal.contains("file.not-xlsx"), "\(refusal)")
            #expect(first.events.contains { $0["event"] as? String == "done" && $0["tenant"] as? String == "S4101001" })
            // The school's review site shows the new record, and only the school's records.
            let review = try String(contentsOfFile: directory + "/root/review/S4101001/index.html", encoding: .utf8)
            #expect(review.contains("考生.xlsx") && !review.contains("catalog"))
            let site = try cli.run(["records", "html", "--root", "root", "--school", "S4101001", "-o", "site"])
            #expect(site.status == 0, "\(site.err)")
            #expect(FileManager.default.fileExists(atPath: directory + "/site/index.html"))
            #expect(try cli.run(["records", "html", "--root", "root", "-o", "root/site"]).err.contains("[output.inside-root]"))

            // The finished .part copy (same bytes) is not imported again, and says which record holds them.
            try FileManager.default.moveItem(atPath: base + "/copy.xlsx.part", toPath: base + "/copy.xlsx")
            let second = try WatchCLITests.watch(cli)
            #expect(second.events.contains { $0["event"] as? String == "duplicate" })
            let duplicate = String(decoding: try Data(contentsOf: URL(fileURLWithPath: base + "/failed/copy.result.json")), as: UTF8.self)
            #expect(duplicate.contains(result["record"] as? String ?? "?"), "\(duplicate)")

            // The same name again (other candidates) gets a name of its own in done/.
            #expect(try cli.run(["sample", "--out", "t", "--candidates", "20", "--bad-ratio", "0", "--seed", "77"]).status == 0)
            try FileManager.default.copyItem(atPath: directory + "/t/candidates.xlsx", toPath: base + "/考生.xlsx")
            _ = try WatchCLITests.watch(cli)
            #expect(WatchCLITests.names(base + "/done").contains("考生 (2).xlsx"), "\(WatchCLITests.names(base + "/done"))")

            // The folder decides the tenant: the same workbook in another school's folder is that school's.
            let other = directory + "/root/drop/schools/S4401002/candidates"
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: other + "/mine.xlsx")
            _ = try WatchCLITests.watch(cli)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let schools = try store.connection.statement("SELECT school_code, count(*) FROM candidates GROUP BY 1 ORDER BY 1").rows {
                "\(try $0.string(0)):\(try $0.int(1))"
            }
            // The IDs belong to S4101001 already: S4401002's copy is refused row by row, never moved over.
            #expect(schools.count == 1 && schools[0].hasPrefix("S4101001:"), "\(schools)")
            #expect(WatchCLITests.names(other + "/done").contains("mine.xlsx"))
            // Refused without naming who holds the IDs (MISSION.md: "refused without naming it").
            let refused = try readRows(other + "/done/mine.failed.xlsx").flatMap(\.values).joined(separator: " ")
            let holder = try WatchCLITests.schoolName(store, "S4101001")
            #expect(!refused.isEmpty && !refused.contains("S4101001") && !refused.contains(holder))

            // An update naming S4101001's candidates from S4401002's folder reads as "no such
            // candidate", exactly as for IDs nobody registered, and changes nothing of theirs.
            let before = try store.connection.statement("SELECT group_concat(name || mobile, ',') FROM candidates").first { try $0.string(0) }
            let update = directory + "/root/drop/schools/S4401002/candidates-update"
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: update + "/theirs.xlsx")
            #expect(try cli.run(["sample", "--out", "u", "--candidates", "20", "--bad-ratio", "0", "--seed", "91"]).status == 0)
            try FileManager.default.copyItem(atPath: directory + "/u/candidates.xlsx", toPath: update + "/nobodys.xlsx")
            _ = try WatchCLITests.watch(cli)
            let theirs = try readRows(update + "/done/theirs.failed.xlsx").dropFirst()
            let nobodys = try readRows(update + "/done/nobodys.failed.xlsx").dropFirst()
            func reasons(_ rows: ArraySlice<[Int: String]>) -> Set<String> {
                Set(rows.map { row in (row[row.keys.max() ?? 0] ?? "").replacingOccurrences(of: #"\d{17}[\dX]"#, with: "ID", options: .regularExpression) })
            }
            #expect(theirs.count == 20 && reasons(theirs) == reasons(nobodys), "\(reasons(theirs)) vs \(reasons(nobodys))")
            #expect(try store.connection.statement("SELECT group_concat(name || mobile, ',') FROM candidates").first { try $0.string(0) } == before)
        }
    }

    @Test func theQuietPeriodIsObservedByTheWatcher() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let base = directory + "/" + WatchCLITests.folder
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: base + "/old.xlsx")
            // An old modification time (as a copy from Windows keeps) does not make it complete.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: base + "/old.xlsx")
            let started = Date()
            let run = try WatchCLITests.watch(cli, quiet: "1")
            #expect(Date().timeIntervalSince(started) >= 1)
            #expect(run.events.contains { $0["event"] as? String == "done" }, "\(run.err)")
        }
    }

    /// SIGKILL at 50 instants while a burst of files is imported; after every restart no file
    /// is lost or imported twice, and the candidates stored are exactly the records' rows.
    @Test func aKilledWatcherNeverHalfImportsOrDoublesAFile() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let files = try WatchCLITests.prepared(cli, files: 8, rows: 3000)
            let base = directory + "/" + WatchCLITests.folder
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            func check() throws {
                // Every import record belongs to exactly one file marked done, and the candidates
                // stored are exactly the rows those records report.
                let done =
                    try store.connection.statement("SELECT count(*) FROM drop_files WHERE state = 'done'").first { try $0.int(0) } ?? 0
                let records =
                    try store.connection.statement(
                        "SELECT count(*) FROM import_records WHERE kind = 'candidates'"
                    ).first { try $0.int(0) } ?? 0
                let orphans =
                    try store.connection.statement(
                        "SELECT count(*) FROM import_records r WHERE kind = 'candidates' AND NOT EXISTS (SELECT 1 FROM drop_files d WHERE d.record_id = r.id AND d.state = 'done')"
                    ).first { try $0.int(0) } ?? 0
                let stored = try store.connection.statement("SELECT count(*) FROM candidates").first { try $0.int(0) } ?? 0
                let recorded =
                    try store.connection.statement(
                        "SELECT coalesce(sum(succeeded), 0) FROM import_records WHERE kind = 'candidates'"
                    ).first { try $0.int(0) } ?? 0
                #expect(
                    stored == recorded && records == done && orphans == 0,
                    "\(stored) stored, \(recorded) recorded, \(records) records, \(done) done")
                let everywhere = WatchCLITests.names(base) + WatchCLITests.names(base + "/processing") + WatchCLITests.names(base + "/done")
                for file in files { #expect(everywhere.filter { $0 == file }.count <= 1, "\(file) twice") }
            }
            var random = SeededRandom(seed: 11)
            var dropped = 0
            var midway = 0  // kills that left a file in processing/
            for round in 0..<50 {
                // A new file every few rounds, so kills land on different stages.
                if round % 6 == 0, dropped < files.count {
                    try FileManager.default.copyItem(atPath: directory + "/s/" + files[dropped], toPath: base + "/" + files[dropped])
                    dropped += 1
                }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["watch", "root", "--once", "--quiet", "0"]
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(20_000 + random.next(250) * 1_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if !WatchCLITests.names(base + "/processing").isEmpty { midway += 1 }
                try check()
            }
            #expect(midway >= 5, "only \(midway) kills landed while a file was being imported")
            #expect(try WatchCLITests.watch(cli).status == 0)
            try check()
            #expect(WatchCLITests.names(base + "/done").filter { $0.hasSuffix(".xlsx") && !$0.hasSuffix(".failed.xlsx") } == files)
            #expect(WatchCLITests.names(base + "/processing").isEmpty && WatchCLITests.names(base + "/failed").isEmpty)
        }
    }

    /// Two watchers on one root share a burst: every file imported exactly once.
    @Test func twoWatchersShareTheWorkWithoutDoingAnythingTwice() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let files = try WatchCLITests.prepared(cli, files: 12)
            let base = directory + "/" + WatchCLITests.folder
            for file in files { try FileManager.default.copyItem(atPath: directory + "/s/" + file, toPath: base + "/" + file) }
            let watchers = (0..<2).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["watch", "root", "--once", "--quiet", "0", "--workers", "2"]
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in watchers { try process.run() }
            for process in watchers { process.waitUntilExit() }
            #expect(watchers.allSatisfy { $0.terminationStatus == 0 })
            _ = try WatchCLITests.watch(cli)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            #expect(
                try store.connection.statement("SELECT count(*) FROM import_records WHERE kind = 'candidates'").first { try $0.int(0) }
                    == 12)
            #expect(try store.connection.statement("SELECT count(*) FROM drop_files WHERE state = 'done'").first { try $0.int(0) } == 12)
            let stored = try store.connection.statement("SELECT count(*) FROM candidates").first { try $0.int(0) }
            let recorded = try store.connection.statement("SELECT sum(succeeded) FROM import_records WHERE kind = 'candidates'").first {
                try $0.int(0)
            }
            #expect(stored == recorded)
            #expect(WatchCLITests.names(base + "/done").filter { $0.hasSuffix(".xlsx") && !$0.hasSuffix(".failed.xlsx") } == files)
        }
    }

    @Test func idNumbersInFileNamesAreMaskedInTheLog() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let photos = directory + "/root/drop/schools/S4101001/photos"
            FileManager.default.createFile(atPath: photos + "/41010119900307123X.jpg", contents: Data("x".utf8))
            let run = try cli.run(["watch", "root", "--once", "--quiet", "0"])
            #expect(!run.out.contains("41010119900307123X") && run.out.contains("4101**********123X"), "\(run.out)")
        }
    }
}

/// `kaowu records list` narrowed by tenant, kind, status and start time.
@Suite struct RecordFilterCLITests {
    @Test func listsOnlyTheRecordsAskedFor() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            #expect(try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now]).status == 0)
            #expect(
                try cli.run([
                    "import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001",
                    "--now=2026-12-01T10:00:00+08:00",
                ]).status == 3)
            func list(_ extra: [String]) throws -> [[String: Any]] {
                let result = try cli.run(["records", "list", "--root", "root", "--json"] + extra)
                #expect(result.status == 0, "\(result.err)")
                return (try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]) ?? []
            }
            #expect(try list([]).count == 3)  // the catalog and the two imports
            #expect(try list(["--kind", "candidates"]).count == 2)
            #expect(try list(["--kind", "candidates", "--status", "failed"]).count == 1)
            #expect(try list(["--status", "全部失败"]).count == 1)
            #expect(try list(["--since", "2026-11-30"]).count == 1)
            #expect(try list(["--school", "S4401002"]).isEmpty)
            #expect(try cli.run(["records", "list", "--root", "root", "--status", "maybe"]).status == 2)
        }
    }
}

/// The watcher as a service: running until SIGTERM, woken by files arriving, a burst of 500
/// files, a store locked by another process for a while.
@Suite(.serialized) struct WatchServiceCLITests {
    static func start(_ directory: String, _ extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["watch", "root", "--quiet", "0.3"] + extra
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test func runsUntilSIGTERMTakingPartFilesOnlyOnceRenamed() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let base = directory + "/" + WatchCLITests.folder
            let watcher = try WatchServiceCLITests.start(directory)
            defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) } }
            // A slow writer: the .part file is never taken; once renamed, it is.
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/s/candidates.xlsx"))
            FileManager.default.createFile(atPath: base + "/slow.xlsx.part", contents: data.prefix(100))
            usleep(800_000)
            #expect(FileManager.default.fileExists(atPath: base + "/slow.xlsx.part"))
            try data.write(to: URL(fileURLWithPath: base + "/slow.xlsx.part"))
            try FileManager.default.moveItem(atPath: base + "/slow.xlsx.part", toPath: base + "/slow.xlsx")
            #expect(WatchServiceCLITests.waitFor(seconds: 60) { FileManager.default.fileExists(atPath: base + "/done/slow.xlsx") })
            kill(watcher.processIdentifier, SIGTERM)
            watcher.waitUntilExit()
            #expect(watcher.terminationReason == .exit && watcher.terminationStatus == 0)
        }
    }

    /// 500 files at once (the same bytes under 500 names, arriving one after another): the
    /// first is imported, the 499 others are recognised as the same bytes; nothing is left.
    @Test func aBurstOf500FilesIsHandledInArrivalOrder() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let base = directory + "/" + WatchCLITests.folder
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            for index in 0..<500 {
                let path = base + "/file-\(String(format: "%03d", 499 - index)).xlsx"
                try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: path)
                try FileManager.default.setAttributes([.modificationDate: start.addingTimeInterval(Double(index))], ofItemAtPath: path)
            }
            let run = try WatchCLITests.watch(cli)
            #expect(run.status == 0, "\(run.err)")
            // Arrival order is the modification time: file-499 came first, so it is the one imported.
            #expect(WatchCLITests.names(base + "/done").filter { $0.hasSuffix(".xlsx") } == ["file-499.xlsx"])
            #expect(WatchCLITests.names(base + "/failed").filter { $0.hasSuffix(".xlsx") }.count == 499)
            #expect(WatchCLITests.names(base + "/processing").isEmpty && WatchCLITests.names(base).count == 3)
            #expect(run.events.filter { $0["event"] as? String == "duplicate" }.count == 499)
        }
    }

    @Test func aStoreLockedByAnotherProcessOnlyDelaysTheImport() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let base = directory + "/" + WatchCLITests.folder
            // Another process holds the store's write lock for two seconds.
            let locker = Process()
            locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            locker.arguments = [
                "python3", "-c",
                "import sqlite3,time; d=sqlite3.connect('root/kaowu.sqlite', isolation_level=None); d.execute('BEGIN IMMEDIATE'); time.sleep(2); d.execute('COMMIT')",
            ]
            locker.currentDirectoryURL = URL(fileURLWithPath: directory)
            try locker.run()
            usleep(300_000)
            try FileManager.default.copyItem(atPath: directory + "/s/candidates.xlsx", toPath: base + "/locked.xlsx")
            let run = try WatchCLITests.watch(cli)
            locker.waitUntilExit()
            #expect(run.status == 0, "\(run.err)")
            #expect(WatchServiceCLITests.waitFor(seconds: 1) { FileManager.default.fileExists(atPath: base + "/done/locked.xlsx") })
        }
    }
}

/// An import's progress line: drawn on a terminal only, never into redirected output or `--json`.
@Suite struct ProgressLineCLITests {
    @Test func progressShowsOnATerminalOnly() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            let arguments = ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--dry-run"]
            let redirected = try cli.run(arguments)
            #expect(!redirected.err.contains("已处理") && !redirected.out.contains("已处理"))
            // `script` gives the command a pseudo-terminal, as a school's administrator has.
            let command = ([CLI.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let onTerminal = try runTool(["sh", "-c", "cd '\(directory)' && script -qec \"\(command)\" /dev/null"])
            #expect(onTerminal.output.contains("已处理 20 行"), "\(onTerminal.output)")
            #expect(onTerminal.output.contains("导入记录"))
        }
    }

    @Test func exportsShowProgressOnATerminalOnly() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            _ = try WatchCLITests.prepared(cli)
            #expect(try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now]).status == 0)
            let arguments = ["export", "candidates", "--root", "root", "--school", "S4101001", "-o", "out.xlsx"]
            let redirected = try cli.run(arguments)
            #expect(redirected.status == 0 && !redirected.err.contains("已处理") && !redirected.out.contains("已处理"))
            let command = ([CLI.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let onTerminal = try runTool(["sh", "-c", "cd '\(directory)' && script -qec \"\(command)\" /dev/null"])
            #expect(onTerminal.output.contains("已处理 20 行"), "\(onTerminal.output)")
            #expect(onTerminal.output.contains("已导出 20 名考生"))
        }
    }
}
