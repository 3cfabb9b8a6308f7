import Domain
import Foundation
import Ingest
import SampleData
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

/// A data root with candidates `TestRoot.id(1…count)` of S4101001 and `TestRoot.id(900)` of
/// S4401002, and an `in/` folder for photo archives built at test time.
final class PhotoRoot {
    static let school = "S4101001"
    static let otherSchool = "S4401002"
    static let otherSchoolID = TestRoot.id(900)

    let test: TestRoot
    var root: DataRoot { test.root }

    init(candidates count: Int = 8) throws {
        test = try TestRoot()
        let own = try test.importCandidates(try test.workbook("candidates.xlsx", rows: (1...count).map { TestRoot.row($0) }))
        #expect(own.record.succeeded == count)
        let other = try test.importCandidates(
            try test.workbook("other.xlsx", rows: [TestRoot.row(900)]), school: PhotoRoot.otherSchool)
        #expect(other.record.succeeded == 1)
        try FileManager.default.createDirectory(atPath: test.path("in"), withIntermediateDirectories: true)
    }

    /// Writes `in/<name>` with `build` and returns its path.
    func archive(_ name: String, _ build: (ZipWriter) throws -> Void) throws -> String {
        let path = test.path("in/" + name)
        let writer = try ZipWriter(path: path)
        try build(writer)
        try writer.close()
        return path
    }

    /// `Imports.photos` for S4101001, with the failures the import reported (also for a dry run,
    /// whose failures are rolled back with everything else).
    func importPhotos(_ file: String, dryRun: Bool = false) throws -> (outcome: ImportOutcome, failures: [Failure]) {
        var failures: [Failure] = []
        let outcome = try Imports.photos(
            test.request(kind: "photos", file: file, tenant: PhotoRoot.school, dryRun: dryRun), root: root,
            schoolCode: PhotoRoot.school
        ) { _, cursor in
            try cursor { failure, warning in if !warning { failures.append(failure) } }
        }
        return (outcome, failures)
    }

    func status(_ id: String) throws -> CandidateStatus? { try test.store().candidateOwnership(idNumber: id)?.status }

    func photo(_ id: String) throws -> String? { try test.store().candidatePhoto(idNumber: id) }

    /// Every file under `ROOT/photos`, relative to the data root, sorted.
    func photoFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.photosPath) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.photosPath + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append("photos/" + path)
            }
        }
        return files.sorted()
    }

    /// Every candidate of every school as "id status photo", in ID order.
    func candidateRows() throws -> [String] {
        try test.store().connection.statement("SELECT id_number, school_code, status, photo FROM candidates ORDER BY id_number")
            .rows { "\($0.text(0) ?? "") \($0.text(1) ?? "") \($0.text(2) ?? "") \($0.text(3) ?? "-")" }
    }

    /// Paths under `directory` (recursively), skipping the SQLite database and its WAL/SHM files.
    static func listing(_ directory: String) -> Set<String> {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var paths = Set<String>()
        while let path = walker.nextObject() as? String {
            if !path.hasPrefix("root/kaowu.sqlite") { paths.insert(path) }
        }
        return paths
    }

    /// Asserts that `id` is 信息待认证 and points at its content-addressed copy of `bytes`.
    func expectStored(_ id: String, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let digest = SHA256.hex(of: bytes)
        #expect(try status(id) == .pendingVerification, sourceLocation: sourceLocation)
        let expected = "photos/\(digest.prefix(2))/\(digest).jpg"
        #expect(try photo(id) == expected, sourceLocation: sourceLocation)
        let stored = FileManager.default.contents(atPath: root.path + "/" + expected)
        #expect(stored.map(Array.init) == bytes, "\(expected) must hold the photo's bytes", sourceLocation: sourceLocation)
    }
}

/// Bytes > 5 MB that start like a JPEG: random filler, so storing them uncompressed is honest.
func oversizedJPEG(count: Int = PhotoSpec.maxBytes + 4096) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in stride(from: 0, to: count, by: 8) {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        for offset in 0..<min(8, count - index) { bytes[index + offset] = UInt8(truncatingIfNeeded: state >> (offset * 8)) }
    }
    bytes.replaceSubrange(0..<4, with: [0xFF, 0xD8, 0xFF, 0xE0])
    return bytes
}

@Suite struct PhotoImportTests {
    static let school = PhotoRoot.school

    @Test func validPhotosMoveCandidatesToPendingAndAreStoredByContent() throws {
        let photos = try PhotoRoot()
        let images = try (1...4).map { try SamplePhotos.jpeg(seed: UInt64($0)) }
        let file = try photos.archive("ok.zip") { zip in
            for (index, bytes) in images.enumerated() {
                // One folder level (the class folder a school zips) is fine.
                let name = (index == 3 ? "2026届机电1班/" : "") + TestRoot.id(index + 1) + ".jpg"
                try zip.add(name: name, bytes: bytes)
            }
        }
        let (outcome, failures) = try photos.importPhotos(file)
        let record = outcome.record
        #expect(record.kind == "photos")
        #expect(record.status == .succeeded)  // exit status 0
        #expect((record.total, record.succeeded, record.failed) == (4, 4, 0))
        #expect(record.fileName == "ok.zip")
        #expect(failures.isEmpty)
        #expect(outcome.failedRowsPath == nil)
        #expect(try photos.test.store().record(id: record.id)?.succeeded == 4)
        for (index, bytes) in images.enumerated() { try photos.expectStored(TestRoot.id(index + 1), bytes) }
        #expect(photos.photoFiles().count == 4)
        // Candidates without a photo in the archive are untouched.
        for id in 5...8 {
            #expect(try photos.status(TestRoot.id(id)) == .noPhoto)
            #expect(try photos.photo(TestRoot.id(id)) == nil)
        }
        #expect(try photos.status(PhotoRoot.otherSchoolID) == .noPhoto)
    }

    /// Each deliberately bad sample photo fails with its code; the good one next to it is imported.
    @Test(arguments: SamplePhotos.Defect.allCases)
    func badPhotoFailsWithItsCode(defect: SamplePhotos.Defect) throws {
        let photos = try PhotoRoot()
        let good = try SamplePhotos.jpeg(seed: 1)
        let bad = try SamplePhotos.bad(defect, seed: 2)
        let badName = TestRoot.id(2) + "." + bad.fileExtension
        let file = try photos.archive("bad-\(defect).zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: good)
            try zip.add(name: badName, bytes: bad.bytes)
        }
        let (outcome, failures) = try photos.importPhotos(file)
        #expect(outcome.record.status == .partial)  // exit status 3
        #expect((outcome.record.total, outcome.record.succeeded, outcome.record.failed) == (2, 1, 1))
        #expect(failures.map(\.code) == [bad.expectedCode], "\(failures.map(\.message))")
        #expect(failures.first?.row == 2)
        #expect(failures.first?.value == badName)
        try photos.expectStored(TestRoot.id(1), good)
        #expect(try photos.status(TestRoot.id(2)) == .noPhoto)
        #expect(try photos.photo(TestRoot.id(2)) == nil)
        #expect(photos.photoFiles().count == 1)
        // The failed-rows workbook lists the entry under its header.
        let rows = try readRows(try #require(outcome.failedRowsPath))
        #expect(rows.count == 2)
        #expect(rows[0][0] == "文件名")
        #expect(rows[1][0] == badName)
    }

    @Test func anEntryOverFiveMegabytesIsTooLarge() throws {
        let photos = try PhotoRoot()
        let file = try photos.archive("large.zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: oversizedJPEG(), options: .init(compress: false))
        }
        let (outcome, failures) = try photos.importPhotos(file)
        #expect(outcome.record.status == .failed)  // nothing imported: still exit status 3
        #expect((outcome.record.total, outcome.record.succeeded, outcome.record.failed) == (1, 0, 1))
        #expect(failures.map(\.code) == [.photoTooLarge])
        #expect(try photos.status(TestRoot.id(1)) == .noPhoto)
        #expect(photos.photoFiles().isEmpty)
    }

    /// An oversized entry that compresses very well (60 MB of filler) used to refuse the whole
    /// archive as a zip bomb and cost the school its other photos; it now fails its own row.
    @Test func anOversizedEntryFailsOnlyItsRow() throws {
        let photos = try PhotoRoot()
        let good = try SamplePhotos.jpeg(seed: 1)
        let file = try photos.archive("one-big.zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: good)
            try zip.add(name: TestRoot.id(2) + ".jpg", bytes: [UInt8](repeating: 0, count: 60 << 20))
        }
        let (outcome, failures) = try photos.importPhotos(file)
        #expect(outcome.record.status == .partial)
        #expect((outcome.record.total, outcome.record.succeeded, outcome.record.failed) == (2, 1, 1))
        #expect(failures.map(\.code) == [.photoTooLarge])
        try photos.expectStored(TestRoot.id(1), good)
        #expect(try photos.status(TestRoot.id(2)) == .noPhoto)
    }

    /// Every row-level refusal in one archive, with junk that is ignored and not counted.
    @Test func mixedArchiveReportsEachEntryAndIgnoresJunk() throws {
        let photos = try PhotoRoot()
        // Candidate 4 is 信息准确 through the real lifecycle: a photo, then verify.
        let lockedPhoto = try SamplePhotos.jpeg(seed: 40)
        let first = try photos.archive("first.zip") { try $0.add(name: TestRoot.id(4) + ".jpg", bytes: lockedPhoto) }
        #expect(try photos.importPhotos(first).outcome.record.succeeded == 1)
        let verifier = OfflineVerifier(idRules: IDNumberRules(regions: try RegionTable.load(), clock: TestRoot.clock))
        let verified = try CandidateCommands.verify(root: photos.root, schoolCode: PhotoImportTests.school, verifier: verifier)
        #expect(verified.verified == 1)
        #expect(try photos.status(TestRoot.id(4)) == .verified)
        let lockedPath = try #require(try photos.photo(TestRoot.id(4)))

        let one = try SamplePhotos.jpeg(seed: 1)
        let three = try SamplePhotos.jpeg(seed: 3)
        let six = try SamplePhotos.jpeg(seed: 6)
        let any = try SamplePhotos.jpeg(seed: 99)
        let gbkFolder: [UInt8] = [0xD5, 0xD5, 0xC6, 0xAC]  // 照片 in GBK
        let file = try photos.archive("mixed.zip") { zip in
            try zip.addDirectory("照片")
            try zip.add(name: "照片/\(TestRoot.id(1)).jpg", bytes: one)
            try zip.add(name: "\(TestRoot.id(500)).jpg", bytes: any)
            try zip.add(name: "\(PhotoRoot.otherSchoolID).jpg", bytes: any)
            try zip.add(name: "\(TestRoot.id(2)).gif", bytes: any)
            try zip.add(name: "readme.txt", bytes: Array("照片说明".utf8))
            try zip.add(name: "\(TestRoot.id(3)).jpg", bytes: three)
            try zip.add(name: "copy/\(TestRoot.id(3)).jpg", bytes: any)
            try zip.add(name: "\(TestRoot.id(4)).jpg", bytes: any)
            try zip.addDirectory("__MACOSX")
            try zip.add(name: "__MACOSX/照片/._\(TestRoot.id(1)).jpg", bytes: [0, 5, 22, 7, 0, 2])
            try zip.add(name: "._\(TestRoot.id(5)).jpg", bytes: [0, 5, 22, 7])
            try zip.add(name: ".DS_Store", bytes: [0, 0, 0, 1, 66, 117, 100, 49])
            try zip.add(rawName: gbkFolder + Array("/\(TestRoot.id(6)).jpg".utf8), bytes: six)
        }
        let (outcome, failures) = try photos.importPhotos(file)
        let record = outcome.record
        #expect(record.status == .partial)
        #expect((record.total, record.succeeded, record.failed) == (9, 3, 6))
        let codes = Dictionary(grouping: failures, by: \.value).mapValues { $0.map(\.code.rawValue) }
        #expect(
            codes == [
                "\(TestRoot.id(500)).jpg": ["photo.unmatched"],
                "\(PhotoRoot.otherSchoolID).jpg": ["photo.unmatched"],
                "\(TestRoot.id(2)).gif": ["photo.format"],
                "readme.txt": ["photo.format"],
                "copy/\(TestRoot.id(3)).jpg": ["duplicate.in-file"],
                "\(TestRoot.id(4)).jpg": ["candidate.locked"],
            ], "\(failures.map(\.message))")
        // Rows are the counted entries' places in the archive (junk and folders are not counted).
        #expect(failures.first { $0.value == "readme.txt" }?.row == 5)
        #expect(failures.first { $0.value == "copy/\(TestRoot.id(3)).jpg" }?.row == 7)
        #expect(failures.allSatisfy { !$0.message.isEmpty && $0.column == PhotoRules.column })

        try photos.expectStored(TestRoot.id(1), one)
        try photos.expectStored(TestRoot.id(3), three)  // the first copy, not the duplicate
        try photos.expectStored(TestRoot.id(6), six)  // under the GBK-named folder
        #expect(try photos.status(TestRoot.id(2)) == .noPhoto)
        #expect(try photos.status(TestRoot.id(5)) == .noPhoto)
        #expect(try photos.status(TestRoot.id(4)) == .verified)
        #expect(try photos.photo(TestRoot.id(4)) == lockedPath)
        #expect(try photos.status(PhotoRoot.otherSchoolID) == .noPhoto)
        #expect(try photos.photo(PhotoRoot.otherSchoolID) == nil)
        #expect(try photos.test.store().candidateOwnership(idNumber: TestRoot.id(500)) == nil)
        // The locked photo and the three accepted ones; nothing from refused entries.
        let digest = SHA256.hex(of: any)
        #expect(photos.photoFiles().count == 4)
        #expect(!photos.photoFiles().contains("photos/\(digest.prefix(2))/\(digest).jpg"))
        let failedRows = try readRows(try #require(outcome.failedRowsPath))
        #expect(failedRows.count == 7)
        #expect(Set(failedRows.dropFirst().compactMap { $0[0] }) == Set(codes.keys))
    }

    @Test func anArchiveOfOnlyBadEntriesFails() throws {
        let photos = try PhotoRoot()
        let file = try photos.archive("all-bad.zip") { zip in
            try zip.add(name: "\(TestRoot.id(700)).jpg", bytes: try SamplePhotos.jpeg(seed: 1))
            try zip.add(name: "\(TestRoot.id(1)).png", bytes: try SamplePhotos.bad(.notAnImage, seed: 1).bytes)
        }
        let (outcome, failures) = try photos.importPhotos(file)
        #expect(outcome.record.status == .failed)
        #expect((outcome.record.total, outcome.record.succeeded, outcome.record.failed) == (2, 0, 2))
        #expect(failures.map(\.code) == [.photoUnmatched, .photoFormat])
        #expect(photos.photoFiles().isEmpty)
        #expect(try photos.test.store().record(id: outcome.record.id) != nil)
    }

    @Test func reimportingTheSameArchiveAddsNothing() throws {
        let photos = try PhotoRoot()
        let images = try (1...3).map { try SamplePhotos.jpeg(seed: UInt64(10 + $0)) }
        let file = try photos.archive("same.zip") { zip in
            for (index, bytes) in images.enumerated() { try zip.add(name: TestRoot.id(index + 1) + ".jpg", bytes: bytes) }
        }
        let first = try photos.importPhotos(file)
        #expect(first.outcome.record.succeeded == 3)
        let files = photos.photoFiles()
        let rows = try photos.candidateRows()
        #expect(files.count == 3)

        let again = try photos.importPhotos(file)
        #expect(again.outcome.record.id != first.outcome.record.id)
        #expect((again.outcome.record.total, again.outcome.record.failed) == (3, 0))
        #expect(photos.photoFiles() == files)  // same files, no copies, nothing deleted
        #expect(try photos.candidateRows() == rows)
        for (index, bytes) in images.enumerated() { try photos.expectStored(TestRoot.id(index + 1), bytes) }
        // No temporary file left next to the photos.
        #expect(photos.photoFiles().allSatisfy { $0.hasSuffix(".jpg") })
    }

    /// A photo that cannot be written (here a file stands where its folder must go) fails the
    /// whole import: no record, no candidate changed, and the photos written before it removed.
    @Test func aPhotoThatCannotBeWrittenRollsBackTheImport() throws {
        let photos = try PhotoRoot()
        let images = try (1...3).map { try SamplePhotos.jpeg(seed: UInt64(40 + $0)) }
        let folders = images.map { SHA256.hex(of: $0).prefix(2) }
        #expect(folders.filter { $0 == folders[1] }.count == 1)  // only the second photo goes there
        let blocked = "photos/" + folders[1]
        try FileManager.default.createDirectory(atPath: photos.root.photosPath, withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: photos.root.path + "/" + blocked))
        let file = try photos.archive("blocked.zip") { zip in
            for (index, bytes) in images.enumerated() { try zip.add(name: TestRoot.id(index + 1) + ".jpg", bytes: bytes) }
        }
        let rows = try photos.candidateRows()
        let records = try tableCount(try photos.test.store(), "import_records")

        #expect {
            _ = try photos.importPhotos(file)
        } throws: { error in
            (error as? KaowuError)?.code == .outputWrite
        }
        #expect(try tableCount(try photos.test.store(), "import_records") == records)
        #expect(try photos.candidateRows() == rows)
        #expect(photos.photoFiles() == [blocked])
    }

    @Test func aReplacedPhotoIsDeletedWhenNothingReferencesIt() throws {
        let photos = try PhotoRoot()
        let old = try SamplePhotos.jpeg(seed: 21)
        let shared = try SamplePhotos.jpeg(seed: 22)
        let first = try photos.archive("first.zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: old)
            // Candidates 2 and 3 got the same file (a school copied one photo twice).
            try zip.add(name: TestRoot.id(2) + ".jpg", bytes: shared)
            try zip.add(name: TestRoot.id(3) + ".jpg", bytes: shared)
        }
        #expect(try photos.importPhotos(first).outcome.record.succeeded == 3)
        let oldPath = try #require(try photos.photo(TestRoot.id(1)))
        let sharedPath = try #require(try photos.photo(TestRoot.id(2)))
        #expect(try photos.photo(TestRoot.id(3)) == sharedPath)
        #expect(photos.photoFiles().count == 2)

        let new1 = try SamplePhotos.jpeg(seed: 31)
        let new2 = try SamplePhotos.jpeg(seed: 32)
        let second = try photos.archive("second.zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: new1)
            try zip.add(name: TestRoot.id(2) + ".jpg", bytes: new2)
        }
        // A dry run of the replacement deletes nothing and changes nothing.
        let rowsBefore = try photos.candidateRows()
        let dry = try photos.importPhotos(second, dryRun: true)
        #expect(dry.outcome.record.status == .dryRun)
        #expect(dry.outcome.record.succeeded == 2)
        #expect(try photos.candidateRows() == rowsBefore)
        #expect(photos.photoFiles() == [oldPath, sharedPath].sorted())

        let (outcome, _) = try photos.importPhotos(second)
        #expect(outcome.record.status == .succeeded)
        try photos.expectStored(TestRoot.id(1), new1)
        try photos.expectStored(TestRoot.id(2), new2)
        #expect(try photos.photo(TestRoot.id(3)) == sharedPath)
        // Candidate 1's old photo had no other reference: gone. Candidate 3 still uses the shared one.
        #expect(!FileManager.default.fileExists(atPath: photos.root.path + "/" + oldPath))
        #expect(FileManager.default.fileExists(atPath: photos.root.path + "/" + sharedPath))
        #expect(photos.photoFiles().count == 3)
    }

    @Test func dryRunWritesNoPhotoAndChangesNoStatus() throws {
        let photos = try PhotoRoot()
        let file = try photos.archive("dry.zip") { zip in
            for id in 1...3 { try zip.add(name: TestRoot.id(id) + ".jpg", bytes: try SamplePhotos.jpeg(seed: UInt64(id))) }
            try zip.add(name: TestRoot.id(4) + ".jpg", bytes: try SamplePhotos.bad(.blueBackground, seed: 4).bytes)
        }
        let rows = try photos.candidateRows()
        let records = try tableCount(try photos.test.store(), "import_records")
        let (dry, dryFailures) = try photos.importPhotos(file, dryRun: true)
        #expect(dry.record.status == .dryRun)
        #expect((dry.record.total, dry.record.succeeded, dry.record.failed) == (4, 3, 1))
        #expect(dryFailures.map(\.code) == [.photoBackground])
        #expect(photos.photoFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: photos.root.photosPath) || photos.photoFiles().isEmpty)
        #expect(try photos.candidateRows() == rows)
        #expect(try tableCount(try photos.test.store(), "import_records") == records)
        #expect(try photos.test.store().record(id: dry.record.id) == nil)

        let (real, realFailures) = try photos.importPhotos(file)
        #expect((real.record.total, real.record.succeeded, real.record.failed) == (4, 3, 1))
        #expect(realFailures.map(\.code) == dryFailures.map(\.code))
        #expect(photos.photoFiles().count == 3)
    }

    // MARK: file-level refusals

    enum Hostile: String, CaseIterable, CustomTestStringConvertible {
        case parentPath, absolutePath, symlink, encrypted, zipBomb, notAZip, onlyJunk, damagedAfterARun

        var testDescription: String { rawValue }

        var expectedCode: KaowuError.Code {
            switch self {
            case .parentPath, .absolutePath, .symlink: .fileUnsafe
            case .encrypted: .fileEncrypted
            case .zipBomb: .fileTooLarge
            case .notAZip: .fileNotZip
            case .onlyJunk: .fileEmpty
            case .damagedAfterARun: .fileDamaged
            }
        }
    }

    /// A refused archive: one `KaowuError`, no record, no candidate changed, no file created
    /// (neither photos in the data root nor anything next to it).
    @Test(arguments: Hostile.allCases)
    func hostileArchiveIsRefusedAndChangesNothing(_ hostile: Hostile) throws {
        let photos = try PhotoRoot(candidates: hostile == .damagedAfterARun ? 70 : 3)
        let good = try SamplePhotos.jpeg(seed: 1)
        let path = photos.test.path("in/hostile.zip")
        switch hostile {
        case .parentPath, .absolutePath, .symlink, .encrypted, .zipBomb:
            _ = try photos.archive("hostile.zip") { zip in
                try zip.add(name: TestRoot.id(1) + ".jpg", bytes: good)
                switch hostile {
                case .parentPath: try zip.add(name: "../x.jpg", bytes: good)
                case .absolutePath: try zip.add(name: "/abs.jpg", bytes: good)
                case .symlink:
                    try zip.add(name: TestRoot.id(2) + ".jpg", bytes: Array("/etc/passwd".utf8), options: .init(symbolicLink: true))
                case .encrypted: try zip.add(name: TestRoot.id(2) + ".jpg", bytes: good, options: .init(password: "123456"))
                default:
                    // Archive-level evidence: photo-sized entries of filler (one oversized entry
                    // alone only fails its row, see anOversizedEntryFailsOnlyItsRow).
                    for number in 2...5 { try zip.add(name: TestRoot.id(number) + ".jpg", bytes: [UInt8](repeating: 0, count: 4 << 20)) }
                }
            }
        case .notAZip:
            try Data("PK? no, a renamed Word document".utf8).write(to: URL(fileURLWithPath: path))
        case .onlyJunk:
            _ = try photos.archive("hostile.zip") { zip in
                try zip.addDirectory("__MACOSX")
                try zip.add(name: "__MACOSX/._\(TestRoot.id(1)).jpg", bytes: [0, 5, 22, 7])
                try zip.add(name: ".DS_Store", bytes: [0, 0, 0, 1])
            }
        case .damagedAfterARun:
            // More photos than one handed-over run (64), then an entry whose stored bytes are
            // corrupt: its CRC fails only when it is read, after earlier photos were applied.
            let last = try SamplePhotos.jpeg(seed: 2)
            _ = try photos.archive("hostile.zip") { zip in
                for id in 1...69 { try zip.add(name: TestRoot.id(id) + ".jpg", bytes: good, options: .init(compress: false)) }
                try zip.add(name: TestRoot.id(70) + ".jpg", bytes: last, options: .init(compress: false))
            }
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let range = try #require(data.range(of: Data(last)))
            data[range.lowerBound + last.count / 2] ^= 0xFF
            try data.write(to: URL(fileURLWithPath: path))
        }
        let before = PhotoRoot.listing(photos.test.directory)
        let rows = try photos.candidateRows()
        let records = try tableCount(try photos.test.store(), "import_records")

        do {
            let (outcome, _) = try photos.importPhotos(path)
            Issue.record("\(hostile) must be refused, got \(outcome.record.status) \(outcome.record.total)")
        } catch let error as KaowuError {
            #expect(error.code == hostile.expectedCode, "\(error.message) \(error.cause ?? "")")
            #expect(error.message.contains("hostile.zip"))
        }
        #expect(try tableCount(try photos.test.store(), "import_records") == records)
        #expect(try photos.candidateRows() == rows)
        #expect(photos.photoFiles().isEmpty, "refused import left \(photos.photoFiles())")
        #expect(PhotoRoot.listing(photos.test.directory) == before)
        #expect(!FileManager.default.fileExists(atPath: "/abs.jpg"))
    }

    @Test func unknownSchoolIsRefused() throws {
        let photos = try PhotoRoot(candidates: 1)
        let file = try photos.archive("ok.zip") { try $0.add(name: TestRoot.id(1) + ".jpg", bytes: try SamplePhotos.jpeg(seed: 1)) }
        do {
            _ = try Imports.photos(
                photos.test.request(kind: "photos", file: file, tenant: "NOPE"), root: photos.root, schoolCode: "NOPE")
            Issue.record("an unknown school must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .schoolNotFound)
        }
        #expect(try photos.status(TestRoot.id(1)) == .noPhoto)
    }
}
