/// One column of an import template: its Chinese header, whether it is required, the other
/// headers users write for it, and the hint shown in the template.
public struct ColumnSpec: Hashable, Sendable {
    public let name: String
    public let required: Bool
    public let aliases: [String]
    public let hint: String
    /// Values offered as a drop-down in the template (empty: free text).
    public let choices: [String]
    /// Formatted as text in the template (ID and phone numbers).
    public let text: Bool

    public init(_ name: String, required: Bool, aliases: [String] = [], hint: String = "", choices: [String] = [], text: Bool = false) {
        self.name = name
        self.required = required
        self.aliases = aliases
        self.hint = hint
        self.choices = choices
        self.text = text
    }
}

/// The columns of one sheet kind, and how to find its header row in a user's file.
public struct TableSchema: Hashable, Sendable {
    public let title: String
    public let sheetNames: [String]
    public let columns: [ColumnSpec]

    public init(title: String, sheetNames: [String], columns: [ColumnSpec]) {
        self.title = title
        self.sheetNames = sheetNames
        self.columns = columns
    }

    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The position of the column named `name` (its canonical name, not an alias). Rules read
    /// cells at positions resolved this way once, when the rules are made, so a template's
    /// columns can be reordered without a rule reading the wrong cell. A name the schema lacks
    /// is a programming error.
    public func position(_ name: String) -> Int {
        guard let position = index(of: name) else { preconditionFailure("\(title) has no column \(name)") }
        return position
    }

    /// Header text as users write it → comparable key: no `*`/`＊`, no spaces, no full-width
    /// parentheses differences, and no trailing notes in parentheses.
    public static func normalizeHeader(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "*", "＊", " ", "\u{3000}", "\t", "\n", "\r": continue
            case "（": result.append("(")
            case "）": result.append(")")
            default: result.append(character)
            }
        }
        if let open = result.firstIndex(of: "("), result.hasSuffix(")"), open != result.startIndex {
            result = String(result[..<open])
        }
        return result
    }

    /// Maps header cells (column index → text) to schema columns; nil entries are unmatched.
    public func match(header: [(column: Int, text: String)]) -> HeaderMatch {
        var mapping = [Int?](repeating: nil, count: columns.count)
        for (column, text) in header {
            let key = TableSchema.normalizeHeader(text)
            guard !key.isEmpty else { continue }
            for (position, spec) in columns.enumerated() where mapping[position] == nil {
                if TableSchema.normalizeHeader(spec.name) == key || spec.aliases.contains(where: { TableSchema.normalizeHeader($0) == key })
                {
                    mapping[position] = column
                    break
                }
            }
        }
        return HeaderMatch(schema: self, sheetColumns: mapping, header: header)
    }
}

/// The result of matching a candidate header row against a schema.
public struct HeaderMatch: Sendable {
    public let schema: TableSchema
    /// For each schema column, the sheet column that carries it.
    public let sheetColumns: [Int?]
    /// The header row's cells as read (column index, text), for the failed-rows workbook.
    public let header: [(column: Int, text: String)]

    public var matchedCount: Int { sheetColumns.compactMap { $0 }.count }

    public var missingRequired: [String] {
        zip(schema.columns, sheetColumns).compactMap { spec, column in spec.required && column == nil ? spec.name : nil }
    }
}

/// One data row as rules see it: the sheet row number and, per schema column, the cell.
public struct RowCells: Sendable {
    public let row: Int
    public let values: [CellValue?]

    public init(row: Int, values: [CellValue?]) {
        self.row = row
        self.values = values
    }

    public subscript(_ position: Int) -> CellValue? { position < values.count ? values[position] : nil }
}

/// Finds the header row among the first rows of a sheet (a title or instructions row may sit
/// above it): the first row that carries every required column and at least two columns. It
/// remembers the best partial match, so a refusal can name the columns that are missing.
public struct HeaderSearch: Sendable {
    /// How many non-blank rows are searched before the file is refused.
    public static let rowLimit = 20

    public let schema: TableSchema
    public private(set) var found: HeaderMatch?
    public private(set) var foundRow: Int?
    public private(set) var best: HeaderMatch?
    public private(set) var bestRow: Int?
    public private(set) var searched = 0

    public init(schema: TableSchema) { self.schema = schema }

    /// Looks at one more row; true when it is the header.
    public mutating func consider(row: Int, cells: [(column: Int, text: String)]) -> Bool {
        guard found == nil, searched < HeaderSearch.rowLimit else { return false }
        searched += 1
        let match = schema.match(header: cells)
        if match.missingRequired.isEmpty, match.matchedCount >= min(2, schema.columns.count) {
            found = match
            foundRow = row
            return true
        }
        if match.matchedCount > (best?.matchedCount ?? 0) {
            best = match
            bestRow = row
        }
        return false
    }

    /// True once the search limit passed without a header.
    public var isExhausted: Bool { found == nil && searched >= HeaderSearch.rowLimit }
}
