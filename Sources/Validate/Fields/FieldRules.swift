public import Domain

/// The outcome of judging one row: the typed value when every rule passed, else the failures.
public struct Validated<Value> {
    public var value: Value?
    public var failures: [Failure]
    public var warnings: [Failure]

    public init(value: Value?, failures: [Failure], warnings: [Failure]) {
        self.value = failures.isEmpty ? value : nil
        self.failures = failures
        self.warnings = warnings
    }
}

/// Reads the cells of one row through its schema and collects every failure, so a row
/// reports all that is wrong with it, not just the first problem.
public struct RowJudge: Sendable {
    public let cells: RowCells
    public let schema: TableSchema
    public private(set) var failures: [Failure] = []
    public private(set) var warnings: [Failure] = []

    public init(cells: RowCells, schema: TableSchema) {
        self.cells = cells
        self.schema = schema
    }

    public var row: Int { cells.row }

    /// The position of the column named `name` in the row's schema.
    public func at(_ name: String) -> Int { schema.position(name) }

    public mutating func fail(_ code: FailureCode, column: Int, value: String, _ reason: String) {
        failures.append(Failure(code: code, row: cells.row, column: schema.columns[column].name, value: value, reason: reason))
    }

    public mutating func absorb(failures more: [Failure], warnings moreWarnings: [Failure] = []) {
        failures += more
        warnings += moreWarnings
    }

    /// The cell, or nil; a missing required cell is recorded as `required`, and a formula
    /// error value (`#N/A`) as `cell.error`: it is no text a rule could judge.
    public mutating func cell(_ column: Int) -> CellValue? {
        if let value = cells[column] {
            guard value.type == .error else { return value }
            fail(.cellError, column: column, value: value.text, "单元格是公式错误值 \(value.text)，请填写实际内容")
            return nil
        }
        if schema.columns[column].required {
            fail(.required, column: column, value: "", "必填项不能为空")
        }
        return nil
    }

    /// The cell's text, with a maximum length in characters.
    public mutating func text(_ column: Int, maxLength: Int = 100) -> String? {
        guard let value = cell(column) else { return nil }
        // A character is at least one UTF-8 byte: most cells are decided without counting
        // characters (grapheme breaking).
        if value.text.utf8.count > maxLength, value.text.count > maxLength {
            fail(.textTooLong, column: column, value: value.text, "内容过长，最多 \(maxLength) 个字")
            return nil
        }
        return value.text
    }

    /// A value from a closed list of Chinese labels.
    public mutating func choice<T: ChineseLabeled>(_ column: Int, _ type: T.Type) -> T? {
        guard let value = cell(column) else { return nil }
        if let found = T(label: value.text) { return found }
        fail(.enumInvalid, column: column, value: value.text, "只能填写以下之一：" + T.labels.joined(separator: "、"))
        return nil
    }

    /// A person's name: 2–50 characters, Han characters or Latin letters, `·` between parts,
    /// single spaces only between Latin letters.
    public mutating func personName(_ column: Int) -> String? {
        guard let value = cell(column) else { return nil }
        if FieldRules.isPersonName(value.text) { return value.text }
        fail(.nameFormat, column: column, value: value.text, "姓名须为 2–50 个汉字或英文字母，可含间隔号“·”，不能含数字、符号或多余空格")
        return nil
    }

    /// 姓名拼音: letters and single spaces.
    public mutating func pinyin(_ column: Int) -> String? {
        guard let value = cell(column) else { return nil }
        if FieldRules.isPinyin(value.text) { return value.text }
        fail(.pinyinFormat, column: column, value: value.text, "姓名拼音只能由英文字母和空格组成，例如“zhang san”")
        return nil
    }

    /// A mainland mobile number; `+86`/`86`, spaces and hyphens are stripped.
    public mutating func mobile(_ column: Int) -> String? {
        guard let value = cell(column) else { return nil }
        if let number = FieldRules.mobile(value) { return number }
        fail(.phoneFormat, column: column, value: value.text, "手机号应为 11 位数字，以 13–19 开头（可带 +86）")
        return nil
    }

    /// A four-digit year within `range`.
    public mutating func year(_ column: Int, in range: ClosedRange<Int>) -> Int? {
        guard let value = cell(column) else { return nil }
        let text = Normalize.code(value.text)
        if text.utf8.count == 4, let year = Int(text), range.contains(year) { return year }
        fail(.yearRange, column: column, value: value.text, "应为 \(range.lowerBound)–\(range.upperBound) 之间的四位年份")
        return nil
    }
}

/// Pure character-level checks, exposed for reuse (proctors, teachers).
public enum FieldRules {
    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2EBEF, 0x30000...0x3134F, 0xF900...0xFAFF: true
        default: false
        }
    }

    static func isLatin(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 65 && scalar.value <= 90) || (scalar.value >= 97 && scalar.value <= 122)
    }

    public static func isPersonName(_ text: String) -> Bool {
        var count = 0
        var previous: Unicode.Scalar?
        var pendingSeparator: Unicode.Scalar?  // a · or space waiting for what follows it
        for scalar in text.unicodeScalars {
            count += 1
            if count > 50 { return false }
            if isHan(scalar) || isLatin(scalar) {
                if let separator = pendingSeparator {
                    if separator == " ", !isLatin(scalar) { return false }
                    pendingSeparator = nil
                }
                previous = scalar
                continue
            }
            guard pendingSeparator == nil, let before = previous else { return false }
            if scalar == "·" {
                pendingSeparator = scalar
            } else if scalar == " ", isLatin(before) {
                pendingSeparator = scalar
            } else {
                return false
            }
        }
        return count >= 2 && pendingSeparator == nil
    }

    public static func isPinyin(_ text: String) -> Bool {
        text.withUTF8Bytes { utf8 in
            guard (1...200).contains(utf8.count), utf8.first != 0x20, utf8.last != 0x20 else { return false }
            var previous: UInt8 = 0
            var iterator = utf8.makeIterator()
            while let byte = iterator.next() {
                switch byte {
                case 65...90, 97...122: break
                case 0x20: if previous == 0x20 { return false }
                case 0xC3:  // ü / Ü
                    guard let next = iterator.next(), next == 0xBC || next == 0x9C else { return false }
                default: return false
                }
                previous = byte
            }
            return true
        }
    }

    public static func mobile(_ cell: CellValue) -> String? {
        var text = Normalize.code(cell.text)
        if text.withUTF8Bytes({ $0.contains(0x2D) }) { text = text.filter { $0 != "-" } }
        if text.hasPrefix("+86") { text.removeFirst(3) } else if text.hasPrefix("86"), text.count == 13 { text.removeFirst(2) }
        let bytes = Array(text.utf8)
        guard bytes.count == 11, bytes[0] == 49, bytes[1] >= 51, bytes[1] <= 57, bytes.allSatisfy(Normalize.isDigit) else {
            return nil
        }
        return text
    }
}
