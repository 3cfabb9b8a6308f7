public import Domain
public import Foundation

/// A stored value kaowu cannot read back: NULL where the schema requires a value, a status or
/// enum it does not know, a time it cannot parse. Never turned into `""` or a default status —
/// a corrupt row would otherwise print as a valid one (a 已缴费 enrollment read back as 未缴费).
public struct StoredValueCorrupt: Error, Sendable, CustomStringConvertible, ExplainedError {
    public let table: String
    public let column: String
    /// The value as stored (nil for NULL).
    public let value: String?

    public var description: String { "\(table).\(column) = \(value.map { "'\($0)'" } ?? "NULL")" }

    public var explanation: KaowuError? {
        KaowuError(
            .storeCorruptValue,
            "数据库中 \(table).\(column) 的值\(value.map { "“\($0)”" } ?? "为空")，kaowu 无法识别（数据库可能已损坏或被其他程序修改），请从备份恢复",
            cause: description)
    }
}

/// Typed reads of the current row. Each returns the column's value or throws
/// `StoredValueCorrupt` naming the table and column; the success path costs what `text(_:)`
/// and `integer(_:)` cost.
extension SQLiteStatement {
    func corrupt(_ column: Int, _ value: String?) -> StoredValueCorrupt {
        let origin = origin(ofColumn: column)
        return StoredValueCorrupt(table: origin.table ?? "?", column: origin.column, value: value)
    }

    /// A text column that must hold a value.
    public func string(_ column: Int) throws(StoredValueCorrupt) -> String {
        guard let value = text(column) else { throw corrupt(column, nil) }
        return value
    }

    /// A column holding one of `T`'s raw values.
    public func value<T: RawRepresentable>(_ column: Int, as type: T.Type = T.self) throws(StoredValueCorrupt) -> T
    where T.RawValue == String {
        let raw = text(column)
        guard let raw, let value = T(rawValue: raw) else { throw corrupt(column, raw) }
        return value
    }

    /// A nullable column holding one of `T`'s raw values: NULL is nil, an unknown value throws.
    public func optionalValue<T: RawRepresentable>(_ column: Int, as type: T.Type = T.self) throws(StoredValueCorrupt) -> T?
    where T.RawValue == String {
        guard let raw = text(column) else { return nil }
        guard let value = T(rawValue: raw) else { throw corrupt(column, raw) }
        return value
    }

    /// An integer column that must hold a value.
    public func int(_ column: Int) throws(StoredValueCorrupt) -> Int {
        guard let value = integer(column) else { throw corrupt(column, nil) }
        return Int(value)
    }

    /// A 0/1 flag.
    public func bool(_ column: Int) throws(StoredValueCorrupt) -> Bool {
        switch integer(column) {
        case 0: return false
        case 1: return true
        case let other: throw corrupt(column, other.map(String.init))
        }
    }

    /// A real column that must hold a value.
    public func double(_ column: Int) throws(StoredValueCorrupt) -> Double {
        guard let value = real(column) else { throw corrupt(column, nil) }
        return value
    }

    /// A time stored as ISO 8601 text that must hold a value.
    public func date(_ column: Int) throws(StoredValueCorrupt) -> Date {
        let raw = text(column)
        guard let raw, let clock = Clock.parse(raw) else { throw corrupt(column, raw) }
        return clock.now
    }

    /// A nullable (start, end) pair of times: nil unless both are there.
    public func optionalWindow(_ startColumn: Int, _ endColumn: Int) throws(StoredValueCorrupt) -> Window? {
        guard let start = try optionalDate(startColumn), let end = try optionalDate(endColumn) else { return nil }
        return Window(start: start, end: end)
    }

    /// A nullable time: NULL is nil, text that is no time throws.
    public func optionalDate(_ column: Int) throws(StoredValueCorrupt) -> Date? {
        guard let raw = text(column) else { return nil }
        guard let clock = Clock.parse(raw) else { throw corrupt(column, raw) }
        return clock.now
    }
}
