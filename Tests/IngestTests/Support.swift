import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Shared helpers for the Ingest tests: fixture paths, per-test temp dirs, row capture.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/xlsx")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

/// A row copied out of the reader's callback (a `SheetRow` is only valid during it).
struct CapturedRow: Equatable {
    let number: Int
    let cells: [Cell]

    struct Cell: Equatable, CustomStringConvertible {
        let column: Int
        let type: CellType
        let text: String
        var description: String { "\(column):\(type.rawValue):\(text)" }
    }

    func value(_ column: Int) -> CellValue? {
        cells.first { $0.column == column }.map { CellValue(type: $0.type, text: $0.text) }
    }
}

func readRows(_ reader: XlsxReader, sheet: String, batchSize: Int = 2048) throws -> [CapturedRow] {
    var rows: [CapturedRow] = []
    try reader.forEachRow(inSheet: sheet, batchSize: batchSize) { row in
        rows.append(
            CapturedRow(
                number: row.number,
                cells: row.cells.map { CapturedRow.Cell(column: $0.column, type: $0.value.type, text: $0.value.text) }))
    }
    return rows
}

/// "AB12" → (column 27, row 12).
func cellReference(_ reference: String) -> (column: Int, row: Int)? {
    var column = 0
    var digits = ""
    for character in reference {
        if let ascii = character.asciiValue, character.isLetter {
            column = column * 26 + Int(ascii & 0xDF) - 64
        } else {
            digits.append(character)
        }
    }
    guard column > 0, let row = Int(digits) else { return nil }
    return (column - 1, row)
}

/// Kaowu's trimming rule, for turning the fixture expectations (stored as-is) into what the
/// reader returns.
func trimmedLikeReader(_ text: String) -> String {
    text.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
}
