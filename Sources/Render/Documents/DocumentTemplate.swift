public import Domain
public import Foundation

/// A document layout read from a JSON file in `templates/` (or a data root's `templates/`),
/// checked entirely before any page is drawn: a template that names an unknown field, an
/// unknown element kind or key, a box outside its page or label, or a font that is not
/// installed is refused with its name and the element's path. Lengths are millimetres from the
/// top left of the page (or of the label).
public struct DocumentTemplate: Sendable {
    public let name: String
    public let document: ExamDocument
    /// The file's bytes, hashed into every output's fingerprint (nightly).
    public let bytes: Data
    let page: (width: Double, height: Double)
    let font: FontChoice
    /// Drawn on every page (the header).
    let elements: [TemplateElement]
    /// Rows repeated over the pages (a room's seats, or a candidate's subjects on a ticket).
    let table: TemplateTable?
    /// Drawn once, on the last page (the totals).
    let last: [TemplateElement]
    /// Several labels per page, one per seat (desk stickers).
    let labels: TemplateLabels?

    /// Reads and checks the template at `path` for `document`.
    public static func load(path: String, document: ExamDocument) throws -> DocumentTemplate {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw KaowuError(.fileMissing, "模板文件 \(path) 不存在或无法读取")
        }
        return try DocumentTemplate(bytes: bytes, source: path, document: document)
    }

    /// Checks a template file whose document is named in it (`kaowu template check FILE`).
    public static func check(path: String) throws -> DocumentTemplate {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw KaowuError(.fileMissing, "模板文件 \(path) 不存在或无法读取")
        }
        return try DocumentTemplate(bytes: bytes, source: path, document: nil)
    }

    init(bytes: Data, source: String, document expected: ExamDocument?) throws {
        self.bytes = bytes
        let fileName = (source as NSString).lastPathComponent
        guard let object = try? JSONSerialization.jsonObject(with: bytes), let root = object as? [String: Any] else {
            throw KaowuError(.templateInvalid, "模板 \(fileName) 不是有效的 JSON 对象")
        }
        var check = TemplateChecker(template: (root["name"] as? String) ?? fileName)
        try check.keys(root, allowed: ["name", "document", "page", "font", "elements", "table", "last", "labels", "comment"], path: "")
        name = try check.string(root, "name", path: "")
        let documentName = try check.string(root, "document", path: "")
        guard let document = ExamDocument(rawValue: documentName) else {
            throw check.refusal("document", "未知的文档“\(documentName)”，可用：" + ExamDocument.allCases.map(\.rawValue).joined(separator: "、"))
        }
        if let expected, expected != document {
            throw check.refusal("document", "这是“\(document.label)”的模板，不是“\(expected.label)”的")
        }
        self.document = document
        let pageObject = try check.object(root, "page", path: "")
        try check.keys(pageObject, allowed: ["width", "height"], path: "page")
        page = (
            try check.number(pageObject, "width", path: "page", above: 0), try check.number(pageObject, "height", path: "page", above: 0)
        )
        font = try FontChoice.named(try check.string(root, "font", path: ""), checker: check)

        let pageBox = Box(x: 0, y: 0, width: page.width, height: page.height)
        let scopes = FieldScope.scopes(for: document)
        elements = try check.elements(root["elements"], path: "elements", within: pageBox, fields: scopes.page)
        last = try check.elements(root["last"], path: "last", within: pageBox, fields: scopes.page)
        if let tableObject = root["table"] {
            guard let rows = scopes.rows else { throw check.refusal("table", "“\(document.label)”没有可重复的行") }
            table = try TemplateTable(tableObject, checker: &check, page: pageBox, fields: rows)
        } else {
            table = nil
        }
        if let labelsObject = root["labels"] {
            guard let rows = scopes.rows, document == .desk else { throw check.refusal("labels", "只有考场桌贴按座位排标签") }
            labels = try TemplateLabels(labelsObject, checker: &check, page: pageBox, fields: rows)
        } else {
            labels = nil
        }
        if document == .desk, labels == nil { throw check.refusal("labels", "考场桌贴需要 labels") }
    }

    /// The font as a nightly fingerprint counts it: its name, file and size.
    public var fontIdentity: String {
        let size = (try? FileManager.default.attributesOfItem(atPath: font.path)[.size] as? Int) ?? 0
        return "\(font.name) \(font.path) \(size)"
    }

    /// Every literal character the template itself prints (its font must have them all).
    var literalText: String {
        var text = ""
        func add(_ elements: [TemplateElement]) { for element in elements { text += element.text?.literals ?? "" } }
        add(elements)
        add(last)
        if let table {
            for column in table.columns { text += column.title + column.value.literals }
        }
        if let labels { add(labels.elements) }
        return text
    }
}

/// A font a template may name, and where Debian installs it.
struct FontChoice: Sendable {
    let name: String
    let path: String
    let index: Int

    static let installed: [String: (path: String, index: Int)] = [
        "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
        "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ]

    static func named(_ name: String, checker: TemplateChecker) throws -> FontChoice {
        guard let font = installed[name] else {
            throw checker.refusal("font", "未知的字体“\(name)”，可用：" + installed.keys.sorted().joined(separator: "、"))
        }
        guard FileManager.default.fileExists(atPath: font.path) else {
            throw KaowuError(.templateFont, "模板“\(checker.template)”的字体“\(name)”未安装（\(font.path)），请安装 Debian 的字体包")
        }
        return FontChoice(name: name, path: font.path, index: font.index)
    }
}

/// A rectangle in millimetres from the top left.
struct Box: Sendable {
    var x, y, width, height: Double

    func contains(_ other: Box) -> Bool {
        other.x >= x - 0.001 && other.y >= y - 0.001 && other.x + other.width <= x + width + 0.001
            && other.y + other.height <= y + height + 0.001
    }
}

enum ElementKind: String, CaseIterable, Sendable {
    case text, box, line, image, qr
}

enum TextAlignment: String, Sendable {
    case left, center, right
}

/// One drawn element: text (one line, or wrapped in its box), a box, a line, an image from a
/// field (the photo), or a QR code of a text.
struct TemplateElement: Sendable {
    let kind: ElementKind
    let frame: Box
    let text: FieldText?
    let size: Double
    let align: TextAlignment
    let wrap: Bool
    let lineWidth: Double
    /// `line`: where it starts and ends.
    let start: (x: Double, y: Double)
    let end: (x: Double, y: Double)
    /// `image`: the field naming the picture.
    let source: String?
    let dash: Double?
    /// `box`: the colour it is filled with before its frame is drawn (`"fill": "#F7EFD9"`).
    let fill: (red: Double, green: Double, blue: Double)?
}

/// Repeated rows: a header row of titles, then one row per record, as many per page as fit
/// between `y` and `bottom`; the page's elements are drawn again on every page.
struct TemplateTable: Sendable {
    struct Column: Sendable {
        let title: String
        let width: Double
        let value: FieldText
        let align: TextAlignment
    }

    let x, y, rowHeight, bottom, size: Double
    let columns: [Column]

    var rowsPerPage: Int { max(1, Int(((bottom - y) / rowHeight).rounded(.down)) - 1) }

    init(_ value: Any, checker: inout TemplateChecker, page: Box, fields: Set<String>) throws {
        let path = "table"
        guard let object = value as? [String: Any] else { throw checker.refusal(path, "应为对象") }
        try checker.keys(object, allowed: ["x", "y", "rowHeight", "bottom", "size", "columns"], path: path)
        x = try checker.number(object, "x", path: path, above: -1)
        y = try checker.number(object, "y", path: path, above: -1)
        rowHeight = try checker.number(object, "rowHeight", path: path, above: 0)
        bottom = try checker.number(object, "bottom", path: path, above: 0)
        size = try checker.number(object, "size", path: path, above: 0)
        guard let list = object["columns"] as? [Any], !list.isEmpty else { throw checker.refusal(path + ".columns", "至少需要一列") }
        var columns: [Column] = []
        for (index, item) in list.enumerated() {
            let columnPath = "\(path).columns[\(index)]"
            guard let column = item as? [String: Any] else { throw checker.refusal(columnPath, "应为对象") }
            try checker.keys(column, allowed: ["title", "width", "value", "align"], path: columnPath)
            columns.append(
                Column(
                    title: try checker.string(column, "title", path: columnPath),
                    width: try checker.number(column, "width", path: columnPath, above: 0),
                    value: try checker.fieldText(
                        try checker.string(column, "value", path: columnPath), path: columnPath + ".value", fields: fields),
                    align: try checker.alignment(column, path: columnPath)))
        }
        self.columns = columns
        let box = Box(x: x, y: y, width: columns.reduce(0) { $0 + $1.width }, height: bottom - y)
        guard bottom > y + 2 * rowHeight else { throw checker.refusal(path, "bottom 与 y 之间放不下表头和一行") }
        guard page.contains(box) else { throw checker.refusal(path, "表格超出页面") }
    }
}

/// Labels on a grid, one per seat, with dashed cut lines between them.
struct TemplateLabels: Sendable {
    let x, y, width, height: Double
    let columns, rows: Int
    let cutLines: Bool
    let elements: [TemplateElement]

    var perPage: Int { columns * rows }

    init(_ value: Any, checker: inout TemplateChecker, page: Box, fields: Set<String>) throws {
        let path = "labels"
        guard let object = value as? [String: Any] else { throw checker.refusal(path, "应为对象") }
        try checker.keys(object, allowed: ["x", "y", "width", "height", "columns", "rows", "cutLines", "elements"], path: path)
        x = try checker.number(object, "x", path: path, above: -1)
        y = try checker.number(object, "y", path: path, above: -1)
        width = try checker.number(object, "width", path: path, above: 0)
        height = try checker.number(object, "height", path: path, above: 0)
        columns = Int(try checker.number(object, "columns", path: path, above: 0))
        rows = Int(try checker.number(object, "rows", path: path, above: 0))
        cutLines = (object["cutLines"] as? Bool) ?? true
        let grid = Box(x: x, y: y, width: width * Double(columns), height: height * Double(rows))
        guard page.contains(grid) else { throw checker.refusal(path, "标签网格超出页面") }
        elements = try checker.elements(
            object["elements"], path: path + ".elements", within: Box(x: 0, y: 0, width: width, height: height), fields: fields)
    }
}

/// The walk over a template's JSON that refuses, with the element's path, what cannot be drawn.
struct TemplateChecker {
    let template: String

    func refusal(_ path: String, _ reason: String) -> KaowuError {
        KaowuError(.templateInvalid, "模板“\(template)”的 \(path.isEmpty ? "顶层" : path)：\(reason)")
    }

    func keys(_ object: [String: Any], allowed: Set<String>, path: String) throws {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw refusal(path.isEmpty ? key : "\(path).\(key)", "未知的键“\(key)”，可用：" + allowed.sorted().joined(separator: "、"))
        }
    }

    func string(_ object: [String: Any], _ key: String, path: String) throws -> String {
        guard let value = object[key] as? String else { throw refusal(path.isEmpty ? key : "\(path).\(key)", "缺少文字") }
        return value
    }

    func object(_ object: [String: Any], _ key: String, path: String) throws -> [String: Any] {
        guard let value = object[key] as? [String: Any] else { throw refusal(path.isEmpty ? key : "\(path).\(key)", "缺少对象") }
        return value
    }

    func number(_ object: [String: Any], _ key: String, path: String, above minimum: Double) throws -> Double {
        guard let value = object[key] as? NSNumber else {
            throw refusal(path.isEmpty ? key : "\(path).\(key)", "缺少数字")
        }
        let number = value.doubleValue
        guard number.isFinite, number > minimum else { throw refusal("\(path).\(key)", "数字 \(number) 应大于 \(minimum)") }
        return number
    }

    func alignment(_ object: [String: Any], path: String) throws -> TextAlignment {
        guard let name = object["align"] else { return .left }
        guard let text = name as? String, let align = TextAlignment(rawValue: text) else {
            throw refusal(path + ".align", "只能是 left、center、right")
        }
        return align
    }

    func fieldText(_ text: String, path: String, fields: Set<String>) throws -> FieldText {
        let parsed: FieldText
        do { parsed = try FieldText(text) } catch let error as FieldText.ParseError { throw refusal(path, error.reason) }
        for field in parsed.fields where !fields.contains(field.name) {
            throw refusal(path, "未知字段 {\(field.name)}，这里可用：" + fields.sorted().joined(separator: "、"))
        }
        for field in parsed.fields where field.format != nil && !FieldScope.dates.contains(field.name) {
            throw refusal(path, "字段 {\(field.name)} 不是时间，不能带格式")
        }
        return parsed
    }

    func elements(_ value: Any?, path: String, within area: Box, fields: Set<String>) throws -> [TemplateElement] {
        guard let value else { return [] }
        guard let list = value as? [Any] else { throw refusal(path, "应为数组") }
        var elements: [TemplateElement] = []
        for (index, item) in list.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let object = item as? [String: Any] else { throw refusal(itemPath, "应为对象") }
            let kindName = try string(object, "kind", path: itemPath)
            guard let kind = ElementKind(rawValue: kindName) else {
                throw refusal(itemPath + ".kind", "未知的元素“\(kindName)”，可用：" + ElementKind.allCases.map(\.rawValue).joined(separator: "、"))
            }
            elements.append(try element(kind, object, path: itemPath, within: area, fields: fields))
        }
        return elements
    }

    private func element(_ kind: ElementKind, _ object: [String: Any], path: String, within area: Box, fields: Set<String>) throws
        -> TemplateElement
    {
        let x = try number(object, "x", path: path, above: -1)
        let y = try number(object, "y", path: path, above: -1)
        var frame = Box(x: x, y: y, width: 0, height: 0)
        var text: FieldText?
        var size = 0.0
        var end = (x: x, y: y)
        var source: String?
        var fill: (red: Double, green: Double, blue: Double)?
        switch kind {
        case .text:
            try keys(object, allowed: ["kind", "x", "y", "width", "height", "text", "size", "align", "wrap"], path: path)
            size = try number(object, "size", path: path, above: 0)
            frame.width = try number(object, "width", path: path, above: 0)
            frame.height = object["height"] == nil ? size * 25.4 / 72 * 1.2 : try number(object, "height", path: path, above: 0)
            text = try fieldText(try string(object, "text", path: path), path: path + ".text", fields: fields)
        case .box:
            try keys(object, allowed: ["kind", "x", "y", "width", "height", "line", "fill"], path: path)
            frame.width = try number(object, "width", path: path, above: 0)
            frame.height = try number(object, "height", path: path, above: 0)
            if let text = object["fill"] {
                guard let hex = text as? String, let color = TemplateChecker.color(hex) else {
                    throw refusal(path + ".fill", "颜色应写作 #RRGGBB")
                }
                fill = color
            }
        case .line:
            try keys(object, allowed: ["kind", "x", "y", "x2", "y2", "line", "dash"], path: path)
            end = (try number(object, "x2", path: path, above: -1), try number(object, "y2", path: path, above: -1))
            frame = Box(x: min(x, end.x), y: min(y, end.y), width: abs(end.x - x), height: abs(end.y - y))
        case .image:
            try keys(object, allowed: ["kind", "x", "y", "width", "height", "source"], path: path)
            frame.width = try number(object, "width", path: path, above: 0)
            frame.height = try number(object, "height", path: path, above: 0)
            let name = try string(object, "source", path: path)
            guard FieldScope.images.contains(name), fields.contains(name) else {
                throw refusal(
                    path + ".source", "未知的图片字段“\(name)”，这里可用：" + FieldScope.images.intersection(fields).sorted().joined(separator: "、"))
            }
            source = name
        case .qr:
            try keys(object, allowed: ["kind", "x", "y", "size", "text"], path: path)
            let side = try number(object, "size", path: path, above: 0)
            frame.width = side
            frame.height = side
            text = try fieldText(try string(object, "text", path: path), path: path + ".text", fields: fields)
        }
        guard area.contains(frame) else {
            throw refusal(
                path,
                "位置 (\(x), \(y)) 大小 \(frame.width)×\(frame.height) 超出\(area.x == 0 && area.y == 0 ? "范围" : "页面")（\(area.width)×\(area.height) 毫米）"
            )
        }
        let lineWidth = object["line"] == nil ? 0.5 : try number(object, "line", path: path, above: 0)
        let dash = object["dash"] == nil ? nil : try number(object, "dash", path: path, above: 0)
        let wrap = (object["wrap"] as? Bool) ?? false
        return TemplateElement(
            kind: kind, frame: frame, text: text, size: size, align: try alignment(object, path: path), wrap: wrap, lineWidth: lineWidth,
            start: (x, y), end: end, source: source, dash: dash, fill: fill)
    }

    /// `#RRGGBB` as components 0…1.
    static func color(_ hex: String) -> (red: Double, green: Double, blue: Double)? {
        guard hex.count == 7, hex.hasPrefix("#"), let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        return (Double(value >> 16 & 0xFF) / 255, Double(value >> 8 & 0xFF) / 255, Double(value & 0xFF) / 255)
    }
}
