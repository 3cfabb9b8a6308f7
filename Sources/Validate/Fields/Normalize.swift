import Domain

/// Cell-text normalization shared by all rules.
public enum Normalize {
    /// Full-width ASCII (`０-９`, `Ａ-Ｚ`, `ａ-ｚ`, and the rest of U+FF01…U+FF5E) to half-width,
    /// and the ideographic space to a space, as users paste codes from Chinese input methods.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// A code (ID number, phone, year, school code): half-width, no inner spaces.
    public static func code(_ text: String) -> String {
        if text.withUTF8Bytes({ $0.allSatisfy { $0 > 0x20 && $0 < 0x80 } }) { return text }
        return halfWidth(text).filter { $0 != " " }
    }

    /// An ID number given as a key (a command line, an enrollment row): a code with the check
    /// character's lower-case x upper-cased, as candidates are stored.
    public static func idNumber(_ text: String) -> String { code(text).uppercased() }

    /// Whether two texts are equal. Byte-equal texts are decided without `String` equality,
    /// which normalizes non-ASCII text (canonical equivalence) and costs more than the rule
    /// itself for Chinese names; only texts whose bytes differ pay for it.
    public static func same(_ left: String, _ right: String) -> Bool {
        left.hasSameUTF8(as: right) || left == right
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
