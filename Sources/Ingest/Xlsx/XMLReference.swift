/// One hexadecimal digit's value (`0-9`, `A-F`, `a-f`), for `&#x…;` references and `_xHHHH_` escapes.
enum HexDigit {
    static func value(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 65...70: UInt32(byte - 55)
        case 97...102: UInt32(byte - 87)
        default: nil
        }
    }
}

/// The references XML without a DTD may hold: the five predefined entities and numeric
/// character references. One decoder for the worksheet scanner and for attribute values.
enum XMLReference {
    /// The scalar `&name;` stands for (`name` without `&` and `;`); nil for any other entity
    /// and for a number that is 0, a surrogate or past U+10FFFF (checked per digit, so no digit
    /// count can overflow).
    static func scalar(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard name.first == UInt8(ascii: "#") else {
            if SheetElement.equal(name, "lt") { return "<" }
            if SheetElement.equal(name, "gt") { return ">" }
            if SheetElement.equal(name, "amp") { return "&" }
            if SheetElement.equal(name, "quot") { return "\"" }
            if SheetElement.equal(name, "apos") { return "'" }
            return nil
        }
        guard name.count >= 2 else { return nil }
        var value: UInt32 = 0
        if name[1] == UInt8(ascii: "x") {
            guard name.count >= 3 else { return nil }
            for byte in name[2...] {
                guard let digit = HexDigit.value(byte) else { return nil }
                value = value * 16 + digit
                if value > 0x10FFFF { return nil }
            }
        } else {
            for byte in name[1...] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + UInt32(byte - 48)
                if value > 0x10FFFF { return nil }
            }
        }
        return value == 0 ? nil : Unicode.Scalar(value)
    }
}
