public import Domain
import Foundation
import Ingest
import Validate

/// `kaowu inspect`: a file as kaowu's reader sees it — sheets, typed cells, and for a kind the
/// header row found and the column mapping. The user's answer to "why is a column missing?".
public struct InspectReport: Encodable {
    public struct Row {
        public let number: Int
        public let cells: [(ref: String, value: CellValue)]
    }

    /// Every sheet of the workbook with its state (visible, hidden, veryHidden).
    public let sheets: [(name: String, state: String)]
    public let sheet: String
    public let rows: [Row]
    public let totalRows: Int
    public let header: HeaderMatch?
    public let headerRow: Int?

    public static func make(path: String, sheet: String?, kind: TemplateKind?, category: CandidateCategory, limit: Int) throws
        -> InspectReport
    {
        let reader = try XlsxReader(path: path)
        let schema = kind?.schemas(category: category).first
        guard
            let chosen = sheet ?? schema.flatMap({ schema in reader.sheets.first { schema.sheetNames.contains($0.name) }?.name })
                ?? reader.firstVisibleSheet?.name
        else {
            throw KaowuError(.fileNotXlsx, "文件中没有工作表")
        }
        var collector = Collector(schema: schema, limit: limit)
        try reader.forEachRow(inSheet: chosen) { collector.add($0) }
        let search = collector.search
        return InspectReport(
            sheets: reader.sheets.map { ($0.name, $0.state.rawValue) }, sheet: chosen, rows: collector.rows, totalRows: collector.total,
            header: search.flatMap { $0.found ?? $0.best },
            headerRow: search.flatMap { $0.found != nil ? $0.foundRow : $0.bestRow })
    }

    /// Accumulates rows and header candidates while the sheet streams.
    private struct Collector {
        var search: HeaderSearch?
        let limit: Int
        var rows: [Row] = []
        var total = 0

        init(schema: TableSchema?, limit: Int) {
            self.search = schema.map(HeaderSearch.init(schema:))
            self.limit = limit
        }

        mutating func add(_ row: SheetRow) {
            total += 1
            let cells = row.cells
            _ = search?.consider(row: row.number, cells: cells.map { ($0.column, $0.value.text) })
            if limit == 0 || rows.count < limit {
                rows.append(
                    Row(number: row.number, cells: cells.map { (InspectReport.reference(column: $0.column, row: row.number), $0.value) }))
            }
        }
    }

    /// "A1"-style reference for a zero-based column and a 1-based row.
    public static func reference(column: Int, row: Int) -> String {
        var letters = ""
        var value = column + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            letters = String(Character(Unicode.Scalar(UInt8(65 + remainder)))) + letters
            value = (value - 1) / 26
        }
        return letters + String(row)
    }

    private enum Key: String, CodingKey {
        case sheets, sheet, rowCount, rows, header, name, state, row, cells, ref, type, value, columns, required, sheetColumn
        case missingRequired
    }

    /// `kaowu inspect --json`: nullable places (a header row not found, a column missing) are
    /// `null`, not absent keys.
    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        var sheetList = object.nestedUnkeyedContainer(forKey: .sheets)
        for entry in sheets {
            var item = sheetList.nestedContainer(keyedBy: Key.self)
            try item.encode(entry.name, forKey: .name)
            try item.encode(entry.state, forKey: .state)
        }
        try object.encode(sheet, forKey: .sheet)
        try object.encode(totalRows, forKey: .rowCount)
        var rowList = object.nestedUnkeyedContainer(forKey: .rows)
        for row in rows {
            var item = rowList.nestedContainer(keyedBy: Key.self)
            try item.encode(row.number, forKey: .row)
            var cells = item.nestedUnkeyedContainer(forKey: .cells)
            for cell in row.cells {
                var entry = cells.nestedContainer(keyedBy: Key.self)
                try entry.encode(cell.ref, forKey: .ref)
                try entry.encode(cell.value.type.rawValue, forKey: .type)
                try entry.encode(cell.value.text, forKey: .value)
            }
        }
        guard let header else { return }
        var headerObject = object.nestedContainer(keyedBy: Key.self, forKey: .header)
        try headerObject.encode(headerRow, forKey: .row)
        var columns = headerObject.nestedUnkeyedContainer(forKey: .columns)
        for (spec, column) in zip(header.schema.columns, header.sheetColumns) {
            var entry = columns.nestedContainer(keyedBy: Key.self)
            try entry.encode(spec.name, forKey: .name)
            try entry.encode(spec.required, forKey: .required)
            try entry.encode(column.map { InspectReport.reference(column: $0, row: headerRow ?? 1) }, forKey: .sheetColumn)
        }
        try headerObject.encode(header.missingRequired, forKey: .missingRequired)
    }
}
