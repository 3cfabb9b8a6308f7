public import Domain
import Foundation
import Ingest
public import Store

/// Reads every data row of a workbook's first sheet as [column: text], with kaowu's own reader.
public func readRows(_ path: String) throws -> [[Int: String]] {
    let reader = try XlsxReader(path: path)
    var rows: [[Int: String]] = []
    try reader.forEachRow(inSheet: reader.sheets[0].name) { row in
        rows.append(Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value.text) }))
    }
    return rows
}

/// How many rows a table of the store holds.
public func tableCount(_ store: Store, _ table: String) throws -> Int {
    Int(try store.connection.statement("SELECT count(*) FROM \(table)").first { $0.integer(0) ?? 0 } ?? 0)
}

/// Every non-empty row of a workbook's first visible sheet, header included, as typed cells.
public func readCells(_ path: String) throws -> [[Int: CellValue]] {
    let reader = try XlsxReader(path: path)
    guard let sheet = reader.firstVisibleSheet else { return [] }
    var rows: [[Int: CellValue]] = []
    try reader.forEachRow(inSheet: sheet.name) { row in
        rows.append(Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) }))
    }
    return rows
}

/// The XML of one part of a workbook, through kaowu's own ZIP reader.
public func workbookPart(_ path: String, _ name: String) throws -> String {
    let archive = try ZipArchive(path: path, limits: .workbook)
    guard let index = archive.index(of: name) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
    return String(decoding: try archive.data(entryAt: index, maxBytes: 1 << 24), as: UTF8.self)
}
