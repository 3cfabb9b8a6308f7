import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every command that writes where the user says (`-o`, `--out`) replaces at most a regular file
/// at exactly that path: a mistyped directory, a symlink, a device, a FIFO or the data root's own
/// files are refused with a clear code, and nothing else is touched.
@Suite(.serialized) struct OutputPathCLITests {
    /// A data root with one candidates import that has failed rows; returns its record id.
    static func rootWithFailedRows(_ cli: CLI) throws -> String {
        #expect(try cli.run(["sample", "--out", "s", "--candidates", "20", "--bad-ratio", "0.3"]).status == 0)
        #expect(try cli.run(["init", "root"]).status == 0)
        #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
        let imported = try cli.run(["import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", "S4101001", now, "--json"])
        #expect(imported.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(imported.out.utf8)) as? [String: Any])
        return try #require(json["record"] as? String)
    }

    @Test func failedRowsNeverDeleteADirectory() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let record = try OutputPathCLITests.rootWithFailedRows(cli)
            try FileManager.default.createDirectory(atPath: directory + "/keep", withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: URL(fileURLWithPath: directory + "/keep/mine.txt"))
            for target in ["keep", "root", "."] {
                let result = try cli.run(["records", "failed-rows", record, "--root", "root", "-o", target])
                #expect(result.status == 1, "\(target): \(result.out)")
                #expect(result.err.contains("output.not-a-file"), "\(target): \(result.err)")
            }
            #expect(FileManager.default.fileExists(atPath: directory + "/keep/mine.txt"))
            #expect(FileManager.default.fileExists(atPath: directory + "/root/kaowu.sqlite"))
            #expect(try cli.run(["records", "list", "--root", "root"]).status == 0)
            let written = try cli.run(["records", "failed-rows", record, "--root", "root", "-o", "failed.xlsx"])
            #expect(written.status == 0, "\(written.err)")
            let mode = try FileManager.default.attributesOfItem(atPath: directory + "/failed.xlsx")[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func specialFilesAndTheDataRootAreRefusedByEveryWriter() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let record = try OutputPathCLITests.rootWithFailedRows(cli)
            try Data("target".utf8).write(to: URL(fileURLWithPath: directory + "/target.txt"))
            try FileManager.default.createSymbolicLink(atPath: directory + "/link.xlsx", withDestinationPath: directory + "/target.txt")
            #expect(mkfifo(directory + "/fifo.xlsx", 0o600) == 0)
            let cases: [(String, String)] = [
                ("link.xlsx", "output.not-a-file"), ("fifo.xlsx", "output.not-a-file"), ("/dev/null", "output.not-a-file"),
                ("root/kaowu.sqlite", "output.inside-root"), ("root/records/x.xlsx", "output.inside-root"),
                ("no-such-folder/x.xlsx", "output.no-directory"), ("", "output.invalid"),
            ]
            for (target, code) in cases {
                let commands: [[String]] = [
                    ["records", "failed-rows", record, "--root", "root", "-o", target],
                    ["export", "candidates", "--root", "root", "--school", "S4101001", "-o", target],
                    ["export", "schools", "--root", "root", "-o", target],
                    ["template", "candidates", "-o", target],
                ]
                for command in commands {
                    let result = try cli.run(command)
                    #expect(result.status != 0, "\(command)")
                    #expect(result.err.contains(code) || (target.isEmpty && result.status == 2), "\(command): \(result.err)")
                    // Chinese and kaowu's own: no libxlsxwriter [ERROR] line, no raw Foundation error.
                    #expect(!result.err.contains("[ERROR]") && !result.err.contains("NSCocoaErrorDomain"), "\(command): \(result.err)")
                }
            }
            #expect(try String(contentsOfFile: directory + "/target.txt", encoding: .utf8) == "target")
            var info = stat()
            #expect(lstat(directory + "/fifo.xlsx", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
            #expect(lstat(directory + "/link.xlsx", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
            #expect(try cli.run(["records", "list", "--root", "root"]).status == 0)
            let sample = try cli.run(["sample", "--out", "root", "--candidates", "1"])
            #expect(sample.status == 1 && sample.err.contains("output.inside-root"), "\(sample.err)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
        }
    }
}
