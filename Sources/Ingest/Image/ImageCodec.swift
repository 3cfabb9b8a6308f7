import CImageShim
public import Domain

/// Why an image could not be read or written. The photo rules turn a read error into
/// `photo.format` (the file is not a usable image); nothing here ever crashes on bad bytes.
public struct ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Not a valid image of its format: damaged, truncated, or not an image at all.
        case corrupt
        /// The header declares more pixels than the codec decodes (see `ImageCodec.maxSide`).
        case tooLarge
        /// A valid image the codec does not convert (an unusual JPEG colour space).
        case unsupported
        case outOfMemory
        /// The caller passed inconsistent arguments (e.g. a pixel buffer of the wrong size).
        case badArgument
    }

    public let reason: Reason
    public let format: ImageFormat
    /// The library's own message, in English; for logs and the failure's detail.
    public let detail: String

    public init(reason: Reason, format: ImageFormat, detail: String) {
        self.reason = reason
        self.format = format
        self.detail = detail
    }

    public var description: String { "\(format.rawValue) \(reason): \(detail)" }
}

extension ImageFormat {
    /// The format by magic bytes: a photo named `.jpg` may be anything, its first bytes are not.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        return nil
    }
}

/// What an image header declares, read without decoding pixels.
public struct ImageInfo: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Channels as stored: JPEG 1 (gray), 3 or 4 (CMYK); PNG 1–4.
    public let components: Int
}

/// Decoded pixels with their alpha, RGBA8, rows top to bottom (stamps).
public struct RGBAImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
}

/// Decoded pixels, RGB8, rows top to bottom.
public struct RGBImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// JPEG and PNG through libjpeg-turbo and libpng; the only Swift file that calls them. The C
/// shim (`CImageShim`) owns every setjmp/longjmp, so a library error comes back here as a
/// status code and becomes an `ImageError`.
public enum ImageCodec {
    /// Decoding refuses larger images before allocating anything for their pixels.
    public static let maxSide = Int(KAOWU_IMAGE_MAX_SIDE)
    public static let maxPixels = Int(KAOWU_IMAGE_MAX_PIXELS)

    /// The header's width, height and channel count.
    public static func info(_ bytes: [UInt8], format: ImageFormat) throws(ImageError) -> ImageInfo {
        var info = kaowu_image_info()
        var message = kaowu_image_message()
        let status = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg: kaowu_jpeg_info(buffer.baseAddress, buffer.count, &info, &message)
            case .png: kaowu_png_info(buffer.baseAddress, buffer.count, &info, &message)
            }
        }
        try check(status, format, message)
        return ImageInfo(width: Int(info.width), height: Int(info.height), components: Int(info.components))
    }

    /// Decodes to RGB8. `jpegScale` 1, 2, 4 or 8 shrinks a JPEG by that factor inside libjpeg
    /// (8 decodes only each 8×8 block's mean, several times faster); PNGs are always full size.
    public static func decode(_ bytes: [UInt8], format: ImageFormat, jpegScale: Int = 1) throws(ImageError) -> RGBImage {
        try withPixels(bytes, format: format, jpegScale: jpegScale) { pixels, width, height in
            RGBImage(width: width, height: height, pixels: Array(pixels))
        }
    }

    /// Decodes and hands the C buffer to `body` without copying it; the buffer is freed after.
    static func withPixels<T>(
        _ bytes: [UInt8], format: ImageFormat, jpegScale: Int, _ body: (UnsafeBufferPointer<UInt8>, Int, Int) -> T
    ) throws(ImageError) -> T {
        var image = kaowu_rgb_image()
        var message = kaowu_image_message()
        let status = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg: kaowu_jpeg_decode(buffer.baseAddress, buffer.count, Int32(jpegScale), &image, &message)
            case .png: kaowu_png_decode(buffer.baseAddress, buffer.count, &image, &message)
            }
        }
        defer { kaowu_image_free(image.pixels) }
        try check(status, format, message)
        let width = Int(image.width)
        let height = Int(image.height)
        return body(UnsafeBufferPointer(start: image.pixels, count: width * height * 3), width, height)
    }

    /// RGB8 pixels to a baseline (or progressive) JPEG, 4:2:0, quality 1–100.
    public static func encodeJPEG(rgb: [UInt8], width: Int, height: Int, quality: Int, progressive: Bool = false) throws(ImageError)
        -> [UInt8]
    {
        try encodeJPEG(samples: rgb, width: width, height: height, components: 3, quality: quality, progressive: progressive)
    }

    /// Any of 1 (gray), 3 (RGB) or 4 (CMYK, stored as given with an Adobe marker, so pass it
    /// inverted as Photoshop does) samples per pixel; the extra layouts exist for tests.
    static func encodeJPEG(samples: [UInt8], width: Int, height: Int, components: Int, quality: Int, progressive: Bool)
        throws(ImageError) -> [UInt8]
    {
        guard width > 0, height > 0, samples.count == width * height * components else {
            throw ImageError(reason: .badArgument, format: .jpeg, detail: "\(samples.count) bytes for \(width)x\(height)x\(components)")
        }
        var output = kaowu_bytes()
        var message = kaowu_image_message()
        let status = samples.withUnsafeBufferPointer { buffer in
            kaowu_jpeg_encode(
                buffer.baseAddress, Int32(width), Int32(height), Int32(components), Int32(quality), progressive ? 1 : 0, &output, &message)
        }
        return try take(output, status, .jpeg, message)
    }

    /// A PNG with an alpha channel decoded to RGBA8, or nil when it has none (colour types 4
    /// and 6 have one; a palette's tRNS is not a channel).
    public static func decodeRGBA(ofPNG bytes: [UInt8]) throws(ImageError) -> RGBAImage? {
        var image = kaowu_rgb_image()
        var hasAlpha: Int32 = 0
        var message = kaowu_image_message()
        let status = bytes.withUnsafeBufferPointer { buffer in
            kaowu_png_decode_rgba(buffer.baseAddress, buffer.count, &image, &hasAlpha, &message)
        }
        defer { kaowu_image_free(image.pixels) }
        try check(status, .png, message)
        guard hasAlpha != 0 else { return nil }
        let count = Int(image.width) * Int(image.height) * 4
        return RGBAImage(
            width: Int(image.width), height: Int(image.height), pixels: Array(UnsafeBufferPointer(start: image.pixels, count: count)))
    }

    /// How a PNG uses its alpha channel: nil when it has none. Counts of fully transparent,
    /// partly transparent and opaque pixels.
    public static func alpha(ofPNG bytes: [UInt8]) throws(ImageError) -> (transparent: Int, partial: Int, opaque: Int)? {
        guard let image = try decodeRGBA(ofPNG: bytes) else { return nil }
        var counts = (transparent: 0, partial: 0, opaque: 0)
        for index in stride(from: 3, to: image.pixels.count, by: 4) {
            switch image.pixels[index] {
            case 0: counts.transparent += 1
            case 255: counts.opaque += 1
            default: counts.partial += 1
            }
        }
        return counts
    }

    /// RGBA8 pixels to a PNG with an alpha channel (stamps).
    public static func encodePNG(rgba: [UInt8], width: Int, height: Int) throws(ImageError) -> [UInt8] {
        try encodePNG(samples: rgba, width: width, height: height, layout: PNGLayout(colorType: 6, bitDepth: 8), interlaced: false)
    }

    /// RGB8 pixels to a PNG.
    public static func encodePNG(rgb: [UInt8], width: Int, height: Int, interlaced: Bool = false) throws(ImageError) -> [UInt8] {
        try encodePNG(samples: rgb, width: width, height: height, layout: .rgb8, interlaced: interlaced)
    }

    /// How PNG samples are laid out: libpng's colour type and bit depth, and a palette (RGB
    /// triples) with optional alpha per entry for colour type 3. Tests use it to build every
    /// kind of PNG the decoder must normalise.
    struct PNGLayout {
        var colorType: Int
        var bitDepth: Int
        var palette: [UInt8] = []
        var transparency: [UInt8] = []

        static let rgb8 = PNGLayout(colorType: 2, bitDepth: 8)

        var channels: Int {
            switch colorType {
            case 2: 3
            case 4: 2
            case 6: 4
            default: 1
            }
        }

        func rowBytes(width: Int) -> Int { (width * channels * bitDepth + 7) / 8 }
    }

    static func encodePNG(samples: [UInt8], width: Int, height: Int, layout: PNGLayout, interlaced: Bool) throws(ImageError) -> [UInt8] {
        guard width > 0, height > 0, samples.count == layout.rowBytes(width: width) * height else {
            throw ImageError(reason: .badArgument, format: .png, detail: "\(samples.count) bytes for \(width)x\(height)")
        }
        var output = kaowu_bytes()
        var message = kaowu_image_message()
        let status = samples.withUnsafeBufferPointer { buffer in
            layout.palette.withUnsafeBufferPointer { palette in
                layout.transparency.withUnsafeBufferPointer { alpha in
                    kaowu_png_encode(
                        buffer.baseAddress, Int32(width), Int32(height), Int32(layout.colorType), Int32(layout.bitDepth),
                        palette.baseAddress,
                        Int32(layout.palette.count / 3), alpha.baseAddress, Int32(layout.transparency.count), interlaced ? 1 : 0, &output,
                        &message)
                }
            }
        }
        return try take(output, status, .png, message)
    }

    private static func take(_ output: kaowu_bytes, _ status: Int32, _ format: ImageFormat, _ message: kaowu_image_message)
        throws(ImageError)
        -> [UInt8]
    {
        defer { kaowu_image_free(output.bytes) }
        try check(status, format, message)
        return Array(UnsafeBufferPointer(start: output.bytes, count: output.size))
    }

    private static func check(_ status: Int32, _ format: ImageFormat, _ message: kaowu_image_message) throws(ImageError) {
        let reason: ImageError.Reason
        switch Int(status) {
        case Int(KAOWU_IMAGE_OK): return
        case Int(KAOWU_IMAGE_TOO_LARGE): reason = .tooLarge
        case Int(KAOWU_IMAGE_UNSUPPORTED): reason = .unsupported
        case Int(KAOWU_IMAGE_NO_MEMORY): reason = .outOfMemory
        case Int(KAOWU_IMAGE_BAD_ARGUMENT): reason = .badArgument
        default: reason = .corrupt
        }
        let detail = withUnsafeBytes(of: message.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        throw ImageError(reason: reason, format: format, detail: detail)
    }
}

/// Measures a candidate photo for the photo rules: format, size, pixel size from the header,
/// and the border colour. Pixels are decoded only for a photo of the right pixel size (any
/// other has already failed), and a JPEG at 1/8 scale by default: the border band is then the
/// mean of the outer 8×8 blocks, close to the full-size border mean and several times faster.
public struct PhotoInspector: Sendable {
    public let jpegScale: Int

    /// `jpegScale`: 1, 2, 4 or 8.
    public init(jpegScale: Int = 8) {
        self.jpegScale = jpegScale
    }

    /// `byteCount` is the whole file's size when `bytes` is only its beginning (an over-size
    /// entry need not be inflated whole); the pixels of a partial file are not decoded.
    /// Throws when a JPEG or PNG is damaged or truncated.
    public func facts(_ bytes: [UInt8], byteCount: Int? = nil) throws(ImageError) -> PhotoFacts {
        let size = byteCount ?? bytes.count
        guard let format = ImageFormat.sniff(bytes) else { return PhotoFacts(format: nil, byteCount: size) }
        let info = try ImageCodec.info(bytes, format: format)
        var facts = PhotoFacts(format: format, byteCount: size, width: info.width, height: info.height)
        guard info.width == PhotoSpec.width, info.height == PhotoSpec.height, size == bytes.count else { return facts }
        facts.border = try ImageCodec.withPixels(bytes, format: format, jpegScale: jpegScale, Self.borderMean)
        return facts
    }

    /// The mean of the top row, the left column and the right column, corners counted in each,
    /// exactly as the Pillow peer (`bench/photo_check.py`) computes it.
    static func borderMean(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> BorderMean {
        var sums = (0, 0, 0)
        func add(_ x: Int, _ y: Int) {
            let offset = (y * width + x) * 3
            sums.0 += Int(pixels[offset])
            sums.1 += Int(pixels[offset + 1])
            sums.2 += Int(pixels[offset + 2])
        }
        for x in 0..<width { add(x, 0) }
        for y in 0..<height {
            add(0, y)
            add(width - 1, y)
        }
        let count = Double(width + 2 * height)
        return BorderMean(red: Double(sums.0) / count, green: Double(sums.1) / count, blue: Double(sums.2) / count)
    }
}
