import Domain
import TestSupport
import Testing

@testable import Ingest

/// Test images drawn in code: a gradient (so every pixel differs) and a framed image whose
/// border colour is known.
enum TestImages {
    static func gradient(width: Int, height: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                pixels += [UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), UInt8((x + y) % 256)]
            }
        }
        return pixels
    }

    /// `frame` for a band of `band` pixels along every edge, `inside` elsewhere.
    static func framed(width: Int, height: Int, band: Int, frame: [UInt8], inside: [UInt8]) -> [UInt8] {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let edge = x < band || y < band || x >= width - band || y >= height - band
                pixels += edge ? frame : inside
            }
        }
        return pixels
    }

    /// The largest per-channel difference between two pixel buffers.
    static func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    static func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        Double(zip(a, b).map { abs(Int($0) - Int($1)) }.reduce(0, +)) / Double(max(1, a.count))
    }
}

/// CRC-32 (PNG chunks), to forge headers that libpng accepts up to the point under test.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

@Suite struct ImageCodecTests {
    @Test func sniffReadsMagicBytesOnly() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A]) == nil)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
        #expect(ImageFormat.sniff(Array("GIF89a".utf8)) == nil)
        #expect(ImageFormat.sniff([UInt8]()) == nil)
    }

    @Test func jpegRoundTripAtFullAndEighthScale() throws {
        let pixels = TestImages.gradient(width: 64, height: 48)
        let jpeg = try ImageCodec.encodeJPEG(rgb: pixels, width: 64, height: 48, quality: 95)
        #expect(ImageFormat.sniff(jpeg) == .jpeg)
        let info = try ImageCodec.info(jpeg, format: .jpeg)
        #expect(info == ImageInfo(width: 64, height: 48, components: 3))
        let full = try ImageCodec.decode(jpeg, format: .jpeg)
        #expect(full.width == 64 && full.height == 48)
        #expect(TestImages.meanDifference(full.pixels, pixels) < 3)

        // At 1/8 every pixel is its 8×8 block's mean.
        let small = try ImageCodec.decode(jpeg, format: .jpeg, jpegScale: 8)
        #expect(small.width == 8 && small.height == 6)
        for (bx, by) in [(0, 0), (7, 5), (3, 2)] {
            for channel in 0..<3 {
                var sum = 0
                for y in by * 8..<by * 8 + 8 {
                    for x in bx * 8..<bx * 8 + 8 { sum += Int(pixels[(y * 64 + x) * 3 + channel]) }
                }
                let decoded = Int(small.pixels[(by * 8 + bx) * 3 + channel])
                #expect(abs(decoded - sum / 64) <= 4, "block \(bx),\(by) channel \(channel)")
            }
        }
        // Partial blocks round up: 295×413 gives 37×52.
        let photo = try ImageCodec.encodeJPEG(rgb: [UInt8](repeating: 128, count: 295 * 413 * 3), width: 295, height: 413, quality: 80)
        let scaled = try ImageCodec.decode(photo, format: .jpeg, jpegScale: 8)
        #expect(scaled.width == 37 && scaled.height == 52)
    }

    @Test func progressiveJPEGDecodesLikeBaseline() throws {
        let pixels = TestImages.gradient(width: 40, height: 30)
        let baseline = try ImageCodec.encodeJPEG(rgb: pixels, width: 40, height: 30, quality: 90)
        let progressive = try ImageCodec.encodeJPEG(rgb: pixels, width: 40, height: 30, quality: 90, progressive: true)
        #expect(progressive != baseline)
        #expect((0..<progressive.count - 1).contains { progressive[$0] == 0xFF && progressive[$0 + 1] == 0xC2 })  // SOF2
        let a = try ImageCodec.decode(baseline, format: .jpeg)
        let b = try ImageCodec.decode(progressive, format: .jpeg)
        #expect(TestImages.maxDifference(a.pixels, b.pixels) <= 2)
        let small = try ImageCodec.decode(progressive, format: .jpeg, jpegScale: 4)
        #expect(small.width == 10 && small.height == 8)
    }

    @Test func grayscaleJPEGBecomesRGB() throws {
        let gray = (0..<(32 * 16)).map { UInt8($0 % 32 * 8) }
        let jpeg = try ImageCodec.encodeJPEG(samples: gray, width: 32, height: 16, components: 1, quality: 95, progressive: false)
        #expect(try ImageCodec.info(jpeg, format: .jpeg).components == 1)
        let image = try ImageCodec.decode(jpeg, format: .jpeg)
        #expect(image.pixels.count == 32 * 16 * 3)
        for index in stride(from: 0, to: image.pixels.count, by: 3) {
            #expect(image.pixels[index] == image.pixels[index + 1] && image.pixels[index] == image.pixels[index + 2])
        }
        let expanded = gray.flatMap { [$0, $0, $0] }
        #expect(TestImages.meanDifference(image.pixels, expanded) < 3)
    }

    @Test func adobeCMYKJPEGBecomesRGB() throws {
        // Inverted CMYK as Photoshop writes it: (C, M, Y, K) = (0, 255, 255, 0) ink, i.e. pure red.
        let red: [UInt8] = [255, 0, 0, 255]
        let samples = Array([[UInt8]](repeating: red, count: 16 * 16).joined())
        let jpeg = try ImageCodec.encodeJPEG(samples: samples, width: 16, height: 16, components: 4, quality: 95, progressive: false)
        #expect(try ImageCodec.info(jpeg, format: .jpeg).components == 4)
        let image = try ImageCodec.decode(jpeg, format: .jpeg)
        #expect(image.pixels.count == 16 * 16 * 3)
        #expect(image.pixels[0] > 240 && image.pixels[1] < 15 && image.pixels[2] < 15)
    }

    @Test func pngRoundTripIsExactAlsoInterlaced() throws {
        let pixels = TestImages.gradient(width: 33, height: 21)
        for interlaced in [false, true] {
            let png = try ImageCodec.encodePNG(rgb: pixels, width: 33, height: 21, interlaced: interlaced)
            #expect(ImageFormat.sniff(png) == .png)
            #expect(try ImageCodec.info(png, format: .png) == ImageInfo(width: 33, height: 21, components: 3))
            let image = try ImageCodec.decode(png, format: .png, jpegScale: 8)  // the scale is for JPEGs only
            #expect(image == RGBImage(width: 33, height: 21, pixels: pixels))
        }
    }

    /// Every PNG layout normalises to RGB8: palette (with transparency), gray of every depth,
    /// gray+alpha, RGBA and 16-bit, alpha dropped rather than composited (as Pillow's RGB).
    @Test(arguments: [
        (
            "palette + tRNS",
            ImageCodec.PNGLayout(colorType: 3, bitDepth: 8, palette: [200, 30, 40, 10, 20, 250], transparency: [0, 128]),
            [0, 1] as [UInt8], [200, 30, 40, 10, 20, 250] as [UInt8]
        ),
        (
            "palette 2-bit", ImageCodec.PNGLayout(colorType: 3, bitDepth: 2, palette: [1, 2, 3, 4, 5, 6]), [0b0001_0000],
            [1, 2, 3, 4, 5, 6]
        ),
        ("gray 1-bit", ImageCodec.PNGLayout(colorType: 0, bitDepth: 1), [0b0100_0000], [0, 0, 0, 255, 255, 255]),
        ("gray 4-bit", ImageCodec.PNGLayout(colorType: 0, bitDepth: 4), [0x0F], [0, 0, 0, 255, 255, 255]),
        ("gray 8-bit", ImageCodec.PNGLayout(colorType: 0, bitDepth: 8), [7, 250], [7, 7, 7, 250, 250, 250]),
        ("gray+alpha", ImageCodec.PNGLayout(colorType: 4, bitDepth: 8), [90, 0, 91, 255], [90, 90, 90, 91, 91, 91]),
        ("RGBA", ImageCodec.PNGLayout(colorType: 6, bitDepth: 8), [200, 30, 40, 0, 1, 2, 3, 128], [200, 30, 40, 1, 2, 3]),
        (
            "RGB 16-bit", ImageCodec.PNGLayout(colorType: 2, bitDepth: 16), [0xC8, 0xFF, 0x1E, 0x00, 0x28, 0x80, 0, 1, 0, 2, 0xFF, 0xFF],
            [200, 30, 40, 0, 0, 255]
        ),
        (
            "gray 16-bit + alpha", ImageCodec.PNGLayout(colorType: 4, bitDepth: 16), [0x12, 0x34, 0, 0, 0xAB, 0xCD, 0xFF, 0xFF],
            [0x12, 0x12, 0x12, 0xAB, 0xAB, 0xAB]
        ),
    ])
    func pngLayoutsNormaliseToRGB8(_ name: String, _ layout: ImageCodec.PNGLayout, _ samples: [UInt8], _ expected: [UInt8]) throws {
        for interlaced in [false, true] {
            let png = try ImageCodec.encodePNG(samples: samples, width: 2, height: 1, layout: layout, interlaced: interlaced)
            let image = try ImageCodec.decode(png, format: .png)
            #expect(image == RGBImage(width: 2, height: 1, pixels: expected), "\(name) interlaced \(interlaced)")
        }
    }

    @Test func truncatedImagesThrowInsteadOfPaddingWithGray() throws {
        let pixels = TestImages.gradient(width: 120, height: 90)
        let baseline = try ImageCodec.encodeJPEG(rgb: pixels, width: 120, height: 90, quality: 90)
        let progressive = try ImageCodec.encodeJPEG(rgb: pixels, width: 120, height: 90, quality: 90, progressive: true)
        let png = try ImageCodec.encodePNG(rgb: pixels, width: 120, height: 90)
        for (format, whole) in [(ImageFormat.jpeg, baseline), (.jpeg, progressive), (.png, png)] {
            for keep in [3, 12, 40, whole.count / 3, whole.count / 2, whole.count - 2] {
                let cut = Array(whole.prefix(keep))
                for scale in [1, 8] {
                    let error = #expect(throws: ImageError.self, "\(format) cut at \(keep)") {
                        try ImageCodec.decode(cut, format: format, jpegScale: scale)
                    }
                    #expect(error?.reason == .corrupt)
                    #expect(error?.detail.isEmpty == false)
                }
            }
        }
        // The header alone is readable from a file cut after it; a photo's pixels are not.
        let half = Array(baseline.prefix(baseline.count / 2))
        #expect(try ImageCodec.info(half, format: .jpeg).width == 120)
        let photo = try ImageCodec.encodeJPEG(rgb: TestImages.gradient(width: 295, height: 413), width: 295, height: 413, quality: 80)
        let error = #expect(throws: ImageError.self) { try PhotoInspector().facts(Array(photo.prefix(photo.count / 2))) }
        #expect(error?.reason == .corrupt && error?.format == .jpeg)
    }

    @Test func garbageThrowsForEitherFormat() {
        var random = SeededRandom(seed: 7)
        for length in [0, 1, 9, 100, 5000] {
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            for format in ImageFormat.allCases {
                if length >= 8 {
                    let magic: [UInt8] = format == .jpeg ? [0xFF, 0xD8, 0xFF, 0xE0] : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
                    bytes.replaceSubrange(0..<magic.count, with: magic)
                }
                #expect(throws: ImageError.self) { try ImageCodec.info(bytes, format: format) }
                #expect(throws: ImageError.self) { try ImageCodec.decode(bytes, format: format) }
            }
        }
    }

    /// Flipped bytes anywhere in valid files: each either decodes or throws, never crashes.
    @Test func mutatedFilesNeverCrash() throws {
        let pixels = TestImages.gradient(width: 48, height: 40)
        let files: [(ImageFormat, [UInt8])] = [
            (.jpeg, try ImageCodec.encodeJPEG(rgb: pixels, width: 48, height: 40, quality: 85)),
            (.jpeg, try ImageCodec.encodeJPEG(rgb: pixels, width: 48, height: 40, quality: 85, progressive: true)),
            (.png, try ImageCodec.encodePNG(rgb: pixels, width: 48, height: 40)),
        ]
        var random = SeededRandom(seed: 11)
        var thrown = 0
        for (format, original) in files {
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<(1 + random.next(4)) {
                    bytes[3 + random.next(bytes.count - 3)] = UInt8(truncatingIfNeeded: random.next())
                }
                for scale in [1, 8] {
                    do {
                        let image = try ImageCodec.decode(bytes, format: format, jpegScale: scale)
                        #expect(image.pixels.count == image.width * image.height * 3)
                    } catch {
                        thrown += 1
                    }
                }
            }
        }
        #expect(thrown > 0)
    }

    @Test func hugeDeclaredDimensionsAreRefusedBeforeDecoding() throws {
        // JPEG: patch the SOF0 frame header to 60000×50000.
        var jpeg = try ImageCodec.encodeJPEG(rgb: TestImages.gradient(width: 16, height: 16), width: 16, height: 16, quality: 80)
        let sof = try #require((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange(sof + 5..<sof + 9, with: [0xC3, 0x50, 0xEA, 0x60])  // height 50000, width 60000
        #expect(try ImageCodec.info(jpeg, format: .jpeg) == ImageInfo(width: 60000, height: 50000, components: 3))
        let jpegError = #expect(throws: ImageError.self) { try ImageCodec.decode(jpeg, format: .jpeg, jpegScale: 8) }
        #expect(jpegError?.reason == .tooLarge)

        // PNG: IHDR 20000×20000 with a correct CRC; also just over the pixel limit (8001×8001).
        for (width, height) in [(20000, 20000), (8001, 8001), (10001, 1)] {
            var png = try ImageCodec.encodePNG(rgb: [1, 2, 3], width: 1, height: 1)
            let be = { (value: Int) in
                [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            }
            png.replaceSubrange(16..<24, with: be(width) + be(height))
            png.replaceSubrange(29..<33, with: be(Int(crc32(png[12..<29]))))
            #expect(try ImageCodec.info(png, format: .png) == ImageInfo(width: width, height: height, components: 3))
            let pngError = #expect(throws: ImageError.self) { try ImageCodec.decode(png, format: .png) }
            #expect(pngError?.reason == .tooLarge)
            // The photo check reads the header only: wrong dimensions, no decode, no error.
            let facts = try PhotoInspector().facts(png)
            #expect(facts == PhotoFacts(format: .png, byteCount: png.count, width: width, height: height, border: nil))
        }
    }

    @Test func badEncoderArgumentsThrow() {
        #expect(throws: ImageError.self) { try ImageCodec.encodeJPEG(rgb: [1, 2, 3], width: 2, height: 1, quality: 80) }
        #expect(throws: ImageError.self) { try ImageCodec.encodeJPEG(rgb: [1, 2, 3], width: 1, height: 1, quality: 0) }
        #expect(throws: ImageError.self) { try ImageCodec.encodePNG(rgb: [], width: 0, height: 0) }
        #expect(throws: ImageError.self) {
            try ImageCodec.encodePNG(samples: [0], width: 1, height: 1, layout: .init(colorType: 2, bitDepth: 3), interlaced: false)
        }
    }
}

@Suite struct ImageCodecPhotoFactsTests {
    static let red: [UInt8] = [210, 30, 40]
    static let blue: [UInt8] = [60, 140, 220]

    @Test func notAnImageHasNoFormatAndNoDimensions() throws {
        let bytes = Array("这不是照片".utf8)
        #expect(try PhotoInspector().facts(bytes) == PhotoFacts(format: nil, byteCount: bytes.count))
        #expect(try PhotoInspector().facts([]) == PhotoFacts(format: nil, byteCount: 0))
    }

    /// The border band of a real photo is the backdrop; a 16-px band keeps the 1/8-scale means
    /// clean while the inside colour (a different one) must not leak in.
    @Test(arguments: [1, 2, 8])
    func borderMeanOfAFramedJPEG(scale: Int) throws {
        let pixels = TestImages.framed(width: 295, height: 413, band: 16, frame: Self.red, inside: Self.blue)
        let jpeg = try ImageCodec.encodeJPEG(rgb: pixels, width: 295, height: 413, quality: 92)
        let facts = try PhotoInspector(jpegScale: scale).facts(jpeg)
        #expect(facts.format == .jpeg && facts.width == 295 && facts.height == 413 && facts.byteCount == jpeg.count)
        let border = try #require(facts.border)
        #expect(abs(border.red - 210) < 4 && abs(border.green - 30) < 4 && abs(border.blue - 40) < 4, "\(border)")
    }

    /// PNG: decoded at full size, so the mean is exact, corners counted as the peer counts them.
    @Test func borderMeanOfAPNGIsExact() throws {
        var pixels = TestImages.framed(width: 295, height: 413, band: 1, frame: Self.red, inside: Self.blue)
        // The bottom row between the corners is not part of the border: green must not count.
        for x in 1..<294 { pixels.replaceSubrange((412 * 295 + x) * 3..<(412 * 295 + x) * 3 + 3, with: [0, 255, 0]) }
        // One odd pixel on the top row moves the mean by a known amount.
        pixels.replaceSubrange(3 * 100..<3 * 100 + 3, with: [0, 0, 0])
        let png = try ImageCodec.encodePNG(rgb: pixels, width: 295, height: 413)
        let border = try #require(try PhotoInspector().facts(png).border)
        let count = Double(295 + 2 * 413)
        #expect(abs(border.red - (210 - 210 / count)) < 1e-9)
        #expect(abs(border.green - (30 - 30 / count)) < 1e-9)
        #expect(abs(border.blue - (40 - 40 / count)) < 1e-9)
    }

    @Test func wrongSizeSkipsThePixels() throws {
        let jpeg = try ImageCodec.encodeJPEG(rgb: TestImages.gradient(width: 300, height: 400), width: 300, height: 400, quality: 80)
        #expect(try PhotoInspector().facts(jpeg) == PhotoFacts(format: .jpeg, byteCount: jpeg.count, width: 300, height: 400))
    }

    @Test func partialBytesAreMeasuredButNotDecoded() throws {
        let pixels = TestImages.framed(width: 295, height: 413, band: 8, frame: Self.red, inside: Self.blue)
        let jpeg = try ImageCodec.encodeJPEG(rgb: pixels, width: 295, height: 413, quality: 80)
        let facts = try PhotoInspector().facts(Array(jpeg.prefix(1000)), byteCount: 6_000_000)
        #expect(facts == PhotoFacts(format: .jpeg, byteCount: 6_000_000, width: 295, height: 413, border: nil))
    }
}
