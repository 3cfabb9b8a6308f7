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

/// SAX handler for one worksheet part: turns `<row>`/`<c>` events into `RowBatch`es.
///
/// Handles cells without `r` (next column), rows without `r` (next row), shared, inline and
/// formula strings, numbers, booleans, errors and styled dates; blank rows are dropped here.
final class SheetHandler: XMLEventHandler {
    private enum Collecting { case none, value, inlineText }

    private let dateStyles: [Bool]
    private let sharedStrings: SharedStrings
    private let batchSize: Int
    private let emit: (RowBatch) -> Bool
    private var batch: RowBatch

    private var rowNumber = 0
    private var rowFirstCell = 0
    private var nextColumn = 0
    private var inRow = false

    private var cellColumn = 0
    private var cellType: UInt8 = 0  // first byte of t="…", 0 when absent
    private var cellTypeSecond: UInt8 = 0
    private var cellIsDate = false
    private var valueStart = 0
    private var collecting = Collecting.none
    private var inInlineString = false
    private var phoneticDepth = 0
    private(set) var stopped = false
    /// Set when a cell carries an index that cannot be a shared string (a damaged sheet).
    private(set) var badSharedIndex = false

    /// `emit` returns false to stop parsing (the consumer gave up).
    init(dateStyles: [Bool], sharedStrings: SharedStrings = .empty, batchSize: Int, emit: @escaping (RowBatch) -> Bool) {
        self.dateStyles = dateStyles
        self.sharedStrings = sharedStrings
        self.batchSize = batchSize
        self.emit = emit
        self.batch = RowBatch(capacity: batchSize)
    }

    func startElement(_ name: XMLName, attributes: XMLAttributes) {
        let first = name.pointer[0]
        if first == UInt8(ascii: "c"), name.pointer[1] == 0 {
            startCell(attributes)
        } else if first == UInt8(ascii: "v"), name.pointer[1] == 0 {
            collecting = .value
            valueStart = batch.bytes.count
        } else if first == UInt8(ascii: "t"), name.pointer[1] == 0 {
            if inInlineString, phoneticDepth == 0 { collecting = .inlineText }
        } else if name.is("row") {
            startRow(attributes)
        } else if name.is("is") {
            inInlineString = true
            valueStart = batch.bytes.count
        } else if name.is("rPh") {
            phoneticDepth += 1
        }
    }

    func endElement(_ name: XMLName) {
        let first = name.pointer[0]
        if first == UInt8(ascii: "c"), name.pointer[1] == 0 {
            endCell()
        } else if (first == UInt8(ascii: "v") || first == UInt8(ascii: "t")), name.pointer[1] == 0 {
            if collecting == .value || collecting == .inlineText { collecting = .none }
        } else if name.is("row") {
            endRow()
        } else if name.is("is") {
            inInlineString = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("sheetData") {
            flush()
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if collecting != .none { batch.bytes.append(contentsOf: bytes) }
    }

    /// Hands over the last partial batch; call after the parser finished.
    func flush() {
        guard !batch.rows.isEmpty, !stopped else { return }
        let full = batch
        batch = RowBatch(capacity: batchSize)
        if !emit(full) { stopped = true }
    }

    private func startRow(_ attributes: XMLAttributes) {
        if let r = attributes.value("r"), let parsed = SheetHandler.parseInt(r) {
            rowNumber = parsed
        } else {
            rowNumber += 1
        }
        inRow = true
        nextColumn = 0
        rowFirstCell = batch.cells.count
    }

    private func endRow() {
        inRow = false
        let count = batch.cells.count - rowFirstCell
        guard count > 0 else { return }
        batch.rows.append(StoredRow(number: rowNumber, firstCell: rowFirstCell, cellCount: count))
        if batch.rows.count >= batchSize {
            let full = batch
            batch = RowBatch(capacity: batchSize)
            if !emit(full) { stopped = true }
        }
    }

    private func startCell(_ attributes: XMLAttributes) {
        if let reference = attributes.value("r"), let column = SheetHandler.columnIndex(reference) {
            cellColumn = column
        } else {
            cellColumn = nextColumn
        }
        nextColumn = cellColumn + 1
        if let type = attributes.value("t"), type.count > 0 {
            cellType = type[0]
            cellTypeSecond = type.count > 1 ? type[1] : 0
        } else {
            cellType = 0
            cellTypeSecond = 0
        }
        cellIsDate = false
        if let style = attributes.value("s"), let index = SheetHandler.parseInt(style), index < dateStyles.count {
            cellIsDate = dateStyles[index]
        }
        valueStart = batch.bytes.count
        collecting = .none
    }

    private func endCell() {
        collecting = .none
        let start = valueStart
        var length = batch.bytes.count - start
        // Trim ASCII and full-width spaces here once, so a blank-but-spaced cell is empty.
        let kind: StoredKind
        switch cellType {
        case UInt8(ascii: "s") where cellTypeSecond == 0:  // t="s"
            let index = batch.bytes.withUnsafeBufferPointer {
                SheetHandler.parseInt(UnsafeBufferPointer(rebasing: $0[start..<(start + length)]))
            }
            batch.bytes.removeSubrange(start...)
            guard let index, index <= Int(Int32.max) else {
                if length > 0 { badSharedIndex = true }
                return
            }
            // A whitespace-only shared string is a blank cell, as the same text inline would be.
            if sharedStrings.isBlank(at: index) { return }
            batch.cells.append(StoredCell(column: Int32(cellColumn), kind: .shared, start: Int32(index), length: 0))
            return
        case UInt8(ascii: "i"), UInt8(ascii: "s"):  // inlineStr, str (formula string)
            kind = .text
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
            batch.bytes.removeSubrange(start...)
            return
        }
        if trimmed.start != start {
            batch.bytes.removeSubrange(start..<trimmed.start)
        }
        length = trimmed.length
        batch.bytes.removeSubrange((start + length)...)
        batch.cells.append(StoredCell(column: Int32(cellColumn), kind: kind, start: Int32(start), length: Int32(length)))
    }

    private func trim(start: Int, length: Int) -> (start: Int, length: Int) {
        batch.bytes.withUnsafeBufferPointer { bytes in
            let range = CellText.trimmed(bytes, start..<(start + length))
            return (range.lowerBound, range.count)
        }
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
