public import Domain
import Ingest

/// Sample candidate photos for `kaowu sample --photos`: a plausible 295×413 head-and-shoulders
/// ID photo on a red background, different for every seed, plus deliberately bad photos, each
/// breaking one photo rule. A seed gives the same pixels on every machine (only IEEE arithmetic
/// and `sqrt`, no libm calls whose last bits may differ); the JPEG bytes also depend on libjpeg.
public enum SamplePhotos {
    /// With the mild noise of `Canvas.quantized` a photo is 15–18 KB, like a real ID photo.
    public static let quality = 90

    /// A valid photo: JPEG bytes that pass every photo rule.
    public static func jpeg(seed: UInt64) throws -> [UInt8] {
        let (pixels, width, height) = draw(seed: seed)
        return try ImageCodec.encodeJPEG(rgb: pixels, width: width, height: height, quality: quality)
    }

    /// The drawn RGB8 pixels; `width`/`height` other than 295×413 scale the figure.
    public static func draw(seed: UInt64, width: Int = PhotoSpec.width, height: Int = PhotoSpec.height, background: RGB? = nil)
        -> (pixels: [UInt8], width: Int, height: Int)
    {
        var random = SeededRandom(seed: seed ^ 0x5048_4F54_4F53)  // "PHOTOS": photos differ from rows of the same seed
        var look = Look(&random)
        if let background { look.background = background }
        var canvas = Canvas(width: width, height: height, color: look.background)
        canvas.paint(look)
        return (canvas.quantized(&random), width, height)
    }

    /// A colour as three 0–255 channels.
    public struct RGB: Sendable, Hashable {
        public var red: Double
        public var green: Double
        public var blue: Double

        public init(_ red: Double, _ green: Double, _ blue: Double) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        func scaled(_ factor: Double) -> RGB { RGB(red * factor, green * factor, blue * factor) }
    }

    // MARK: bad photos

    /// The mistakes schools really make, one rule each.
    public enum Defect: String, CaseIterable, Sendable {
        /// A 2-inch photo (413×579) instead of 1-inch.
        case wrongSize
        /// The blue background other ID photos use.
        case blueBackground
        /// A PNG saved with a `.jpg` name.
        case pngNamedJPEG
        /// A JPEG cut off part-way (an interrupted copy).
        case truncated
        /// Not an image at all (a Word document renamed).
        case notAnImage
    }

    public struct BadPhoto: Sendable {
        public let defect: Defect
        /// Without the dot: the entry is `<证件号码>.<fileExtension>`.
        public let fileExtension: String
        public let bytes: [UInt8]
        /// The failure code the photos import must report for it.
        public let expectedCode: FailureCode
    }

    /// A bad photo with the defect chosen by the seed.
    public static func bad(seed: UInt64) throws -> BadPhoto {
        var random = SeededRandom(seed: seed)
        let defects = Defect.allCases
        return try bad(defects[random.next(defects.count)], seed: seed)
    }

    public static func bad(_ defect: Defect, seed: UInt64) throws -> BadPhoto {
        switch defect {
        case .wrongSize:
            let (pixels, width, height) = draw(seed: seed, width: 413, height: 579)
            let bytes = try ImageCodec.encodeJPEG(rgb: pixels, width: width, height: height, quality: quality)
            return BadPhoto(defect: defect, fileExtension: "jpg", bytes: bytes, expectedCode: .photoDimensions)
        case .blueBackground:
            let (pixels, width, height) = draw(seed: seed, background: RGB(67, 142, 219))
            let bytes = try ImageCodec.encodeJPEG(rgb: pixels, width: width, height: height, quality: quality)
            return BadPhoto(defect: defect, fileExtension: "jpg", bytes: bytes, expectedCode: .photoBackground)
        case .pngNamedJPEG:
            let (pixels, width, height) = draw(seed: seed)
            let bytes = try ImageCodec.encodePNG(rgb: pixels, width: width, height: height)
            return BadPhoto(defect: defect, fileExtension: "jpg", bytes: bytes, expectedCode: .photoFormat)
        case .truncated:
            let whole = try jpeg(seed: seed)
            return BadPhoto(
                defect: defect, fileExtension: "jpg", bytes: Array(whole.prefix(whole.count * 3 / 5)), expectedCode: .photoFormat)
        case .notAnImage:
            // The first bytes of an OLE2 compound file (an old .doc), then filler.
            var bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
            var random = SeededRandom(seed: seed)
            for _ in 0..<4088 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            return BadPhoto(defect: defect, fileExtension: "jpg", bytes: bytes, expectedCode: .photoFormat)
        }
    }

    // MARK: drawing

    /// One person's appearance, all in 295×413 photo coordinates.
    struct Look {
        var background: RGB
        var skin: RGB
        var hair: RGB
        var clothing: RGB
        var suit: Bool
        var tie: RGB?
        var centerX: Double
        var headY: Double
        var headRX: Double
        var headRY: Double
        var longHair: Bool

        init(_ random: inout SeededRandom) {
            func vary(_ base: Double, _ spread: Int) -> Double { base + Double(random.next(2 * spread + 1) - spread) }
            background = RGB(vary(210, 10), vary(30, 10), vary(40, 10))
            let tones = [RGB(236, 200, 176), RGB(226, 184, 154), RGB(214, 170, 140), RGB(240, 208, 188)]
            let tone = tones[random.next(tones.count)]
            skin = RGB(vary(tone.red, 5), vary(tone.green, 5), vary(tone.blue, 5))
            hair = RGB(vary(32, 10), vary(26, 8), vary(24, 8))
            suit = random.next(3) != 0
            if suit {
                let gray = vary(40, 12)
                clothing = random.next(2) == 0 ? RGB(gray, gray, gray + 8) : RGB(gray - 10, gray - 5, gray + 30)
                let ties = [RGB(140, 28, 40), RGB(30, 50, 110), RGB(60, 60, 70)]
                tie = random.next(3) == 0 ? nil : ties[random.next(ties.count)]
            } else {
                let white = vary(238, 8)
                clothing = RGB(white, white, white + 4)
                tie = nil
            }
            centerX = vary(147.5, 5)
            headY = vary(190, 6)
            headRX = vary(68, 4)
            headRY = vary(88, 4)
            longHair = random.next(3) == 0
        }
    }

    /// A floating-point RGB canvas painted with anti-aliased ellipses and polygons.
    struct Canvas {
        let width: Int
        let height: Int
        var pixels: [Double]
        /// Photo units (295×413) to pixels.
        let scaleX: Double
        let scaleY: Double

        init(width: Int, height: Int, color: RGB) {
            self.width = width
            self.height = height
            scaleX = Double(width) / Double(PhotoSpec.width)
            scaleY = Double(height) / Double(PhotoSpec.height)
            pixels = [Double](repeating: 0, count: width * height * 3)
            for y in 0..<height {
                // A studio backdrop lit a little brighter in the upper middle.
                let light = 1.02 - 0.04 * Double(y) / Double(height)
                let lit = color.scaled(light)
                for x in 0..<width {
                    let offset = (y * width + x) * 3
                    pixels[offset] = lit.red
                    pixels[offset + 1] = lit.green
                    pixels[offset + 2] = lit.blue
                }
            }
        }

        mutating func set(_ x: Int, _ y: Int, _ color: RGB, coverage: Double) {
            let offset = (y * width + x) * 3
            pixels[offset] += (color.red - pixels[offset]) * coverage
            pixels[offset + 1] += (color.green - pixels[offset + 1]) * coverage
            pixels[offset + 2] += (color.blue - pixels[offset + 2]) * coverage
        }

        /// Fills an ellipse (photo units). `shade` darkens towards the rim (a rounded face);
        /// `keep` limits the fill to points (in photo units) it accepts.
        mutating func ellipse(
            _ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ color: RGB, shade: Double = 0,
            keep: ((Double, Double) -> Double)? = nil
        ) {
            let px = cx * scaleX
            let py = cy * scaleY
            let prx = rx * scaleX
            let pry = ry * scaleY
            let x0 = max(0, Int(px - prx) - 1)
            let x1 = min(width - 1, Int(px + prx) + 1)
            let y0 = max(0, Int(py - pry) - 1)
            let y1 = min(height - 1, Int(py + pry) + 1)
            guard x0 <= x1, y0 <= y1 else { return }
            let radius = min(prx, pry)
            for y in y0...y1 {
                let dy = (Double(y) + 0.5 - py) / pry
                for x in x0...x1 {
                    let dx = (Double(x) + 0.5 - px) / prx
                    let q = dx * dx + dy * dy
                    let edge = (1 - q.squareRoot()) * radius + 0.5  // distance inside the rim, in pixels
                    guard edge > 0 else { continue }
                    var coverage = min(1, edge)
                    if let keep { coverage *= keep((Double(x) + 0.5) / scaleX, (Double(y) + 0.5) / scaleY) }
                    guard coverage > 0 else { continue }
                    set(x, y, color.scaled(1 - shade * q * q), coverage: coverage)
                }
            }
        }

        /// Fills a convex polygon (photo units, clockwise or not) with a one-pixel soft edge.
        mutating func polygon(_ points: [(Double, Double)], _ color: RGB) {
            let scaled = points.map { ($0.0 * scaleX, $0.1 * scaleY) }
            let xs = scaled.map(\.0)
            let ys = scaled.map(\.1)
            let x0 = max(0, Int(xs.min() ?? 0) - 1)
            let x1 = min(width - 1, Int(xs.max() ?? 0) + 1)
            let y0 = max(0, Int(ys.min() ?? 0) - 1)
            let y1 = min(height - 1, Int(ys.max() ?? 0) + 1)
            guard x0 <= x1, y0 <= y1, scaled.count >= 3 else { return }
            // Signed area gives the winding, so "inside" is the same side of every edge.
            var area = 0.0
            for index in scaled.indices {
                let (ax, ay) = scaled[index]
                let (bx, by) = scaled[(index + 1) % scaled.count]
                area += ax * by - bx * ay
            }
            let sign = area < 0 ? -1.0 : 1.0
            // Each edge as a point and a unit direction: the signed distance of (x, y) inside
            // the edge is dx·(y − ay) − dy·(x − ax).
            var edges: [(ax: Double, ay: Double, dx: Double, dy: Double)] = []
            for index in scaled.indices {
                let (ax, ay) = scaled[index]
                let (bx, by) = scaled[(index + 1) % scaled.count]
                let length = ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot()
                if length > 0 { edges.append((ax, ay, sign * (bx - ax) / length, sign * (by - ay) / length)) }
            }
            for y in y0...y1 {
                let sy = Double(y) + 0.5
                for x in x0...x1 {
                    let sx = Double(x) + 0.5
                    var inside = Double.infinity
                    for edge in edges { inside = min(inside, edge.dx * (sy - edge.ay) - edge.dy * (sx - edge.ax)) }
                    let coverage = min(1, inside + 0.5)
                    if coverage > 0 { set(x, y, color, coverage: coverage) }
                }
            }
        }

        /// Paints the person, back to front.
        mutating func paint(_ look: Look) {
            let cx = look.centerX
            let cy = look.headY
            let rx = look.headRX
            let ry = look.headRY
            // Hair behind the head (and down to the shoulders for long hair).
            ellipse(cx, cy - 22, rx + 8, ry - 4, look.hair)
            if look.longHair {
                polygon([(cx - rx - 8, cy - 22), (cx + rx + 8, cy - 22), (cx + rx + 12, 335), (cx - rx - 12, 335)], look.hair)
            }
            // Shoulders: the top of a wide ellipse that leaves the frame at the sides and bottom.
            let top = 322.0
            ellipse(cx, top + 130, 178, 130, look.clothing, shade: 0.1)
            // Neck, in shadow under the chin.
            polygon([(cx - 32, cy + ry - 40), (cx + 32, cy + ry - 40), (cx + 36, top + 8), (cx - 36, top + 8)], look.skin.scaled(0.86))
            if look.suit {
                // Shirt opening of the jacket, with or without a tie.
                polygon([(cx - 40, top - 2), (cx + 40, top - 2), (cx, 413)], RGB(242, 242, 244))
                if let tie = look.tie {
                    polygon([(cx - 7, top + 12), (cx + 7, top + 12), (cx + 11, 413), (cx - 11, 413)], tie)
                    polygon([(cx - 9, top), (cx + 9, top), (cx + 6, top + 14), (cx - 6, top + 14)], tie.scaled(0.9))
                }
            } else {
                // Collar points of a white shirt.
                let shadow = look.clothing.scaled(0.82)
                polygon([(cx - 38, top - 4), (cx - 3, top + 14), (cx - 22, top + 38)], shadow)
                polygon([(cx + 38, top - 4), (cx + 3, top + 14), (cx + 22, top + 38)], shadow)
            }
            // Ears, then the face with its rim a little darker.
            ellipse(cx - rx + 2, cy + 6, 10, 18, look.skin.scaled(0.9))
            ellipse(cx + rx - 2, cy + 6, 10, 18, look.skin.scaled(0.9))
            ellipse(cx, cy, rx, ry, look.skin, shade: 0.16)
            // Fringe: the face above a hairline that dips towards the temples is hair.
            ellipse(cx, cy, rx + 1.5, ry + 1.5, look.hair) { x, y in
                let t = (x - cx) / rx
                let hairline = cy - 0.52 * ry + 0.30 * ry * t * t
                return max(0, min(1, hairline - y + 0.5))
            }
            // Eyebrows, eyes (white, iris), nose shadow, mouth.
            for side in [-1.0, 1.0] {
                let ex = cx + side * 0.36 * rx
                ellipse(ex, cy - 0.2 * ry, 0.22 * rx, 0.032 * ry, look.hair.scaled(1.5))
                ellipse(ex, cy - 0.05 * ry, 0.17 * rx, 0.065 * ry, RGB(236, 234, 230))
                ellipse(ex, cy - 0.05 * ry, 0.075 * rx, 0.065 * ry, RGB(45, 32, 28))
                ellipse(cx + side * 0.08 * rx, cy + 0.24 * ry, 0.06 * rx, 0.025 * ry, look.skin.scaled(0.62))
            }
            ellipse(cx, cy + 0.16 * ry, 0.07 * rx, 0.1 * ry, look.skin.scaled(0.93))
            ellipse(cx, cy + 0.46 * ry, 0.24 * rx, 0.05 * ry, RGB(178, 86, 88))
        }

        /// Rounds to bytes with mild sensor noise (a flat synthetic image compresses to far less
        /// than a real photo).
        func quantized(_ random: inout SeededRandom) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: pixels.count)
            var bits: UInt64 = 0
            var left = 0
            bytes.withUnsafeMutableBufferPointer { output in
                pixels.withUnsafeBufferPointer { input in
                    for index in input.indices {
                        if left == 0 {
                            bits = random.next()
                            left = 16
                        }
                        // Two 2-bit draws summed: a triangular −3…+3, scaled to about ±4.
                        let noise = Double(Int(bits & 3) + Int((bits >> 2) & 3) - 3)
                        bits >>= 4
                        left -= 1
                        let value = max(0, min(255, input[index] + noise * 1.3))
                        output[index] = UInt8(value + 0.5)  // round half up, without a libm call
                    }
                }
            }
            return bytes
        }
    }
}
