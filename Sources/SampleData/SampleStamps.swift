import Domain
import Ingest

/// Sample stamps for the demo's certificates: the organization's round red seal (240×240) and
/// a site head's signature (95×95), both PNGs whose background is transparent, so the
/// certificate's paper colour shows around and through them.
public enum SampleStamps {
    /// A red ring with an inner ring and a five-pointed star, antialiased at the edges.
    public static func seal() throws -> [UInt8] {
        let side = 240
        let centre = Double(side - 1) / 2
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        for y in 0..<side {
            for x in 0..<side {
                let dx = Double(x) - centre
                let dy = Double(y) - centre
                let distance = (dx * dx + dy * dy).squareRoot()
                var coverage = max(band(distance, from: 104, to: 116), band(distance, from: 92, to: 95))
                if star(dx, dy, radius: 40) { coverage = 1 }
                guard coverage > 0 else { continue }
                let index = (y * side + x) * 4
                pixels[index] = 210
                pixels[index + 1] = 20
                pixels[index + 2] = 30
                pixels[index + 3] = UInt8(min(255, coverage * 230))
            }
        }
        return try ImageCodec.encodePNG(rgba: pixels, width: side, height: side)
    }

    /// Three strokes of dark ink: the site head's signature.
    public static func signature() throws -> [UInt8] {
        let side = StampKind.signatureSide
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        for x in 8..<(side - 8) {
            let t = Double(x - 8) / Double(side - 16)
            let curves = [30 + 14 * wave(t * 3), 52 + 10 * wave(t * 5 + 0.3), 70 - 8 * wave(t * 2 + 0.6)]
            for curve in curves {
                for y in max(0, Int(curve) - 2)...min(side - 1, Int(curve) + 2) {
                    let index = (y * side + x) * 4
                    pixels[index] = 20
                    pixels[index + 1] = 30
                    pixels[index + 2] = 90
                    pixels[index + 3] = abs(Double(y) - curve) < 1.5 ? 255 : 140
                }
            }
        }
        return try ImageCodec.encodePNG(rgba: pixels, width: side, height: side)
    }

    /// 1 inside [from, to], fading to 0 over one pixel outside it.
    private static func band(_ value: Double, from: Double, to: Double) -> Double {
        if value >= from && value <= to { return 1 }
        let outside = value < from ? from - value : value - to
        return max(0, 1 - outside)
    }

    /// A triangle wave in [-1, 1] (no libm, so the pixels are the same on every machine).
    private static func wave(_ t: Double) -> Double {
        let phase = t - t.rounded(.down)
        return phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase
    }

    /// Inside a five-pointed star of the given outer radius, point up.
    private static func star(_ x: Double, _ y: Double, radius: Double) -> Bool {
        // The star's ten corners (cos/sin of multiples of 36°, precomputed).
        let unit: [(Double, Double)] = [
            (0, -1), (0.2245, -0.3090), (0.9511, -0.3090), (0.3633, 0.1180), (0.5878, 0.8090), (0, 0.3820), (-0.5878, 0.8090),
            (-0.3633, 0.1180), (-0.9511, -0.3090), (-0.2245, -0.3090),
        ]
        let corners = unit.map { ($0.0 * radius, $0.1 * radius) }
        var inside = false
        var previous = corners[corners.count - 1]
        for corner in corners {
            if (corner.1 > y) != (previous.1 > y), x < (previous.0 - corner.0) * (y - corner.1) / (previous.1 - corner.1) + corner.0 {
                inside.toggle()
            }
            previous = corner
        }
        return inside
    }
}
