/// The image formats a candidate photo may have, judged by magic bytes, never by the name.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable {
    case jpeg, png

    /// The name a user knows the format by, for messages.
    public var displayName: String {
        switch self {
        case .jpeg: "JPG"
        case .png: "PNG"
        }
    }
}

/// Mean colour of a photo's border, 0–255 per channel.
public struct BorderMean: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// What the photo rules need to know about one photo file: everything is measured once by the
/// codec (Ingest), and the rules (Validate) stay pure functions of these values.
public struct PhotoFacts: Sendable, Hashable {
    /// Nil when the bytes are neither JPEG nor PNG; then the other facts are not measured.
    public var format: ImageFormat?
    public var byteCount: Int
    /// Pixel size from the image header; 0 when `format` is nil.
    public var width: Int
    public var height: Int
    /// Mean of the top row and both side columns. Nil when the pixels were not decoded: a photo
    /// of the wrong size has already failed, so it is not worth decoding.
    public var border: BorderMean?

    public init(format: ImageFormat?, byteCount: Int, width: Int = 0, height: Int = 0, border: BorderMean? = nil) {
        self.format = format
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.border = border
    }
}

/// The photo specification of the 1+X platform: 295×413 px (a 1-inch photo at 300 dpi), at
/// most 5 MB, red background.
public enum PhotoSpec {
    public static let width = 295
    public static let height = 413
    public static let maxBytes = 5 * 1024 * 1024

    /// A border counts as red when it is clearly red and not pink, orange or white.
    public static func isRed(_ border: BorderMean) -> Bool {
        border.red > 150 && border.green < 100 && border.blue < 100
    }
}
