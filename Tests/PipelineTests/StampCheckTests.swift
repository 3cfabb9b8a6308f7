import Domain
import Foundation
import Ingest
import Render
import SampleData
import Store
import Testing

@testable import Pipeline

/// Every stamp rule, each fed a stamp that breaks it; the sample stamps pass; the data root's
/// secret is private.
@Suite struct StampCheckTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString).png").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A square RGBA stamp: a filled disc, transparent around it (alpha given for the disc).
    static func disc(side: Int, inside: UInt8 = 255, outside: UInt8 = 0) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        for y in 0..<side {
            for x in 0..<side {
                let dx = x - side / 2
                let dy = y - side / 2
                let index = (y * side + x) * 4
                pixels[index] = 200
                pixels[index + 3] = dx * dx + dy * dy < side * side / 5 ? inside : outside
            }
        }
        return try ImageCodec.encodePNG(rgba: pixels, width: side, height: side)
    }

    static func problem(_ bytes: [UInt8], _ kind: StampKind) throws -> String? {
        let path = try file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return StampCheck.problem(path: path, kind: kind)
    }

    @Test func theSampleStampsPass() throws {
        #expect(try Self.problem(try SampleStamps.seal(), .seal) == nil)
        #expect(try Self.problem(try SampleStamps.signature(), .signature) == nil)
    }

    @Test func eachRuleRefusesTheStampThatBreaksIt() throws {
        #expect(StampCheck.problem(path: "/nonexistent/seal.png", kind: .seal)?.contains("找不到") == true)
        #expect(try Self.problem(try Self.disc(side: 200, inside: 255, outside: 255), .seal)?.contains("全部不透明") == true)
        #expect(try Self.problem(try Self.disc(side: 200, inside: 0, outside: 0), .seal)?.contains("完全透明") == true)
        let rgb = try ImageCodec.encodePNG(rgb: [UInt8](repeating: 90, count: 95 * 95 * 3), width: 95, height: 95)
        #expect(try Self.problem(rgb, .signature)?.contains("没有透明通道") == true)
        let wide = try ImageCodec.encodePNG(
            rgba: [UInt8](repeating: 0, count: 120 * 95 * 4).enumerated().map { $0.offset % 8 == 3 ? 255 : 0 }, width: 120, height: 95)
        #expect(try Self.problem(wide, .seal)?.contains("正方形") == true)
        #expect(try Self.problem(try Self.disc(side: 120), .signature)?.contains("95") == true)
        #expect(try Self.problem(try Self.disc(side: 100), .signature) == nil)
        let jpeg = try ImageCodec.encodeJPEG(rgb: [UInt8](repeating: 90, count: 95 * 95 * 3), width: 95, height: 95, quality: 90)
        #expect(try Self.problem(jpeg, .signature)?.contains("PNG") == true)
        #expect(try Self.problem(try Self.disc(side: 95) + [UInt8](repeating: 0, count: 1 << 20), .signature)?.contains("1 MB") == true)
        #expect(try Self.problem(Array(try Self.disc(side: 95).prefix(60)), .signature)?.contains("无法读取") == true)
    }

    @Test func theSecretIsPrivateAndKept() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaowu-secret-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try DataRoot.initialize(at: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: root.secretPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let secret = try root.secret(creating: false)
        _ = try DataRoot.initialize(at: directory)
        #expect(try root.secret(creating: false) == secret && secret.count == 64)
    }
}

/// The catalog registers stamp paths and checks them then: a stamp that could not be printed is
/// a warning on its row, the row is still imported.
@Suite struct CatalogStampTests {
    @Test func aBadStampInTheCatalogIsAWarningNotAFailure() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaowu-catalog-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = try DataRoot.initialize(at: directory + "/root")
        let opaque = try ImageCodec.encodePNG(rgb: [UInt8](repeating: 9, count: 95 * 95 * 3), width: 95, height: 95)
        try Data(opaque).write(to: URL(fileURLWithPath: directory + "/root/flat.png"))
        try Data(try SampleStamps.seal()).write(to: URL(fileURLWithPath: directory + "/seal.png"))
        let writer = try XlsxWorkbookWriter(path: directory + "/catalog.xlsx")
        let organizations = try writer.addSheet(named: "培训评价组织")
        for (column, text) in ["组织代码", "组织名称", "联系人", "联系电话", "印章文件"].enumerated() {
            try organizations.write(text, row: 0, column: column)
        }
        for (column, text) in ["ORG1", "某评价组织", "", "", directory + "/seal.png"].enumerated() where !text.isEmpty {
            try organizations.write(text, row: 1, column: column)
        }
        let schools = try writer.addSheet(named: "院校")
        for (column, text) in ["院校代码", "院校名称", "省份", "联系人", "联系电话", "站点负责人", "签章文件"].enumerated() {
            try schools.write(text, row: 0, column: column)
        }
        for (column, text) in ["S1", "某职业学院", "河南省", "", "", "王某", "flat.png"].enumerated() where !text.isEmpty {
            try schools.write(text, row: 1, column: column)
        }
        try writer.close()
        let outcome = try Imports.catalog(
            ImportRequest(
                kind: "catalog", file: directory + "/catalog.xlsx", tenant: "operator", operatorName: "test",
                clock: Clock.parse("2026-11-23T10:00:00+08:00")!, dryRun: false), root: root)
        #expect(outcome.record.failed == 0 && outcome.record.warnings == 1, "\(outcome.record)")
        let store = try Store(path: root.databasePath)
        let warnings = try store.connection.statement("SELECT code, column_name FROM import_failures WHERE severity = 'warning'").rows {
            "\(try $0.string(0)) \(try $0.string(1))"
        }
        #expect(warnings == ["stamp.invalid 签章文件"])
        #expect(try store.school(code: "S1")?.stampPath == "flat.png")
    }
}
