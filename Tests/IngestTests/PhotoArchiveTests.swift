import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Photo archives written at test time with `ZipWriter`.
@Suite struct PhotoArchiveTests {
    static let id = "110101199003077777"
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 300) + [0xFF, 0xD9]

    /// Writes `entries` (name, bytes) to a fresh archive in `temp` and returns its path.
    static func archive(
        _ temp: TemporaryDirectory, _ entries: [(String, [UInt8])], file: String = "photos.zip",
        extra: (ZipWriter) throws -> Void = { _ in }
    ) throws -> String {
        let path = temp.path(file)
        let writer = try ZipWriter(path: path)
        for (name, bytes) in entries { try writer.add(name: name, bytes: bytes) }
        try extra(writer)
        try writer.close()
        return path
    }

    static func zipError(_ body: () throws -> Void) -> ZipError? {
        do {
            try body()
            return nil
        } catch let error as ZipError {
            return error
        } catch {
            return nil
        }
    }

    /// "照片" in GBK, as Chinese Windows stores it without the UTF-8 flag.
    static let gbkFolder: [UInt8] = [0xD5, 0xD5, 0xC6, 0xAC]

    @Test func gbkNamesDecode() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, []) { writer in
            try writer.add(rawName: Self.gbkFolder + Array("/\(Self.id).jpg".utf8), bytes: Self.jpeg)
            // 考生 (GBK BF BC C9 FA) + a four-byte GB18030 sequence for U+20000 (95 32 82 36).
            try writer.add(
                rawName: [0xBF, 0xBC, 0xC9, 0xFA, 0x95, 0x32, 0x82, 0x36, 0x2F] + Array("110101199003070075.png".utf8), bytes: Self.jpeg)
            try writer.add(rawName: [0xFF, 0xFE, 0x2E, 0x6A, 0x70, 0x67], bytes: Self.jpeg)
        }
        // The writer really stored raw names: no UTF-8 flag (bit 11) in any central record.
        #expect(try centralRecords(path).allSatisfy { $0.flags & 0x0800 == 0 })

        let archive = try PhotoArchive(path: path)
        #expect(archive.entries.map(\.name) == ["照片/\(Self.id).jpg", "考生\u{20000}/110101199003070075.png", "\u{FFFD}\u{FFFD}.jpg"])
        #expect(archive.entries[0].kind == .photo(idNumber: Self.id, fileExtension: "jpg"))
        #expect(archive.entries[0].fileName == "\(Self.id).jpg")
        #expect(archive.entries[1].kind == .photo(idNumber: "110101199003070075", fileExtension: "png"))
        #expect(archive.entries[2].kind == .undecodableName)
    }

    @Test func nameDecodingHelper() {
        #expect(EntryNameDecoding.decode(Array("照片/a.jpg".utf8)) == "照片/a.jpg")
        #expect(EntryNameDecoding.decode(Self.gbkFolder) == "照片")
        #expect(EntryNameDecoding.decode([0xD5]) == nil)  // truncated double-byte character
        #expect(EntryNameDecoding.decode([0x81, 0x20]) == nil)  // invalid trail byte
        #expect(EntryNameDecoding.decode([]) == "")
    }

    @Test func utf8NamesAndExtensions() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(
            temp,
            [
                ("照片/11010119900307777x.JPG", Self.jpeg), (" 110101199003070075 .Jpeg", Self.jpeg),
                ("110101199003070091.png", Self.jpeg), ("readme.txt", Array("hi".utf8)), ("abc.gif", Self.jpeg),
                ("noextension", Self.jpeg), ("照片/.jpg", Self.jpeg), ("照片/ .png", Self.jpeg),
            ])
        let archive = try PhotoArchive(path: path)
        #expect(
            archive.entries.map(\.kind) == [
                .photo(idNumber: "11010119900307777X", fileExtension: "jpg"),
                .photo(idNumber: "110101199003070075", fileExtension: "jpeg"),
                .photo(idNumber: "110101199003070091", fileExtension: "png"),
                .unsupportedExtension("txt"), .unsupportedExtension("gif"), .unsupportedExtension(""), .missingIDNumber,
            ])
        #expect(archive.ignoredCount == 1)  // "照片/.jpg" is a hidden file, not a nameless photo
    }

    @Test func junkIsIgnoredAndNotCounted() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(
            temp,
            [
                ("__MACOSX/照片/._\(Self.id).jpg", [0, 5, 22, 7]), ("._\(Self.id).jpg", [0, 5, 22, 7]),
                (".DS_Store", [0, 0, 0, 1]), ("照片/Thumbs.db", [1, 2]), ("照片/desktop.ini", [1]),
                (".hidden/\(Self.id).jpg", Self.jpeg), ("照片/\(Self.id).jpg", Self.jpeg),
            ]
        ) { writer in
            try writer.addDirectory("照片")
            try writer.addDirectory("__MACOSX")
        }
        let archive = try PhotoArchive(path: path)
        #expect(archive.entries.map(\.name) == ["照片/\(Self.id).jpg"])
        #expect(archive.ignoredCount == 8)
    }

    @Test func nestingTakesTheFileName() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, [("2026届/机电1班/\(Self.id).jpg", Self.jpeg), ("照片\\\(Self.id).png", Self.jpeg)])
        let archive = try PhotoArchive(path: path)
        #expect(
            archive.entries.map(\.kind) == [
                .photo(idNumber: Self.id, fileExtension: "jpg"), .photo(idNumber: Self.id, fileExtension: "png"),
            ])
        #expect(archive.entries[1].fileName == "\(Self.id).png")
    }

    @Test(arguments: [
        "../x.jpg", "/etc/x.jpg", "a/../../x.jpg", "C:\\x.jpg", "..\\x.jpg", "c:x.jpg", "照片\\..\\x.jpg",
        "\\\\server\\share\\x.jpg", "a/.../x.jpg", "__MACOSX/../x.jpg",
    ])
    func unsafeNamesRefuseTheFile(name: String) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, [("照片/\(Self.id).jpg", Self.jpeg), (name, Self.jpeg)])
        let error = Self.zipError { _ = try PhotoArchive(path: path) }
        #expect(error?.reason == .unsafeName)
    }

    @Test func symlinkRefusesTheFile() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, [("照片/\(Self.id).jpg", Self.jpeg)]) { writer in
            try writer.add(name: "110101199003070075.jpg", bytes: Array("/etc/passwd".utf8), options: .init(symbolicLink: true))
        }
        #expect(try ZipArchive(path: path, limits: .photoArchive).entry(at: 1).isSymbolicLink)
        #expect(try ZipArchive(path: path, limits: .photoArchive).entry(at: 0).isSymbolicLink == false)
        let error = Self.zipError { _ = try PhotoArchive(path: path) }
        #expect(error?.reason == .symbolicLink)
    }

    @Test func encryptedEntryRefusesTheWholeArchive() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, [("照片/\(Self.id).jpg", Self.jpeg)]) { writer in
            try writer.add(name: "readme.txt", bytes: Array("secret".utf8), options: .init(password: "123456"))
        }
        #expect(try ZipArchive(path: path, limits: .photoArchive).entry(at: 1).encrypted)
        let error = Self.zipError { _ = try PhotoArchive(path: path) }
        #expect(error?.reason == .encrypted)
        #expect(error?.detail.contains("加密的压缩包") == true)
    }

    /// One oversized entry that compresses well is that row's failure (read from its declared
    /// size, never inflated), not a bomb refusing the school's other photos.
    @Test func anOversizedEntryCostsOnlyItsRow() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(
            temp, [("照片/\(Self.id).jpg", Array(repeating: 0, count: 50 << 20)), ("照片/110101199003070075.jpg", Self.jpeg)])
        let record = try #require(try centralRecords(path).first)
        #expect(record.size == 50 << 20)
        #expect(record.compressedSize < 100_000)
        let archive = try PhotoArchive(path: path)
        let results = try archive.entries.map { try archive.read($0) }
        #expect(results == [.tooLarge(declaredSize: 50 << 20, inflated: 0), .bytes(Self.jpeg)])
    }

    /// Many photo-sized entries of filler: the declared ratio of what would be inflated refuses
    /// the archive before a byte is inflated.
    @Test func declaredRatioBombIsRefusedWithoutInflating() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, (0..<4).map { ("照片/\($0).jpg", Array(repeating: 0, count: 4 << 20)) })
        let error = Self.zipError { _ = try PhotoArchive(path: path) }
        #expect(error?.reason == .ratioTooHigh)
    }

    @Test func declaredTotalAndEntryCountLimits() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, (0..<5).map { ("\($0).jpg", Self.jpeg) })
        var limits = ZipLimits.photoArchive
        limits.maxTotalBytes = 4 * Int64(Self.jpeg.count)
        #expect(Self.zipError { _ = try PhotoArchive(path: path, limits: limits) }?.reason == .archiveTooLarge)
        limits = .photoArchive
        limits.maxEntries = 4
        #expect(Self.zipError { _ = try PhotoArchive(path: path, limits: limits) }?.reason == .archiveTooLarge)
        limits.maxEntries = 5
        #expect(try PhotoArchive(path: path, limits: limits).entries.count == 5)
    }

    @Test func notAZip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("photos.zip")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(Self.zipError { _ = try PhotoArchive(path: path) }?.reason == .notAZip)
    }

    @Test func streamsBytesOnDemand() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47] + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = try Self.archive(temp, [("a/\(Self.id).jpg", Self.jpeg), ("readme.txt", [1]), ("b/110101199003070075.png", png)])
        let archive = try PhotoArchive(path: path)
        var seen: [String: [UInt8]] = [:]
        for entry in archive.entries {
            guard case .photo(let id, _) = entry.kind else { continue }
            guard case .bytes(let bytes) = try archive.read(entry) else {
                Issue.record("not read: \(entry.name)")
                continue
            }
            seen[id] = bytes
        }
        #expect(seen == [Self.id: Self.jpeg, "110101199003070075": png])
    }

    @Test func oversizePhotoIsReportedFromItsDeclaredSize() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let big = randomBytes(Int(PhotoArchive.maxPhotoBytes) + 1)
        let path = try Self.archive(temp, []) { writer in
            try writer.add(name: "\(Self.id).jpg", bytes: big, options: .init(compress: false))
            try writer.add(name: "110101199003070075.jpg", bytes: Array(big.prefix(Int(PhotoArchive.maxPhotoBytes))))
        }
        let archive = try PhotoArchive(path: path)
        let results = try archive.entries.map { try archive.read($0) }
        #expect(results.count == 2)
        #expect(results.first == .tooLarge(declaredSize: PhotoArchive.maxPhotoBytes + 1, inflated: 0))
        #expect(results.last == .bytes(Array(big.prefix(Int(PhotoArchive.maxPhotoBytes)))))
    }

    @Test func lyingSizeIsStoppedByTheBytesActuallyInflated() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = try Self.archive(temp, []) { writer in
            try writer.add(name: "\(Self.id).jpg", bytes: randomBytes(8 << 20), options: .init(compress: false))
            try writer.add(name: "110101199003070075.jpg", bytes: Array(repeating: 0, count: 20 << 20))
        }
        // Both central records (and local headers) now claim 1,000 bytes.
        try patchDeclaredSizes(path, to: 1000)
        let archive = try PhotoArchive(path: path)  // the central directory looks harmless
        #expect(archive.entries.map(\.declaredSize) == [1000, 1000])

        // Incompressible or zeros: the bound stops inflating at 5 MiB + 1, and each lying entry
        // fails its own row.
        let results = try archive.entries.map { try archive.read($0) }
        let stopped = PhotoArchive.Contents.tooLarge(declaredSize: 1000, inflated: Int(PhotoArchive.maxPhotoBytes) + 1)
        #expect(results == [stopped, stopped])
    }

    @Test func prefixInflatesNoFurtherThanAsked() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let bytes = randomBytes(300_000)
        let path = try Self.archive(temp, [("x.bin", bytes)])
        let archive = try ZipArchive(path: path, limits: .photoArchive)
        #expect(try archive.prefix(entryAt: 0, maxBytes: 70_001) == Array(bytes.prefix(70_001)))
        #expect(try archive.prefix(entryAt: 0, maxBytes: 1 << 20) == bytes)
    }

    @Test func writerRoundTrip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let payload = randomBytes(40_000)
        let path = try Self.archive(temp, [("a.bin", payload), ("empty.txt", []), ("照片/说明.txt", Array("你好".utf8))]) { writer in
            try writer.add(name: "stored.bin", bytes: payload, options: .init(compress: false))
            try writer.addDirectory("空目录")
        }
        let archive = try ZipArchive(path: path, limits: .photoArchive)
        let names = try (0..<archive.entryCount).map { try archive.entry(at: $0).name }
        #expect(names == ["a.bin", "empty.txt", "照片/说明.txt", "stored.bin", "空目录/"])
        #expect(try archive.data(entryAt: 0, maxBytes: 1 << 20) == payload)
        #expect(try archive.data(entryAt: 1, maxBytes: 1 << 20) == [])
        #expect(try archive.data(entryAt: 2, maxBytes: 1 << 20) == Array("你好".utf8))
        #expect(try archive.data(entryAt: 3, maxBytes: 1 << 20) == payload)
        #expect(try archive.entry(at: 3).compressedSize == Int64(payload.count))  // stored
        // No spool file is left next to the archive.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path) == ["photos.zip"])
    }
}

private func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count + 8)
    bytes.withUnsafeMutableBytes { buffer in
        for offset in stride(from: 0, to: count, by: 8) { buffer.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self) }
    }
    return Array(bytes.prefix(count))
}

/// The central-directory records of a ZIP without an archive comment (all `ZipWriter` writes).
private struct CentralRecord {
    let offset: Int
    let flags: UInt16
    let compressedSize: UInt32
    let size: UInt32
    let localHeaderOffset: Int
}

private func centralRecords(_ path: String) throws -> [CentralRecord] {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    let end = data.count - 22
    guard end >= 0, u32(end) == 0x0605_4b50 else { throw ZipError(reason: .damaged, detail: "no end record") }
    var at = u32(end + 16)
    var records: [CentralRecord] = []
    for _ in 0..<u16(end + 10) {
        guard u32(at) == 0x0201_4b50 else { throw ZipError(reason: .damaged, detail: "bad central record") }
        records.append(
            CentralRecord(
                offset: at, flags: UInt16(u16(at + 8)), compressedSize: UInt32(u32(at + 20)), size: UInt32(u32(at + 24)),
                localHeaderOffset: u32(at + 42)))
        at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32)
    }
    return records
}

/// Overwrites every entry's uncompressed size, in its central record and its local header.
private func patchDeclaredSizes(_ path: String, to size: UInt32) throws {
    var data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    for record in try centralRecords(path) {
        for at in [record.offset + 24, record.localHeaderOffset + 22] {
            for byte in 0..<4 { data[at + byte] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(byte))) }
        }
    }
    try Data(data).write(to: URL(fileURLWithPath: path))
}
