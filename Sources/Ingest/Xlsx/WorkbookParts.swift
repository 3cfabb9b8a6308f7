/// The handlers for the small structural parts of a workbook: package and workbook
/// relationships, `workbook.xml` (sheets, date system) and `styles.xml` (date formats).

/// `*.rels`: relationship id → (type, target).
final class RelationshipsHandler: XMLEventHandler {
    struct Relationship {
        let id: String
        let type: String
        let target: String
    }
    private(set) var relationships: [Relationship] = []

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.is("Relationship") else { return }
        relationships.append(
            Relationship(
                id: attributes.string("Id") ?? "", type: attributes.string("Type") ?? "",
                target: attributes.string("Target") ?? ""))
    }
    func endElement(_ name: XMLName) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// `workbook.xml`: the sheets in tab order and whether dates count from 1904.
final class WorkbookHandler: XMLEventHandler {
    struct SheetEntry {
        let name: String
        let state: SheetState
        let relationshipID: String
    }
    private(set) var sheets: [SheetEntry] = []
    private(set) var date1904 = false

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("sheet") {
            // r:id lives in the relationships namespace; match it by local name "id".
            let relationshipID = attributes.all.first { $0.name == "id" && $0.prefix != nil }?.value ?? ""
            let state = SheetState(rawValue: attributes.string("state") ?? "visible") ?? .visible
            sheets.append(SheetEntry(name: attributes.string("name") ?? "", state: state, relationshipID: relationshipID))
        } else if name.is("workbookPr") {
            let value = attributes.string("date1904")
            date1904 = value == "1" || value == "true"
        }
    }
    func endElement(_ name: XMLName) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// `styles.xml`: for each cell style index (`s`), whether its number format shows a date.
final class StylesHandler: XMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var inCellXfs = false

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("numFmt") {
            if let id = attributes.string("numFmtId").flatMap(Int.init) {
                customFormats[id] = attributes.string("formatCode") ?? ""
            }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf"), inCellXfs {
            cellFormatIDs.append(attributes.string("numFmtId").flatMap(Int.init) ?? 0)
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// One flag per style index: true when that style formats numbers as dates or times.
    func dateStyles() -> [Bool] {
        cellFormatIDs.map { id in
            if let code = customFormats[id] { return NumberFormat.isDate(code: code) }
            return NumberFormat.isBuiltInDate(id: id)
        }
    }
}

/// Decides which number formats display dates.
public enum NumberFormat {
    /// Built-in ids 14–22 and 45–47 (all locales), plus 27–36 and 50–58, which Chinese,
    /// Japanese and Korean Excel use for dates such as `yyyy"年"m"月"d"日"`.
    public static func isBuiltInDate(id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// A custom format is a date when, outside quoted text, escapes and `[…]` sections
    /// (colours, locales, conditions), it uses a date or time letter. `[h]`, `[m]`, `[s]`
    /// (elapsed time) count as time.
    public static func isDate(code: String) -> Bool {
        var inQuote = false
        var escaped = false
        var inBracket = false
        var bracket = ""
        for character in code {
            if escaped { escaped = false; continue }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    let lowered = bracket.lowercased()
                    if lowered == "h" || lowered == "hh" || lowered == "m" || lowered == "mm" || lowered == "s" || lowered == "ss" {
                        return true
                    }
                    bracket = ""
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[": inBracket = true
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S":
                return true
            default: continue
            }
        }
        return false
    }
}
