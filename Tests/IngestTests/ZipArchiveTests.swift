import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Runs a python3 snippet (standard library only) to build hostile zips at test time.
func runPython(_ script: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PythonFailed(message: String(decoding: message, as: UTF8.self))
    }
}

struct PythonFailed: Error, CustomStringConvertible {
    let message: String
    var description: String { "python3 failed: \(message)" }
}

enum ZipScripts {
    /// argv: output, then name/size pairs; each entry is `size` zero bytes, deflated.
    static let zeros = """
        import sys, zipfile
        out = sys.argv[1]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, size in zip(sys.argv[2::2], sys.argv[3::2]):
                z.writestr(name, b"\\0" * int(size))
        """

    /// argv: source, output, entry — copies the archive and sets the "encrypted" flag bit of
    /// `entry` in its local header and central-directory record (the data stays plain).
    static let markEncrypted = """
        import struct, sys, zipfile
        src, dst, target = sys.argv[1:4]
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zout.writestr(info.filename, zin.read(info.filename))
        data = bytearray(open(dst, "rb").read())
        with zipfile.ZipFile(dst) as z:
            data[z.getinfo(target).header_offset + 6] |= 1
        i = data.find(b"PK\\x01\\x02")
        while i != -1:
            n = struct.unpack("<H", bytes(data[i + 28:i + 30]))[0]
            if bytes(data[i + 46:i + 46 + n]).decode() == target:
                data[i + 8] |= 1
            i = data.find(b"PK\\x01\\x02", i + 46 + n)
        open(dst, "wb").write(data)
        """

    /// argv: source, output, entry, count — copies the archive, padding `entry` with `count`
    /// spaces right after `<sheetData>` (valid XML that deflates ~1000:1).
    static let padSheet = """
        import sys, zipfile
        src, dst, target, count = sys.argv[1:5]
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == target:
                    data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * int(count), 1)
                zout.writestr(info.filename, data)
        """
}

@Suite struct ZipArchiveTests {
    static let generous = ZipLimits(maxEntryBytes: 1 << 30, maxTotalBytes: 1 << 31, maxRatio: 1_000_000, maxEntries: 1000)

    @Test func listsAndLocatesEntries() throws {
        let archive = try ZipArchive(path: Fixture.path("excel-like.xlsx"), limits: .workbook)
        let names = try (0..<archive.entryCount).map { try archive.entry(at: $0).name }
        #expect(names.contains("xl/workbook.xml"))
        #expect(names.contains("xl/worksheets/data_x.xml"))
        let index = try #require(archive.index(of: "xl/workbook.xml"))
        #expect(try archive.entry(at: index).name == "xl/workbook.xml")
        #expect(try archive.entry(at: index).encrypted == false)
        #expect(archive.index(of: "xl/worksheets/sheet2.xml") == nil)
        let bytes = try archive.data(entryAt: index, maxBytes: 1 << 20)
        #expect(String(decoding: bytes, as: UTF8.self).contains("考生信息"))
    }

    @Test func tinyEntryLimitThrowsEntryTooLarge() throws {
        let limits = ZipLimits(maxEntryBytes: 16, maxTotalBytes: 1 << 30, maxRatio: 1_000_000, maxEntries: 1000)
        let archive = try ZipArchive(path: Fixture.path("excel-like.xlsx"), limits: limits)
        let index = try #require(archive.index(of: "xl/workbook.xml"))
        var delivered = 0
        let error = #expect(throws: ZipError.self) {
            try archive.read(entryAt: index) { delivered += $0.count }
        }
        #expect(error?.reason == .entryTooLarge)
        #expect(delivered == 0)  // the over-limit chunk is never handed on
    }

    @Test func dataMaxBytesIsEnforced() throws {
        let archive = try ZipArchive(path: Fixture.path("excel-like.xlsx"), limits: .workbook)
        let index = try #require(archive.index(of: "xl/workbook.xml"))
        let error = #expect(throws: ZipError.self) { _ = try archive.data(entryAt: index, maxBytes: 10) }
        #expect(error?.reason == .entryTooLarge)
    }

    @Test func highRatioEntryThrowsRatioTooHigh() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("zeros.zip")
        try runPython(ZipScripts.zeros, [path, "zeros.bin", String(5 << 20)])

        var limits = Self.generous
        limits.maxRatio = 100
        let archive = try ZipArchive(path: path, limits: limits)
        let index = try #require(archive.index(of: "zeros.bin"))
        let error = #expect(throws: ZipError.self) { try archive.read(entryAt: index) { _ in } }
        #expect(error?.reason == .ratioTooHigh)

        // The same entry under generous limits inflates completely.
        let relaxed = try ZipArchive(path: path, limits: Self.generous)
        var total = 0
        var allZero = true
        try relaxed.read(entryAt: index) { chunk in
            total += chunk.count
            if chunk.contains(where: { $0 != 0 }) { allZero = false }
        }
        #expect(total == 5 << 20)
        #expect(allZero)
    }

    @Test func totalLimitCountsAcrossEntries() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("two.zip")
        try runPython(ZipScripts.zeros, [path, "a.bin", "1000", "b.bin", "1000"])

        var limits = Self.generous
        limits.maxTotalBytes = 1500
        let archive = try ZipArchive(path: path, limits: limits)
        try archive.read(entryAt: try #require(archive.index(of: "a.bin"))) { _ in }
        let error = #expect(throws: ZipError.self) {
            try archive.read(entryAt: try #require(archive.index(of: "b.bin"))) { _ in }
        }
        #expect(error?.reason == .archiveTooLarge)
    }

    @Test func tooManyEntriesIsRefused() throws {
        var limits = Self.generous
        limits.maxEntries = 1
        let error = #expect(throws: ZipError.self) {
            _ = try ZipArchive(path: Fixture.path("excel-like.xlsx"), limits: limits)
        }
        #expect(error?.reason == .archiveTooLarge)
    }

    @Test func notAZip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("plain.xlsx")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ZipError.self) { _ = try ZipArchive(path: path, limits: .workbook) }
        #expect(error?.reason == .notAZip)
    }

    @Test func encryptedEntry() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("locked.xlsx")
        try runPython(ZipScripts.markEncrypted, [Fixture.path("minimal-sheet1.xlsx"), path, "xl/workbook.xml"])

        let archive = try ZipArchive(path: path, limits: .workbook)
        let index = try #require(archive.index(of: "xl/workbook.xml"))
        #expect(try archive.entry(at: index).encrypted)
        let error = #expect(throws: ZipError.self) { try archive.read(entryAt: index) { _ in } }
        #expect(error?.reason == .encrypted)

        #expect(kaowuErrorCode { _ = try XlsxReader(path: path) } == .fileEncrypted)
    }

    @Test func bombedSheetIsTooLarge() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("padded.xlsx")
        try runPython(ZipScripts.padSheet, [Fixture.path("minimal-sheet1.xlsx"), path, "xl/worksheets/sheet1.xml", String(8 << 20)])

        // Opening reads only the small parts; the sheet is refused when streamed.
        let reader = try XlsxReader(path: path)
        #expect(kaowuErrorCode { try reader.forEachRow(inSheet: "Sheet1") { _ in } } == .fileTooLarge)
    }

    @Test func paddedSheetWithinLimitsStillReads() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.path("padded-small.xlsx")
        try runPython(ZipScripts.padSheet, [Fixture.path("minimal-sheet1.xlsx"), path, "xl/worksheets/sheet1.xml", "100000"])
        let rows = try readRows(XlsxReader(path: path), sheet: "Sheet1")
        #expect(rows.map { $0.cells.map(\.text) } == [["姓名", "证件号码"], ["张三", "110101200001011234"]])
    }
}
