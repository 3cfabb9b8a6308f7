import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// An in-memory candidate directory standing in for the store.
final class MemoryDirectory: CandidateDirectory {
    var owners: [String: CandidateOwnership] = [:]
    func ownership(idNumber: String) throws -> CandidateOwnership? { owners[idNumber] }
}

enum Fixture {
    static let clock = Clock.parse("2026-11-23T10:00:00+08:00")!
    static let regions = try! RegionTable.load()
    static let idRules = IDNumberRules(regions: regions, clock: clock)

    /// A valid resident ID for a region and birth date, with its check digit.
    static func id(_ region: String = "110101", _ birth: String = "20000101", _ sequence: String = "123") -> String {
        let first17 = region + birth + sequence
        return first17 + String(IDNumberRules.checkCharacter(forFirst17: first17))
    }

    static func text(_ value: String) -> CellValue { CellValue(type: .string, text: value) }

    /// A valid 院校考生 row, with overrides by column position (nil clears the cell).
    static func row(_ overrides: [Int: CellValue] = [:], cleared: Set<Int> = [], row: Int = 3) -> RowCells {
        var values: [CellValue?] = [
            text("张三"), text("zhang san"), text("居民身份证"), text(id()), text("13800138000"), text("软件技术"),
            text("高职专科"), CellValue(type: .number, text: "2024"), nil,
        ]
        for (position, value) in overrides { values[position] = value }
        for position in cleared { values[position] = nil }
        return RowCells(row: row, values: values)
    }

    static func rules(
        _ directory: MemoryDirectory = MemoryDirectory(), mode: CandidateImportMode = .create, category: CandidateCategory = .school
    ) -> CandidateRules {
        CandidateRules(schoolCode: "S1", category: category, mode: mode, recordID: "R1", idRules: idRules, directory: directory)
    }
}
