import Domain
import Foundation
import Ingest
import SampleData
import TestSupport
import Testing

@testable import Pipeline

/// Judging on several threads hands back what one thread would: every entry once, in archive
/// order, in runs that keep their bounds.
@Suite struct PhotoRunReaderTests {
    /// An archive of `count` copies of a valid photo named `TestRoot.id(1…count)`, then a
    /// `readme.txt`; removed with `directory`.
    private static func archive(in directory: String, count: Int, photo: [UInt8]) throws -> PhotoArchive {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/photos.zip"
        let writer = try ZipWriter(path: path)
        for id in 1...count { try writer.add(name: TestRoot.id(id) + ".jpg", bytes: photo) }
        try writer.add(name: "readme.txt", bytes: [1])
        try writer.close()
        return try PhotoArchive(path: path)
    }

    private static func allRuns(_ runs: PhotoRunReader) throws -> [[PhotoDraft]] {
        var all: [[PhotoDraft]] = []
        while true {
            let run = try runs.nextRun()
            if run.isEmpty { return all }
            all.append(run)
        }
    }

    @Test(arguments: [1, 2, 4])
    func draftsComeBackInArchiveOrder(width: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaowu-runs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let photo = try SamplePhotos.jpeg(seed: 1)
        let archive = try Self.archive(in: directory, count: 20, photo: photo)

        let runs = try Self.allRuns(PhotoRunReader(archive, width: width, runCount: 3))
        #expect(runs.allSatisfy { $0.count <= 3 })
        let drafts = runs.flatMap { $0 }
        #expect(drafts.map(\.number) == Array(1...21))
        #expect(drafts.prefix(20).map(\.idNumber) == (1...20).map { TestRoot.id($0) })
        #expect(drafts.prefix(20).allSatisfy { $0.failures.isEmpty && $0.digest == SHA256.hex(of: photo) })
        #expect(drafts.last?.entryName == "readme.txt")
        #expect(drafts.last?.failures.map(\.code) == [.photoFormat])
    }

    /// A run takes no further entry once the bytes it read reach the bound.
    @Test func aRunEndsOnceItsBytesAreRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaowu-runs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let photo = try SamplePhotos.jpeg(seed: 2)
        let archive = try Self.archive(in: directory, count: 7, photo: photo)

        let runs = try Self.allRuns(PhotoRunReader(archive, width: 2, runBytes: photo.count * 2))
        #expect(runs.map(\.count) == [2, 2, 2, 2])
        #expect(runs.flatMap { $0 }.map(\.number) == Array(1...8))
    }
}
