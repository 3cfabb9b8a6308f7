import Foundation
import TestSupport
import Testing

/// `kaowu render` on the real binary after the sample is scheduled: the room batches and the
/// per-candidate tickets where the README says, every file sound, the output folder checked.
@Suite(.serialized) struct RenderCLITests {
    static func pdfs(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".pdf") }.sorted()
    }

    static func pages(_ path: String) throws -> Int {
        Int(try runTool(["qpdf", "--show-npages", path]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func qpdfCheck(_ path: String) throws -> Bool { try runTool(["qpdf", "--check", path]).status == 0 }

    @Test func rendersEveryDocumentOfTheScheduledSample() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try ScheduleCLITests.enrolledRoot(cli, pay: true)
            #expect(try ScheduleCLITests.schedule(cli).0 == 3)
            let result = try cli.run(
                ["render", "all", "--root", "root", "--plan", "P2026-01", "--per-candidate", "-o", "docs", "--json"])
            #expect(result.status == 0, "\(result.err)")
            let outcome = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            let files = RenderCLITests.pdfs(under: directory + "/docs")
            // 5 room sessions with candidates (WEB-T, BDA-T: 2 rooms each of 40; WEB-P: 1 room) × 4 documents,
            // and a ticket for each of the 80 candidates.
            #expect(outcome["rooms"] as? Int == 5)
            #expect(outcome["candidateFiles"] as? Int == 80)
            #expect(files.filter { $0.contains("/tickets/") }.count == 80)
            let batches = files.filter { !$0.contains("/tickets/") }
            #expect(batches.count == outcome["files"] as? Int)
            #expect(batches.allSatisfy { $0.hasPrefix("P2026-01/S4101001/S4101001/") }, "\(batches)")
            #expect(Set(batches.map { ($0 as NSString).lastPathComponent }) == ["tickets.pdf", "signin.pdf", "door.pdf", "desk.pdf"])
            // Every candidate's ticket is in exactly one room batch: the room of their first subject.
            let ticketPages = try batches.filter { $0.hasSuffix("/tickets.pdf") }.reduce(0) {
                $0 + (try RenderCLITests.pages(directory + "/docs/" + $1))
            }
            #expect(ticketPages == 80)
            for file in batches + files.filter({ $0.contains("/tickets/") }).prefix(3) {
                #expect(try RenderCLITests.qpdfCheck(directory + "/docs/" + file), "\(file)")
            }
            // Nothing half-written or left over.
            let all = FileManager.default.enumerator(atPath: directory + "/docs")?.allObjects as? [String] ?? []
            #expect(!all.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") })

            // What a killed render left goes at the next render: its temporary files in the plan's
            // folder, and its cut fonts in /dev/shm (named with its process ID, now gone, or by an
            // older kaowu without one); a live process's font stays.
            let leftovers = [directory + "/docs/P2026-01/S4101001/.tmp-killed.pdf", directory + "/docs/P2026-01/.font-killed.ttf"]
            let shm = access("/dev/shm", W_OK) == 0
            let dead = try runTool(["sh", "-c", "echo $$"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            let orphan = "/dev/shm/.font-\(dead)-killed.ttf"
            let unnamed = "/dev/shm/.font-ABCDEF12-3456-7890-ABCD-EF1234567890.ttf"  // kaowu's names before the process ID
            let live = "/dev/shm/.font-\(getpid())-live.ttf"
            for path in leftovers + (shm ? [orphan, unnamed, live] : []) { FileManager.default.createFile(atPath: path, contents: Data("half".utf8)) }
            defer { try? FileManager.default.removeItem(atPath: live) }
            #expect(try cli.run(["render", "door", "--root", "root", "--plan", "P2026-01", "-o", "docs"]).status == 0)
            for path in leftovers + (shm ? [orphan, unnamed] : []) { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
            #expect(!shm || FileManager.default.fileExists(atPath: live))

            // The same data renders the same bytes.
            let again = try cli.run(["render", "signin", "--root", "root", "--plan", "P2026-01", "-o", "again"])
            #expect(again.status == 0, "\(again.err)")
            for file in RenderCLITests.pdfs(under: directory + "/again") {
                #expect(
                    FileManager.default.contents(atPath: directory + "/again/" + file)
                        == FileManager.default.contents(atPath: directory + "/docs/" + file))
            }
        }
    }

    @Test func theOutputFolderIsChecked() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            #expect(try cli.run(["sample", "--out", "s", "--candidates", "5"]).status == 0)
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
            FileManager.default.createFile(atPath: directory + "/file.txt", contents: Data("x".utf8))
            let base = ["render", "all", "--root", "root", "--plan", "P2026-01", "-o"]
            let inside = try cli.run(base + ["root/docs"])
            #expect(inside.status == 1 && inside.err.contains("[output.inside-root]"), "\(inside.err)")
            let file = try cli.run(base + ["file.txt"])
            #expect(file.status == 1 && file.err.contains("[output.not-a-directory]"), "\(file.err)")
            let missing = try cli.run(base + ["no/such/dir"])
            #expect(missing.status == 1 && missing.err.contains("[output.no-directory]"), "\(missing.err)")
            let unknown = try cli.run(["render", "posters", "--root", "root", "--plan", "P2026-01", "-o", "d"])
            #expect(unknown.status == 2)
            #expect(FileManager.default.contents(atPath: directory + "/file.txt") == Data("x".utf8))
        }
    }

    @Test func templateCheckNamesTheProblem() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let bad =
                #"{ "name": "坏门贴", "document": "door", "page": { "width": 210, "height": 297 }, "font": "wqy-zenhei", "elements": [ { "kind": "text", "x": 1, "y": 1, "width": 50, "text": "{room.nmae}", "size": 9 } ] }"#
            FileManager.default.createFile(atPath: directory + "/bad.json", contents: Data(bad.utf8))
            let refused = try cli.run(["template", "check", "bad.json"])
            #expect(
                refused.status == 1 && refused.err.contains("[template.invalid]") && refused.err.contains("elements[0].text"),
                "\(refused.err)")
            let builtIn = try cli.run(["template", "check", FileManager.default.currentDirectoryPath + "/templates/tickets.json"])
            #expect(builtIn.status == 0 && builtIn.out.contains("准考证"), "\(builtIn.err)")
        }
    }
}
