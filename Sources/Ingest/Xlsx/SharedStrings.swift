/// The workbook's shared-string table kept as one UTF-8 byte buffer plus end offsets.
///
/// A 1M-row Excel file holds ~2.2M shared strings; as `[String]` they cost ~160 MB, as bytes
/// about a third of that. A `String` is made only when a rule reads the cell.
public final class SharedStrings: Sendable {
    private let bytes: [UInt8]
    private let ends: [UInt32]

    init(bytes: [UInt8], ends: [UInt32]) {
        self.bytes = bytes
        self.ends = ends
    }

    public static let empty = SharedStrings(bytes: [], ends: [])

    public var count: Int { ends.count }

    /// The string at `index`, or nil when the sheet points past the table (a damaged file).
    public func string(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// True when entry `index` trims to nothing (see `CellText`); false past the table.
    func isBlank(at index: Int) -> Bool {
        withBytes(at: index) { CellText.trimmed($0, 0..<$0.count).isEmpty } ?? false
    }

    /// The trimmed text of entry `index`, or nil past the table.
    func trimmedString(at index: Int) -> String? {
        withBytes(at: index) { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[CellText.trimmed(bytes, 0..<bytes.count)]), as: UTF8.self)
        }
    }

    /// Calls `body` with the raw UTF-8 bytes of entry `index` without making a String.
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

/// SAX handler for `sharedStrings.xml`: text of `<t>` inside `<si>`, rich-text runs joined,
/// phonetic `<rPh>` runs left out.
final class SharedStringsBuilder: XMLEventHandler {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private(set) var overflow = false
    /// Set when an entry passes Excel's cell limit; the rest of such an entry is not kept.
    private(set) var overlong = false

    init() { bytes.reserveCapacity(1 << 20) }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        if name.is("t") {
            inText = inItem && phoneticDepth == 0
        } else if name.is("si") {
            inItem = true
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("sst") {
            if let unique = attributes.string("uniqueCount").flatMap(Int.init), unique > 0, unique < 50_000_000 {
                ends.reserveCapacity(unique)
            }
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("t") {
            inText = false
        } else if name.is("si") {
            inItem = false
            if bytes.count > Int(UInt32.max) { overflow = true; return }
            let start = ends.last.map { Int($0) } ?? 0
            Xstring.decode(&bytes, from: start)
            if bytes.count - start > SheetRowBuilder.maxCellCharacters,
                SheetRowBuilder.scalarCount(bytes, start) > SheetRowBuilder.maxCellCharacters
            {
                overlong = true
            }
            ends.append(UInt32(bytes.count))
        } else if name.is("rPh") {
            phoneticDepth -= 1
        }
    }

    func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard inText else { return }
        let start = ends.last.map { Int($0) } ?? 0
        if bytes.count - start + chunk.count > SheetRowBuilder.maxCellBytes {
            overlong = true
            return
        }
        bytes.append(contentsOf: chunk)
    }

    func finish() -> SharedStrings { SharedStrings(bytes: bytes, ends: ends) }
}
