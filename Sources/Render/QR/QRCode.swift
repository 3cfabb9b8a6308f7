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

    /// The symbol as a 1-bit grey bitmap (dark = 0) of `Self.pixelsPerModule` pixels a side per
    /// module, each row padded to whole bytes. Why not one pixel a module: poppler smooths an
    /// image it enlarges less than four times, and a 25-pixel code drawn at 72–98 dpi came out
    /// too blurred for zbar to read.
    public var bitmap: (pixels: [UInt8], side: Int) {
        let side = size * QRCode.pixelsPerModule
        let bytesPerRow = (side + 7) / 8
        var row = [UInt8](repeating: 0xFF, count: bytesPerRow)
        var pixels: [UInt8] = []
        pixels.reserveCapacity(bytesPerRow * side)
        for moduleRow in 0..<size {
            for index in row.indices { row[index] = 0xFF }
            for column in 0..<size where isDark(row: moduleRow, column: column) {
                for pixel in column * QRCode.pixelsPerModule..<(column + 1) * QRCode.pixelsPerModule {
                    row[pixel / 8] &= ~(0x80 >> UInt8(pixel % 8))
                }
            }
            for _ in 0..<QRCode.pixelsPerModule { pixels += row }
        }
        return (pixels, side)
    }

    public static let pixelsPerModule = 4
}
