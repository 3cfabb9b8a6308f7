/// The type of a cell as the file stores it; rules need it to tell a number cell from text
/// (an ID number typed into a number cell has already lost its last digits).
public enum CellType: String, Sendable {
    case string, number, bool, error, date
}

/// One cell's type and the text a rule sees: numbers in shortest round-trip form, dates as
/// ISO 8601, booleans TRUE/FALSE, errors as Excel shows them.
public struct CellValue: Hashable, Sendable {
    public let type: CellType
    public let text: String

    public init(type: CellType, text: String) {
        self.type = type
        self.text = text
    }
}
