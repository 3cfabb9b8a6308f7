/// The one definition of "trimmed" for cell text, on UTF-8 bytes: ASCII spaces and control
/// characters, NO-BREAK SPACE (pasted from web pages) and the ideographic space U+3000.
enum CellText {
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            if bytes[low] <= 0x20 { low += 1; continue }
            if high - low >= 2, bytes[low] == 0xC2, bytes[low + 1] == 0xA0 { low += 2; continue }
            if high - low >= 3, bytes[low] == 0xE3, bytes[low + 1] == 0x80, bytes[low + 2] == 0x80 { low += 3; continue }
            break
        }
        while high > low {
            if bytes[high - 1] <= 0x20 { high -= 1; continue }
            if high - low >= 2, bytes[high - 2] == 0xC2, bytes[high - 1] == 0xA0 { high -= 2; continue }
            if high - low >= 3, bytes[high - 3] == 0xE3, bytes[high - 2] == 0x80, bytes[high - 1] == 0x80 { high -= 3; continue }
            break
        }
        return low..<high
    }
}

/// Turns a worksheet part's `<row>`/`<c>` events (from `WorksheetScanner`) into `RowBatch`es.
///
/// Handles cells without `r` (next column), rows without `r` (next row), shared, inline and
/// formula strings, numbers, booleans, errors and styled dates; blank rows are dropped here.
struct SheetRowBuilder {
    private let dateStyles: [Bool]
    private let sharedStrings: SharedStrings
    private let batchSize: Int
    private let emit: (RowBatch) -> Bool
    private var bytes: [UInt8] = []
    private var cells: [StoredCell] = []
    private var rows: [StoredRow] = []

    private var rowNumber = 0
    private var rowFirstCell = 0
    private var nextColumn = 0

    private var cellColumn = 0
    private var cellType: UInt8 = 0  // first byte of t="…", 0 when absent
    private var cellTypeSecond: UInt8 = 0
    private var cellIsDate = false
    private var valueStart = 0
    private var inInlineString = false
    private var phoneticDepth = 0
    private(set) var stopped = false
    /// Set when a cell carries an index that cannot be a shared string (a damaged sheet).
    private(set) var badSharedIndex = false
    /// The row of the first cell whose text passes Excel's limit (a file Excel cannot write).
    private(set) var overlongRow: Int?
    private var overlong = false
    /// The row of the first cell whose bytes are not UTF-8 (libxml2 refuses the same in shared strings).
    private(set) var invalidUTF8Row: Int?
    /// The row whose cells passed what one batch can address (`StoredCell` offsets are Int32).
    private(set) var oversizedRow: Int?
    /// A batch is handed over early once its text passes this, whatever its row count.
    static let maxBatchBytes = 256 << 20

    /// Excel's limit on a cell's text, in characters.
    static let maxCellCharacters = 32_767
    /// Bytes of one cell kept at most: four per character (the longest UTF-8 scalar), plus room
    /// for `_xHHHH_` escapes; past it the text is already too long and the rest is dropped.
    static let maxCellBytes = maxCellCharacters * 7

    /// `emit` returns false to stop parsing (the consumer gave up).
    init(dateStyles: [Bool], sharedStrings: SharedStrings = .empty, batchSize: Int, emit: @escaping (RowBatch) -> Bool) {
        self.dateStyles = dateStyles
        self.sharedStrings = sharedStrings
        self.batchSize = batchSize
        self.emit = emit
        reserve()
    }

    /// `<v>`: its text is the cell's value. Returns whether to collect text.
    mutating func beginValue() -> Bool {
        valueStart = bytes.count
        return true
    }

    /// `<is>`: an inline string, whose `<t>` runs (outside phonetic runs) make the value.
    mutating func beginInlineString() {
        inInlineString = true
        valueStart = bytes.count
    }

    mutating func endInlineString() { inInlineString = false }

    /// `<t>`: collected only inside an inline string and outside `<rPh>`.
    func beginText() -> Bool { inInlineString && phoneticDepth == 0 }

    mutating func beginPhonetic() { phoneticDepth += 1 }
    mutating func endPhonetic() { phoneticDepth = max(0, phoneticDepth - 1) }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        if bytes.count - valueStart + text.count > SheetRowBuilder.maxCellBytes {
            overlong = true
            return
        }
        bytes.append(contentsOf: text)
    }

    /// Hands over the last partial batch; call after the parser finished.
    mutating func flush() {
        guard !rows.isEmpty, !stopped else { return }
        handOver()
    }

    private mutating func handOver() {
        let full = RowBatch(bytes: bytes, cells: cells, rows: rows)
        reserve()
        if !emit(full) { stopped = true }
    }

    private mutating func reserve() {
        bytes = []
        cells = []
        rows = []
        bytes.reserveCapacity(batchSize * 96)
        cells.reserveCapacity(batchSize * 10)
        rows.reserveCapacity(batchSize)
    }

    mutating func startRow(_ attributes: SheetAttributes) {
        if let r = attributes.reference, let parsed = SheetRowBuilder.parseInt(r) {
            rowNumber = parsed
        } else {
            rowNumber += 1
        }
        nextColumn = 0
        rowFirstCell = cells.count
    }

    mutating func endRow() {
        let count = cells.count - rowFirstCell
        guard count > 0 else { return }
        rows.append(StoredRow(number: rowNumber, firstCell: rowFirstCell, cellCount: count))
        if rows.count >= batchSize || bytes.count > SheetRowBuilder.maxBatchBytes { handOver() }
    }

    mutating func startCell(_ attributes: SheetAttributes) {
        if let reference = attributes.reference, let column = SheetRowBuilder.columnIndex(reference) {
            cellColumn = column
        } else {
            cellColumn = nextColumn
        }
        nextColumn = cellColumn + 1
        if let type = attributes.type, type.count > 0 {
            cellType = type[0]
            cellTypeSecond = type.count > 1 ? type[1] : 0
        } else {
            cellType = 0
            cellTypeSecond = 0
        }
        cellIsDate = false
        overlong = false
        if let style = attributes.style, let index = SheetRowBuilder.parseInt(style), index < dateStyles.count {
            cellIsDate = dateStyles[index]
        }
        valueStart = bytes.count
    }

    mutating func endCell() {
        let start = valueStart
        var length = bytes.count - start
        if overlong
            || (length > SheetRowBuilder.maxCellCharacters && SheetRowBuilder.scalarCount(bytes, start) > SheetRowBuilder.maxCellCharacters)
        {
            bytes.removeSubrange(start...)
            overlong = false
            if overlongRow == nil { overlongRow = rowNumber }
            return
        }
        if invalidUTF8Row == nil, !SheetRowBuilder.isUTF8(bytes, start) { invalidUTF8Row = rowNumber }
        // Trim ASCII and full-width spaces here once, so a blank-but-spaced cell is empty.
        let kind: StoredKind
        switch cellType {
        case UInt8(ascii: "s") where cellTypeSecond == 0:  // t="s"
            let index = bytes.withUnsafeBufferPointer {
                SheetRowBuilder.parseInt(UnsafeBufferPointer(rebasing: $0[start..<(start + length)]))
            }
            bytes.removeSubrange(start...)
            guard let index, index <= Int(Int32.max), index < sharedStrings.count else {
                if length > 0 { badSharedIndex = true }
                return
            }
            // A whitespace-only shared string is a blank cell, as the same text inline would be.
            if sharedStrings.isBlank(at: index) { return }
            cells.append(StoredCell(column: Int32(cellColumn), kind: .shared, start: Int32(index), length: 0))
            return
        case UInt8(ascii: "i"), UInt8(ascii: "s"):  // inlineStr, str (formula string)
            kind = .text
            Xstring.decode(&bytes, from: start)
            length = bytes.count - start
        case UInt8(ascii: "b"):
            kind = .bool
        case UInt8(ascii: "e"):
            kind = .error
        case UInt8(ascii: "d"):
            kind = .date
        default:
            kind = cellIsDate ? .date : .number
        }
        let trimmed = trim(start: start, length: length)
        if trimmed.length == 0 {
            bytes.removeSubrange(start...)
            return
        }
        if trimmed.start != start {
            bytes.removeSubrange(start..<trimmed.start)
        }
        length = trimmed.length
        bytes.removeSubrange((start + length)...)
        guard bytes.count <= Int(Int32.max) else {
            bytes.removeSubrange(start...)
            if oversizedRow == nil { oversizedRow = rowNumber }
            return
        }
        cells.append(StoredCell(column: Int32(cellColumn), kind: kind, start: Int32(start), length: Int32(length)))
    }

    private func trim(start: Int, length: Int) -> (start: Int, length: Int) {
        bytes.withUnsafeBufferPointer { stored in
            let range = CellText.trimmed(stored, start..<(start + length))
            return (range.lowerBound, range.count)
        }
    }

    /// Whether `bytes[start...]` is well-formed UTF-8 (no overlongs, surrogates or bytes past
    /// U+10FFFF); ASCII, most cells, costs one comparison a byte.
    static func isUTF8(_ bytes: [UInt8], _ start: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            let end = buffer.count
            while index < end {
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80
                var high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return false
                }
                guard index + length <= end else { return false }
                let second = buffer[index + 1]
                guard second >= low, second <= high else { return false }
                for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 { return false }
                index += length
            }
            return true
        }
    }

    /// UTF-8 scalars in `bytes[start...]` (bytes that are not continuation bytes).
    static func scalarCount(_ bytes: [UInt8], _ start: Int) -> Int {
        var count = 0
        for index in start..<bytes.count where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    static func parseInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 12 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// "AB12" → 27; nil when the reference has no column letters.
    static func columnIndex(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= 65, upper <= 90 else { break }
            column = column * 26 + Int(upper - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }
}
