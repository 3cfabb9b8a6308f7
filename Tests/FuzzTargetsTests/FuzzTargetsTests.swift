import Domain
import Foundation
import TestSupport
import Testing

@testable import FuzzTargets

/// The fuzz harness reaches the readers (a valid seed is read to its last cell, so mutations start
/// from inputs that get all the way through), and every crasher the fuzzer found stays fixed.
@Suite struct FuzzTargetsTests {
    @Test func validWorkbookIsReadToTheLastCell() {
        let values = FuzzTarget.readWorkbook(FuzzTarget.workbook(replacing: "", with: []))
        #expect(values.count == 9)
        #expect(values.first?.text == "姓名")
        #expect(values.contains { $0.text == "11010519491231002X" })
    }

    @Test func storedZipChecksumIsTheZipCRC() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsRun(_ target: FuzzTarget) {
        #expect(!target.seeds.isEmpty)
        #expect(target.seeds.allSatisfy { !$0.isEmpty })
        for seed in target.seeds { target.run(seed) }
    }

    /// Every input under `Tests/Fixtures/fuzz/<target>/` once made a target trap or hang.
    @Test(arguments: FuzzTarget.allCases)
    func crashersStayFixed(_ target: FuzzTarget) throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/fuzz/\(target.rawValue)").standardized.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() {
            let data = try #require(FileManager.default.contents(atPath: directory + "/" + name))
            target.run(Array(data))
        }
    }
}
