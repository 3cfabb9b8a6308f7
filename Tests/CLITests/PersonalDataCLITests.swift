import Foundation
import TestSupport
import Testing

/// The data root holds ID and phone numbers: what kaowu creates is its owner's only, whatever
/// the umask; limits and empty names end as clear Chinese errors, never as a silent kill.
@Suite(.serialized) struct PersonalDataCLITests {
    /// Runs the binary through /bin/sh with a prelude (umask, ulimit) before it.
    static func shell(_ prelude: String, _ arguments: [String], in directory: String) throws -> (
        status: Int32, reason: Process.TerminationReason, err: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([CLI.binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        process.arguments = ["-c", prelude + "; exec " + quoted.joined(separator: " ")]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, String(decoding: err, as: UTF8.self))
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func everythingCreatedIsTheOwnersOnlyWhateverTheUmask() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run(["sample", "--out", "s", "--candidates", "10", "--bad-ratio", "0.3", "--photos"]).status == 0)
            for step in [
                ["init", "root"], ["catalog", "import", "s/catalog.xlsx", "--root", "root", now],
                ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now],
                ["import", "photos", "s/photos.zip", "--root", "root", "--school", "S4101001", now],
                ["export", "candidates", "--root", "root", "--school", "S4101001", "-o", "out.xlsx"],
            ] {
                let result = try PersonalDataCLITests.shell("umask 000", step, in: directory)
                #expect(result.reason == .exit && [0, 3].contains(result.status), "\(step): \(result.err)")
            }
            let root = directory + "/root"
            var checked = 0
            let walker = try #require(FileManager.default.enumerator(atPath: root))
            for case let relative as String in walker {
                let path = root + "/" + relative
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                #expect(try PersonalDataCLITests.mode(path) == (isDirectory.boolValue ? 0o700 : 0o600), "\(relative)")
                checked += 1
            }
            #expect(checked > 5)
            #expect(try PersonalDataCLITests.mode(root) == 0o700)
            #expect(try PersonalDataCLITests.mode(directory + "/out.xlsx") == 0o600)
        }
    }

    @Test func aFileSizeLimitIsAClearErrorNotASilentKill() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 3000)
            // 100 blocks: the import's store writes cross it; without SIGXFSZ ignored the process dies.
            let limited = try PersonalDataCLITests.shell(
                "ulimit -f 100", ["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now],
                in: directory)
            #expect(limited.reason == .exit, "killed by signal \(limited.status)")
            #expect(limited.status == 1)
            #expect(limited.err.contains("错误 ["), "\(limited.err)")
            #expect(!limited.err.contains("NSCocoaErrorDomain"))
            let listed = try cli.run(["records", "list", "--root", "root", "--json"])
            let records = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
            #expect(records.count == 1)  // the catalog only: the refused import left no record
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/root/records")
            #expect(leftovers == records.compactMap { $0["record"] as? String }, "\(leftovers)")
            // Nothing was half-committed: the retry imports every good row, none is "already registered".
            let retry = try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json"])
            #expect(retry.status == 3)
            #expect(!retry.out.contains("candidate.exists"))
        }
    }

    /// GBK bytes from a Windows share: the file is found and the record shows its Chinese name.
    @Test func aFileNameThatIsNotUTF8IsStillFound() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try cli.catalogRoot(candidates: 5, extra: ["--bad-ratio", "0"])
            let gbk = "\"$(printf '\\277\\274\\311\\372.xlsx')\""  // 考生.xlsx in GBK
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [
                "-c",
                "cp s/candidates.xlsx \(gbk) && exec '\(CLI.binary)' import candidates \(gbk) --root root --school S4101001 \(now) --json",
            ]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["succeeded"] as? Int == 5)
            let listed = try cli.run(["records", "list", "--root", "root"])
            #expect(listed.out.contains("考生.xlsx"), "\(listed.out)")
        }
    }

    @Test func emptyNamesAreRefused() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let result = try cli.run(["init", ""])
            #expect(result.status == 2)
            #expect(result.err.contains("不能为空"))
            #expect(!FileManager.default.fileExists(atPath: directory + "/kaowu.sqlite"))
            let missing = try cli.run(["import", "candidates", "nope.xlsx", "--root", "", "--school", "S4101001"])
            #expect(missing.status == 2)
        }
    }
}
