import Foundation
import Store
import TestSupport
import Testing

/// `kaowu nightly` on the real binary: everything drawn once, nothing the second time, only one
/// room's documents after one enrollment changed, a deleted file drawn again.
@Suite(.serialized) struct NightlyCLITests {
    static func nightly(_ cli: CLI, at now: String) throws -> [String: Any] {
        let result = try cli.run(["nightly", "root", "--now=\(now)", "--json"])
        #expect(result.status == 0, "\(result.err)")
        return (try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func redrawsOnlyWhatChanged() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)
            #expect(try ScheduleCLITests.schedule(cli).0 == 3)

            let first = try NightlyCLITests.nightly(cli, at: "2026-12-23T02:00:00+08:00")
            // 5 room sessions × 3 room documents, a ticket batch in the rooms of someone's first
            // subject, and 80 tickets of their own.
            let drawn = try #require(first["rendered"] as? Int)
            #expect(first["rooms"] as? Int == 5 && first["unchanged"] as? Int == 0)
            let batches = RenderCLITests.pdfs(under: directory + "/root/documents").filter { $0.hasSuffix("/tickets.pdf") }.count
            #expect(batches >= 1 && drawn == 15 + batches + 80, "\(drawn)")
            #expect((first["statuses"] as? [String: Int]) == ["待考试": 200, "未排考": 40])
            let documents = directory + "/root/documents"
            let pdfs = RenderCLITests.pdfs(under: documents)
            #expect(pdfs.count == drawn)

            let second = try NightlyCLITests.nightly(cli, at: "2026-12-24T02:00:00+08:00")
            #expect(second["rendered"] as? Int == 0 && second["unchanged"] as? Int == drawn)

            // One enrolled subject's name changes: only its room's documents are drawn again.
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let seat = try #require(try store.seats(planCode: "P2026-01").first { $0.session.subjectCode == "BDA-T" })
            try store.connection.execute(
                "UPDATE enrollments SET name = '改名' WHERE id_number = '\(seat.idNumber)' AND subject_code = 'BDA-T'")
            let third = try NightlyCLITests.nightly(cli, at: "2026-12-25T02:00:00+08:00")
            let redrawn = try store.connection.statement(
                "SELECT path FROM rendered_documents WHERE rendered_at = '2026-12-25T02:00:00+08:00' ORDER BY 1"
            ).rows { try $0.string(0) }
            #expect(third["rendered"] as? Int == redrawn.count)
            #expect(redrawn.count >= 3 && redrawn.count <= 5, "\(redrawn)")
            let folders = Set(redrawn.map { $0.components(separatedBy: "/").prefix(4).joined(separator: "/") })
            #expect(folders == ["P2026-01/S4101001/S4101001/\(seat.room.name)"], "\(redrawn)")

            // A file deleted by hand, and a temporary file a killed run left, are dealt with.
            let victim = documents + "/" + pdfs[0]
            try FileManager.default.removeItem(atPath: victim)
            FileManager.default.createFile(atPath: documents + "/P2026-01/.tmp-killed.pdf", contents: Data("half".utf8))
            let fourth = try NightlyCLITests.nightly(cli, at: "2026-12-26T02:00:00+08:00")
            #expect(fourth["rendered"] as? Int == 1)
            #expect(FileManager.default.fileExists(atPath: victim))
            #expect(!FileManager.default.fileExists(atPath: documents + "/P2026-01/.tmp-killed.pdf"))

            // During the exams the statuses follow the clock.
            let during = try NightlyCLITests.nightly(cli, at: "2027-01-10T09:30:00+08:00")
            #expect((during["statuses"] as? [String: Int])?["考试中"] ?? 0 > 0)
        }
    }

    /// SIGKILL at spread-out instants of a nightly run: every document it recorded is whole on
    /// disk, no finished name holds half a file, and the next run completes the rest.
    @Test func aKilledRunLeavesOnlyWholeFilesAndTheNextFinishesIt() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)
            #expect(try ScheduleCLITests.schedule(cli).0 == 3)
            let started = Date()
            let full = try NightlyCLITests.nightly(cli, at: "2026-12-23T02:00:00+08:00")
            let duration = Date().timeIntervalSince(started)
            let drawn = try #require(full["rendered"] as? Int)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let documents = directory + "/root/documents"

            func wipe() throws {
                try store.connection.execute("DELETE FROM rendered_documents")
                try FileManager.default.removeItem(atPath: documents)
            }
            func checkWhole() throws {
                let recorded = try store.connection.statement("SELECT path FROM rendered_documents").rows { try $0.string(0) }
                for path in recorded { #expect(FileManager.default.fileExists(atPath: documents + "/" + path), "\(path)") }
                for file in RenderCLITests.pdfs(under: documents) where !(file as NSString).lastPathComponent.hasPrefix(".") {
                    let bytes = try #require(FileManager.default.contents(atPath: documents + "/" + file))
                    #expect(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"), "\(file) is not whole")
                }
            }
            try wipe()
            for round in 0..<12 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["nightly", "root", "--now=2026-12-23T02:00:00+08:00"]
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(duration * (0.1 + 0.07 * Double(round)) * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                try checkWhole()
                if round % 4 == 3 { try wipe() }
            }
            let last = try NightlyCLITests.nightly(cli, at: "2026-12-23T02:00:00+08:00")
            #expect((last["rendered"] as? Int ?? 0) + (last["unchanged"] as? Int ?? 0) == drawn)
            try checkWhole()
            #expect(RenderCLITests.pdfs(under: documents).count == drawn)
            #expect(try store.connection.statement("SELECT count(*) FROM rendered_documents").first { try $0.int(0) } == drawn)
        }
    }
}
