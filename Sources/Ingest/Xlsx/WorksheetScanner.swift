import Foundation

/// The elements of a worksheet part the row builder acts on; everything else is skipped.
enum SheetElement {
    case row, cell, value, inlineString, text, phonetic, sheetData, other

    /// By local name (any namespace prefix already dropped).
    static func named(_ name: UnsafeBufferPointer<UInt8>) -> SheetElement {
        switch name.count {
        case 1:
            switch name[0] {
            case UInt8(ascii: "c"): return .cell
            case UInt8(ascii: "v"): return .value
            case UInt8(ascii: "t"): return .text
            default: return .other
            }
        case 2: return name[0] == UInt8(ascii: "i") && name[1] == UInt8(ascii: "s") ? .inlineString : .other
        case 3:
            if name[0] == UInt8(ascii: "r"), name[1] == UInt8(ascii: "o"), name[2] == UInt8(ascii: "w") { return .row }
            if name[0] == UInt8(ascii: "r"), name[1] == UInt8(ascii: "P"), name[2] == UInt8(ascii: "h") { return .phonetic }
            return .other
        case 9: return equal(name, "sheetData") ? .sheetData : .other
        default: return .other
        }
    }

    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }
}

/// The attributes of a `<row>` or `<c>` start tag the builder reads (`r`, `t`, `s`), as raw
/// value bytes valid only during the call.
struct SheetAttributes {
    var reference: UnsafeBufferPointer<UInt8>?
    var type: UnsafeBufferPointer<UInt8>?
    var style: UnsafeBufferPointer<UInt8>?
}

/// A push scanner for worksheet parts, the one large part of a workbook (480 MB of XML for a
/// 1M-row sheet written with inline strings).
///
/// Why not libxml2 here: a general SAX2 parser interns every name, builds attribute tuples and
/// crosses into Swift per event, which cost more than the whole import's other stages together.
/// This scanner knows SpreadsheetML's few elements and still checks what makes input safe and
/// well formed: any DOCTYPE is refused (so no entity can be declared, expanded or fetched), only
/// the five predefined and numeric character references are decoded, tags must nest and match,
/// the document must end, no token may exceed `maxTokenBytes`, and an encoding other than UTF-8
/// is refused. libxml2 still parses every other part (workbook, rels, styles, shared strings).
struct WorksheetScanner {
    /// Longest single token (a start tag, or the text of one cell) held while waiting for more
    /// input; Excel caps a cell at 32,767 characters.
    static let maxTokenBytes = 4 << 20

    private(set) var builder: SheetRowBuilder
    private var pending: [UInt8] = []
    private var names: [UInt8] = []
    private var nameEnds: [Int] = []
    private let scratch = ScratchSpace()
    private var sawRoot = false
    private var rootClosed = false
    private var atStart = true
    private var collecting = false
    private var linesBefore = 1
    private var lineStartOffset = 0
    private var consumedBefore = 0

    init(builder: SheetRowBuilder) {
        self.builder = builder
        names.reserveCapacity(256)
        nameEnds.reserveCapacity(16)
    }

    /// Scans the next chunk; a token cut by the chunk's end waits for the next one.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(XMLError) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        if !pending.isEmpty {
            guard let resume = try completePending(with: bytes) else {
                try checkPendingSize()
                return
            }
            bytes = UnsafeBufferPointer(rebasing: bytes[resume...])
        }
        let used = try scan(bytes, final: false)
        keep(bytes, from: used)
        try checkPendingSize()
    }

    /// Finishes the token the last chunk cut, borrowing only as much of `bytes` as it takes:
    /// joining every whole chunk to a few leftover bytes copied the entire sheet once more.
    /// Returns where scanning goes on in `bytes`, or nil when all of it joined the pending token.
    private mutating func completePending(with bytes: UnsafeBufferPointer<UInt8>) throws(XMLError) -> Int? {
        var carried = pending.count
        var borrowed = 0
        while borrowed < bytes.count {
            let more = min(bytes.count - borrowed, max(4096, pending.count))
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[borrowed..<(borrowed + more)]))
            borrowed += more
            let joined = pending
            let used = try joined.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) throws(XMLError) in
                let used = try scan(all, final: false)
                countLines(all, upTo: used)
                return used
            }
            consumedBefore += used
            if used >= carried {
                pending.removeAll(keepingCapacity: true)
                return used - carried
            }
            pending = Array(joined[used...])
            carried -= used
        }
        return nil
    }

    private func checkPendingSize() throws(XMLError) {
        if pending.count > WorksheetScanner.maxTokenBytes {
            throw failure("单个 XML 标记或单元格文本超过 \(WorksheetScanner.maxTokenBytes >> 20) MB", in: nil, at: 0)
        }
    }

    /// Ends the input: whatever is left must complete the document.
    mutating func finish() throws(XMLError) {
        let rest = pending
        pending.removeAll()
        try rest.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(XMLError) in
            let used = try scan(bytes, final: true)
            if used < bytes.count { throw failure("文档在标记中途结束", in: bytes, at: used) }
        }
        if !sawRoot { throw failure("文档为空", in: nil, at: 0) }
        if !nameEnds.isEmpty { throw failure("文档提前结束：元素未闭合", in: nil, at: 0) }
        builder.flush()
    }

    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, from used: Int) {
        countLines(bytes, upTo: used)
        consumedBefore += used
        if used < bytes.count { pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[used...])) }
    }

    private mutating func countLines(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
        guard let base = bytes.baseAddress else { return }
        var position = 0
        while position < end, let hit = memchr(base + position, 0x0A, end - position) {
            let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            linesBefore += 1
            lineStartOffset = consumedBefore + offset + 1
            position = offset + 1
        }
    }

    /// Scans complete tokens; returns how many bytes were consumed.
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(XMLError) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let end = bytes.count
        var position = 0
        if atStart {
            if end < 3 && !final { return 0 }
            if end >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
                throw failure("工作表使用 UTF-16 编码，仅支持 UTF-8", in: bytes, at: 0)
            }
            if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            atStart = false
        }
        while position < end {
            // Text up to the next tag.
            guard let hit = memchr(base + position, 0x3C, end - position) else {
                if final { try text(bytes, position, end) }
                return final ? end : position
            }
            let tag = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if tag > position { try text(bytes, position, tag) }
            guard let next = try markup(bytes, at: tag) else { return tag }
            position = next
        }
        return position
    }

    /// One markup token at `start` (a `<`); returns the position after it, or nil when the token
    /// is not complete in `bytes`.
    private mutating func markup(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(XMLError) -> Int? {
        let end = bytes.count
        guard start + 1 < end else { return nil }
        switch bytes[start + 1] {
        case UInt8(ascii: "/"):
            return try endTag(bytes, at: start)
        case UInt8(ascii: "?"):
            guard let close = find(bytes, "?>", from: start + 2) else { return nil }
            try instruction(bytes, start + 2, close)
            return close + 2
        case UInt8(ascii: "!"):
            if has(bytes, "<!--", at: start) {
                guard let close = find(bytes, "-->", from: start + 4) else { return nil }
                return close + 3
            }
            if has(bytes, "<![CDATA[", at: start) {
                guard let close = find(bytes, "]]>", from: start + 9) else { return nil }
                if collecting { builder.append(UnsafeBufferPointer(rebasing: bytes[(start + 9)..<close])) }
                return close + 3
            }
            if end - start < 9 { return nil }
            if has(bytes, "<!DOCTYPE", at: start) {
                throw XMLError(reason: .doctypeRefused, message: "DOCTYPE declarations are not allowed", line: 0, column: 0)
            }
            throw failure("无法识别的标记", in: bytes, at: start)
        default:
            return try startTag(bytes, at: start)
        }
    }

    private mutating func startTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(XMLError) -> Int? {
        let end = bytes.count
        var position = start + 1
        let nameStart = position
        var localStart = position
        while position < end, !WorksheetScanner.endsName(bytes[position]) {
            if bytes[position] == UInt8(ascii: ":") { localStart = position + 1 }
            position += 1
        }
        guard position < end else { return nil }
        let nameEnd = position
        if position == nameStart || localStart == position { throw failure("元素名无效", in: bytes, at: start) }
        scratch.reset()
        if rootClosed { throw failure("根元素之后还有元素", in: bytes, at: start) }
        let element = SheetElement.named(UnsafeBufferPointer(rebasing: bytes[localStart..<position]))
        var attributes = SheetAttributes()
        // Attributes: name = "value" | 'value', separated by whitespace.
        while true {
            while position < end, WorksheetScanner.isSpace(bytes[position]) { position += 1 }
            guard position < end else { return nil }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
            let attributeStart = position
            var attributeLocal = position
            while position < end, !WorksheetScanner.endsName(bytes[position]) && bytes[position] != UInt8(ascii: "=") {
                if bytes[position] == UInt8(ascii: ":") { attributeLocal = position + 1 }
                position += 1
            }
            guard position < end else { return nil }
            if position == attributeStart { throw failure("属性名无效", in: bytes, at: position) }
            let attributeName = UnsafeBufferPointer(rebasing: bytes[attributeLocal..<position])
            while position < end, WorksheetScanner.isSpace(bytes[position]) { position += 1 }
            guard position < end else { return nil }
            guard bytes[position] == UInt8(ascii: "=") else { throw failure("属性缺少“=”", in: bytes, at: position) }
            position += 1
            while position < end, WorksheetScanner.isSpace(bytes[position]) { position += 1 }
            guard position < end else { return nil }
            let quote = bytes[position]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw failure("属性值缺少引号", in: bytes, at: position)
            }
            let valueStart = position + 1
            guard let valueEnd = WorksheetScanner.index(of: quote, in: bytes, from: valueStart) else { return nil }
            position = valueEnd + 1
            if element == .row || element == .cell, attributeName.count == 1 {
                let value = try attributeValue(bytes, valueStart, valueEnd)
                switch attributeName[0] {
                case UInt8(ascii: "r"): attributes.reference = value
                case UInt8(ascii: "t"): attributes.type = value
                case UInt8(ascii: "s"): attributes.style = value
                default: break
                }
            }
        }
        let selfClosing = bytes[position] == UInt8(ascii: "/")
        if selfClosing {
            guard position + 1 < end else { return nil }
            guard bytes[position + 1] == UInt8(ascii: ">") else { throw failure("标记未正确结束", in: bytes, at: position) }
            position += 2
        } else {
            position += 1
        }
        sawRoot = true
        begin(element, attributes)
        if selfClosing {
            finishElement(element)
            if nameEnds.isEmpty { rootClosed = true }
        } else {
            // Byte by byte: names are a few bytes, and the general append and remove of a range
            // cost more than the scan of the tag around them.
            for offset in nameStart..<nameEnd { names.append(bytes[offset]) }
            nameEnds.append(names.count)
        }
        return position
    }

    private mutating func endTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(XMLError) -> Int? {
        let end = bytes.count
        var position = start + 2
        let nameStart = position
        var localStart = position
        while position < end, !WorksheetScanner.endsName(bytes[position]) {
            if bytes[position] == UInt8(ascii: ":") { localStart = position + 1 }
            position += 1
        }
        let nameEnd = position
        while position < end, WorksheetScanner.isSpace(bytes[position]) { position += 1 }
        guard position < end else { return nil }
        guard bytes[position] == UInt8(ascii: ">") else { throw failure("结束标记无效", in: bytes, at: start) }
        let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
        guard let open = nameEnds.last else { throw failure("多余的结束标记", in: bytes, at: start) }
        let openStart = nameEnds.count > 1 ? nameEnds[nameEnds.count - 2] : 0
        var matches = open - openStart == name.count
        var offset = 0
        while matches, offset < name.count {
            matches = names[openStart + offset] == name[offset]
            offset += 1
        }
        guard matches else { throw failure("结束标记与开始标记不匹配", in: bytes, at: start) }
        nameEnds.removeLast()
        while names.count > openStart { names.removeLast() }
        finishElement(SheetElement.named(UnsafeBufferPointer(rebasing: bytes[localStart..<nameEnd])))
        if nameEnds.isEmpty { rootClosed = true }
        return position + 1
    }

    private mutating func begin(_ element: SheetElement, _ attributes: SheetAttributes) {
        switch element {
        case .row: builder.startRow(attributes)
        case .cell: builder.startCell(attributes)
        case .value: collecting = builder.beginValue()
        case .inlineString: builder.beginInlineString()
        case .text: collecting = builder.beginText()
        case .phonetic: builder.beginPhonetic()
        case .sheetData, .other: break
        }
    }

    private mutating func finishElement(_ element: SheetElement) {
        switch element {
        case .row: builder.endRow()
        case .cell: builder.endCell()
        case .value, .text: collecting = false
        case .inlineString: builder.endInlineString()
        case .phonetic: builder.endPhonetic()
        case .sheetData: builder.flush()
        case .other: break
        }
    }

    /// Character data between tags: kept only inside `<v>` or an inline string's `<t>`.
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(XMLError) {
        if !collecting {
            if nameEnds.isEmpty {
                for index in start..<end where !WorksheetScanner.isSpace(bytes[index]) {
                    throw failure("根元素之外有文本", in: bytes, at: index)
                }
            }
            return
        }
        let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if WorksheetScanner.index(of: 0x26, in: run, from: 0) == nil && WorksheetScanner.index(of: 0x0D, in: run, from: 0) == nil {
            builder.append(run)
            return
        }
        try decode(bytes, start, end) { builder.append($0) }
    }

    /// An attribute value, decoded into scratch space only when it holds a reference.
    private mutating func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(XMLError)
        -> UnsafeBufferPointer<UInt8>
    {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if WorksheetScanner.index(of: 0x26, in: raw, from: 0) == nil { return raw }
        let area = scratch.reserve(end - start)
        var count = 0
        try decode(bytes, start, end) { piece in
            for byte in piece {
                area[count] = byte
                count += 1
            }
        }
        return UnsafeBufferPointer(rebasing: area[0..<count])
    }

    /// Resolves `&lt; &gt; &amp; &quot; &apos; &#N; &#xH;` and line ends; any other reference is
    /// an error (there is no DTD to define one).
    private func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(XMLError) {
        var runStart = start
        var position = start
        var one: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        while position < end {
            let byte = bytes[position]
            if byte == 0x0D {
                if position > runStart { sink(UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
                withUnsafeBytes(of: 0x0A as UInt8) { sink($0.bindMemory(to: UInt8.self)) }
                position += (position + 1 < end && bytes[position + 1] == 0x0A) ? 2 : 1
                runStart = position
                continue
            }
            guard byte == 0x26 else { position += 1; continue }
            if position > runStart { sink(UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
            guard let semicolon = WorksheetScanner.index(of: UInt8(ascii: ";"), in: bytes, from: position + 1),
                semicolon < end, semicolon - position <= 12
            else { throw failure("字符引用无效", in: bytes, at: position) }
            let name = UnsafeBufferPointer(rebasing: bytes[(position + 1)..<semicolon])
            guard let unicode = XMLReference.scalar(name) else {
                if name.first == UInt8(ascii: "#") {
                    throw failure("字符引用无效（不是 1 到 10FFFF 之间的 Unicode 字符）", in: bytes, at: position)
                }
                throw failure("未定义的实体引用（工作表不允许自定义实体）", in: bytes, at: position)
            }
            var encoded = 0
            UTF8.encode(unicode) { unit in
                switch encoded {
                case 0: one.0 = unit
                case 1: one.1 = unit
                case 2: one.2 = unit
                default: one.3 = unit
                }
                encoded += 1
            }
            let count = encoded
            withUnsafeBytes(of: one) { sink(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[0..<count])) }
            position = semicolon + 1
            runStart = position
        }
        if position > runStart { sink(UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
    }

    /// The XML declaration may only name UTF-8.
    private mutating func instruction(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(XMLError) {
        let body = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard body.count >= 3, SheetElement.equal(UnsafeBufferPointer(rebasing: body[0..<3]), "xml") else { return }
        let text = String(decoding: body, as: UTF8.self).lowercased()
        guard let range = text.range(of: "encoding") else { return }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " }
        if name != "utf-8" && name != "utf8" {
            throw failure("工作表使用 \(name) 编码，仅支持 UTF-8", in: bytes, at: start)
        }
    }

    private func failure(_ message: String, in bytes: UnsafeBufferPointer<UInt8>?, at offset: Int) -> XMLError {
        var line = linesBefore
        var lineStart = lineStartOffset
        if let bytes {
            for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
                line += 1
                lineStart = consumedBefore + index + 1
            }
        }
        return XMLError(reason: .malformed, message: message, line: line, column: consumedBefore + offset - lineStart + 1)
    }

    private func has(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString, at start: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        return SheetElement.equal(UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]), literal)
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from start: Int) -> Int? {
        let first = literal.utf8Start[0]
        var position = start
        while let hit = WorksheetScanner.index(of: first, in: bytes, from: position) {
            if has(bytes, literal, at: hit) { return hit }
            position = hit + 1
        }
        return nil
    }

    private static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let hit = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    private static func endsName(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }
}

/// Memory for the decoded attribute values of one start tag: pieces handed out stay valid until
/// the next tag's `reset`, even when a later piece needs a larger block. Its state is not
/// checked for exclusive access at run time: `reset` runs for every start tag, and the checks
/// cost more than the reset (only the scanner that owns it, on one thread, calls it).
private final class ScratchSpace {
    @exclusivity(unchecked) private var blocks: [UnsafeMutableBufferPointer<UInt8>] = []
    @exclusivity(unchecked) private var used = 0

    func reset() {
        guard blocks.count > 1 || used > 0 else { return }
        let keep = blocks.popLast()
        for block in blocks { block.deallocate() }
        blocks = keep.map { [$0] } ?? []
        used = 0
    }

    /// `count` bytes of fresh space.
    func reserve(_ count: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if let last = blocks.last, last.count - used >= count {
            defer { used += count }
            return UnsafeMutableBufferPointer(rebasing: last[used..<(used + count)])
        }
        let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 256))
        blocks.append(block)
        used = count
        return UnsafeMutableBufferPointer(rebasing: block[0..<count])
    }

    deinit { for block in blocks { block.deallocate() } }
}
