import CQREncode
import Foundation

/// A QR code symbol from libqrencode (the only place kaowu calls it): a square of dark and
/// light modules, error correction level M, the text as 8-bit data.
public struct QRCode: Sendable {
    /// Modules per side.
    public let size: Int
    private let dark: [Bool]

    /// Encodes `text`; nil when libqrencode refuses it (too long for any version).
    public init?(_ text: String) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        size = Int(code.pointee.width)
        dark = (0..<size * size).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }

    /// The dark modules as horizontal runs (row, first column, length): one rectangle a run.
    public var runs: [(row: Int, column: Int, length: Int)] {
        var runs: [(row: Int, column: Int, length: Int)] = []
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < size, isDark(row: row, column: column) { column += 1 }
                runs.append((row, start, column - start))
            }
        }
        return runs
    }
}
