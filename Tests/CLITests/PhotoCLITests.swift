import Domain
import Foundation
import Ingest
import SampleData
import Store
import TestSupport
import Testing

@testable import Pipeline

/// The photo slice end to end on the real binary: sample with photos → import → verify → export.
@Suite(.serialized) struct PhotoCLITests {
    static let school = "S4101001"
    static let seed: UInt64 = 7

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// The two integers of a `kaowu sample` line such as `照片：…（36 张，其中故意错误 4 张）`.
    static func counts(in output: String, line prefix: String) throws -> (Int, Int) {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(prefix) }, "\(output)")
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (numbers[numbers.count - 2], numbers[numbers.count - 1])
    }

    /// Every entry of an archive as (name, bytes), read with the project's reader.
    static func entries(_ path: String) throws -> [(name: String, bytes: [UInt8])] {
        let archive = try ZipArchive(path: path, limits: .photoArchive)
        return try (0..<archive.entryCount).map { index in
            (try archive.entry(at: index).name, try archive.data(entryAt: index, maxBytes: 10 << 20))
        }
    }

    @Test func samplePhotosImportVerifyAndExport() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let sample = try cli.run([
                "sample", "--out", "s", "--candidates", "40", "--photos", "--bad-ratio", "0.1", "--seed", "\(PhotoCLITests.seed)",
            ])
            #expect(sample.status == 0, "\(sample.err)")
            let (photoCount, badPhotos) = try PhotoCLITests.counts(in: sample.out, line: "照片")
            #expect(photoCount > 0)
            #expect(badPhotos > 0, "seed 7 should make some bad photos: \(sample.out)")
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
            let candidates = try cli.run([
                "import", "candidates", "s/candidates.xlsx", "--root", "root", "--school", PhotoCLITests.school, now, "--json",
            ])
            #expect([0, 3].contains(candidates.status), "\(candidates.err)")
            let imported = try #require(try PhotoCLITests.json(candidates.out)["succeeded"] as? Int)
            #expect(imported >= photoCount)  // every photo belongs to a valid row

            // A dry run reports the same and changes nothing.
            let photoArguments = ["import", "photos", "s/photos.zip", "--root", "root", "--school", PhotoCLITests.school, now, "--json"]
            let dry = try cli.run(photoArguments + ["--dry-run"])
            let dryJSON = try PhotoCLITests.json(dry.out)
            #expect(dryJSON["status"] as? String == "dryRun")
            #expect(dryJSON["failed"] as? Int == badPhotos)
            let storedPhotos = { (FileManager.default.subpaths(atPath: directory + "/root/photos") ?? []).filter { $0.hasSuffix(".jpg") } }
            #expect(storedPhotos().isEmpty)

            let result = try cli.run(photoArguments)
            #expect(result.status == 3, "\(result.err)")  // some failed
            let json = try PhotoCLITests.json(result.out)
            #expect(json["kind"] as? String == "photos")
            #expect(json["status"] as? String == "partial")
            #expect(json["tenant"] as? String == PhotoCLITests.school)
            #expect(json["file"] as? String == "photos.zip")
            #expect(json["total"] as? Int == photoCount)
            #expect(json["failed"] as? Int == badPhotos)
            #expect(json["succeeded"] as? Int == photoCount - badPhotos)
            #expect((json["sha256"] as? String)?.count == 64)
            let failedRowsFile = try #require(json["failedRowsFile"] as? String)
            #expect(FileManager.default.fileExists(atPath: failedRowsFile))
            #expect(storedPhotos().count == photoCount - badPhotos)  // sample photos all differ

            // Each failure is a deliberately bad sample photo, with the code it was made for.
            let entries = Dictionary(
                uniqueKeysWithValues: try PhotoCLITests.entries(directory + "/s/photos.zip").map { ($0.name, $0.bytes) })
            let failures = try #require(json["failures"] as? [[String: Any]])
            #expect(failures.count == badPhotos)
            var failedIDs = Set<String>()
            for failure in failures {
                let name = try #require(failure["value"] as? String)
                let id = String(name.prefix(18))
                failedIDs.insert(id)
                // Sample IDs end in the row index (mod 1000) and the check character; the photo's seed is seed + index.
                let index = try #require(Int(id.dropFirst(14).prefix(3)))
                let bad = try SamplePhotos.bad(seed: PhotoCLITests.seed &+ UInt64(index))
                #expect(entries[name] == bad.bytes, "\(name) is not the bad photo of row index \(index)")
                #expect(failure["code"] as? String == bad.expectedCode.rawValue, "\(name): \(failure)")
                #expect((failure["message"] as? String)?.isEmpty == false)
                #expect((failure["row"] as? Int).map { (1...photoCount).contains($0) } == true)
            }
            #expect(failedIDs.count == badPhotos)
            let acceptedIDs = Set(entries.keys.map { String($0.prefix(18)) }).subtracting(failedIDs)
            #expect(acceptedIDs.count == photoCount - badPhotos)

            // An archive of the good photos only: exit status 0 (they replace themselves).
            let goodPath = directory + "/good.zip"
            let writer = try ZipWriter(path: goodPath)
            for (name, bytes) in entries where acceptedIDs.contains(String(name.prefix(18))) {
                try writer.add(name: name, bytes: bytes)
            }
            try writer.close()
            let good = try cli.run(["import", "photos", "good.zip", "--root", "root", "--school", PhotoCLITests.school, now, "--json"])
            #expect(good.status == 0, "\(good.out) \(good.err)")
            let goodJSON = try PhotoCLITests.json(good.out)
            #expect(goodJSON["status"] as? String == "succeeded")
            #expect(goodJSON["failed"] as? Int == 0)
            #expect((goodJSON["failures"] as? [Any])?.isEmpty == true)
            #expect(goodJSON["failedRowsFile"] is NSNull)

            // Not a zip: refused, exit status 1.
            try Data("not a zip".utf8).write(to: URL(fileURLWithPath: directory + "/bad.zip"))
            let refused = try cli.run(["import", "photos", "bad.zip", "--root", "root", "--school", PhotoCLITests.school, now, "--json"])
            #expect(refused.status == 1)
            #expect(refused.err.contains("file.not-zip"))

            // verify: every accepted photo passes the offline checks.
            let verify = try cli.run(["candidates", "verify", "--root", "root", "--school", PhotoCLITests.school, now, "--json"])
            #expect(verify.status == 0, "\(verify.err)")
            let verifyJSON = try PhotoCLITests.json(verify.out)
            #expect(verifyJSON["examined"] as? Int == acceptedIDs.count)
            #expect(verifyJSON["verified"] as? Int == acceptedIDs.count)
            #expect(verifyJSON["needsManualCheck"] as? Int == 0)

            // export: the school's candidates with their status.
            let export = try cli.run(["export", "candidates", "--root", "root", "--school", PhotoCLITests.school, "-o", "out.xlsx"])
            #expect(export.status == 0, "\(export.err)")
            let reader = try XlsxReader(path: directory + "/out.xlsx")
            var rows: [[Int: CellValue]] = []
            try reader.forEachRow(inSheet: try #require(reader.firstVisibleSheet).name) { row in
                rows.append(Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) }))
            }
            let header = ["姓名", "姓名拼音", "证件类型", "证件号码", "手机号", "就读专业", "专业层次", "入学年份", "工作单位", "考生类别", "信息状态"]
            let headerRow = try #require(rows.first)
            #expect((0..<header.count).map { headerRow[$0]?.text ?? "" } == header)
            let idColumn = try #require(header.firstIndex(of: "证件号码"))
            let statusColumn = try #require(header.firstIndex(of: "信息状态"))
            let data = rows.dropFirst()
            #expect(data.count == imported)
            for row in data {
                let id = try #require(row[idColumn])
                #expect(id.type == .string, "\(id)")
                #expect(id.text.count == 18)
                let expected = acceptedIDs.contains(id.text) ? "信息准确" : "无照片"
                #expect(row[statusColumn]?.text == expected, "\(id.text)")
            }
            #expect(data.filter { $0[statusColumn]?.text == "信息准确" }.count == acceptedIDs.count)
        }
    }
}
