public import Domain

/// Checks an ID number for its 证件类型 (GB 11643-1999 for the resident ID card: region,
/// birth date, ISO 7064 MOD 11-2 check digit) and normalizes it (half-width, upper-case X).
public struct IDNumberRules: Sendable {
    public let regions: RegionTable
    public let clock: Clock
    public let minimumAge: Int
    public let maximumAge: Int
    /// `clock.today`, computed once: calendar arithmetic per row would dominate the import.
    public let today: (year: Int, month: Int, day: Int)

    public init(regions: RegionTable, clock: Clock, minimumAge: Int = 14, maximumAge: Int = 70) {
        self.regions = regions
        self.clock = clock
        self.minimumAge = minimumAge
        self.maximumAge = maximumAge
        self.today = clock.today
    }

    /// The outcome for one cell: the normalized number when it is usable as a key (even if a
    /// check failed), every failure, and warnings that do not fail the row.
    public struct Outcome: Sendable {
        public var normalized: String?
        public var failures: [Failure] = []
        public var warnings: [Failure] = []
    }

    public func check(_ cell: CellValue, type: IDType, row: Int, column: String) -> Outcome {
        var outcome = Outcome()
        let raw = cell.text
        func fail(_ code: FailureCode, _ reason: String) {
            outcome.failures.append(Failure(code: code, row: row, column: column, value: raw, reason: reason))
        }
        if cell.type == .number {
            fail(.idNumericCell, "证件号码保存成了数字单元格，Excel 已丢失末几位数字（显示为科学计数法）。请把该列设置为“文本”格式后重新输入证件号码")
            return outcome
        }
        var bytes = Array(Normalize.code(raw).utf8)
        for index in bytes.indices where bytes[index] >= 97 && bytes[index] <= 122 {
            bytes[index] -= 32  // lower-case x (and passport letters) to upper case
        }
        let number = String(decoding: bytes, as: UTF8.self)
        outcome.normalized = number
        switch type {
        case .residentID:
            if bytes.count == 15, bytes.allSatisfy(Normalize.isDigit) {
                fail(.idLegacy15, "这是 15 位旧版身份证号码，已停止使用。请填写 18 位居民身份证号码（可在新版身份证上查看）")
                return outcome
            }
            guard IDNumberRules.isEighteenDigitShape(bytes) else {
                fail(.idFormat, "居民身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X")
                return outcome
            }
            let province = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
            if !regions.provincePrefixes.contains(province) {
                fail(.idRegion, "前 2 位省级行政区划代码“\(province < 10 ? "0" : "")\(province)”不存在，请核对号码的第 1–6 位")
            } else if !regions.contains(code: IDNumberRules.integer(bytes[0..<6])) {
                outcome.warnings.append(
                    Failure(
                        code: .idRegionUnknown, row: row, column: column, value: raw,
                        reason: "前 6 位地区代码“\(String(decoding: bytes[0..<6], as: UTF8.self))”不在行政区划代码表中（可能是新设地区），请核对"))
            }
            checkBirthDate(bytes, fail: fail)
            if IDNumberRules.checkDigit(bytes) != bytes[17] {
                fail(.idChecksum, "最后一位校验码错误（按 GB 11643 应为 \(Character(Unicode.Scalar(IDNumberRules.checkDigit(bytes))))），号码中可能有数字填错")
            }
        case .hmtResidencePermit:
            guard IDNumberRules.isEighteenDigitShape(bytes), bytes[0] == 56, (49...51).contains(bytes[1]),
                bytes[2...5].allSatisfy({ $0 == 48 })
            else {
                fail(.idFormat, "港澳台居民居住证号码应为 18 位，以 810000、820000 或 830000 开头")
                return outcome
            }
            checkBirthDate(bytes, fail: fail)
            if IDNumberRules.checkDigit(bytes) != bytes[17] { fail(.idChecksum, "最后一位校验码错误，号码中可能有数字填错") }
        case .hongKongMacauPermit:
            let ok =
                (bytes.count == 9 || bytes.count == 11) && (bytes[0] == 72 || bytes[0] == 77)
                && bytes.dropFirst().allSatisfy(Normalize.isDigit)
            if !ok { fail(.idFormat, "港澳居民来往内地通行证号码应为 H 或 M 开头，后接 8 位或 10 位数字") }
        case .taiwanPermit:
            let ok = (bytes.count == 8 || bytes.count == 10) && bytes.allSatisfy(Normalize.isDigit)
            if !ok { fail(.idFormat, "台湾居民来往大陆通行证号码应为 8 位或 10 位数字") }
        case .passport:
            let ok = (5...17).contains(bytes.count) && bytes.allSatisfy { Normalize.isDigit($0) || ($0 >= 65 && $0 <= 90) }
            if !ok { fail(.idFormat, "护照号码应为 5–17 位字母或数字") }
        case .foreignerPermanentResidence:
            let old = bytes.count == 15 && bytes[0..<3].allSatisfy { $0 >= 65 && $0 <= 90 } && bytes[3...].allSatisfy(Normalize.isDigit)
            let new = IDNumberRules.isEighteenDigitShape(bytes) && bytes[0] == 57
            if !old && !new {
                fail(.idFormat, "外国人永久居留身份证号码应为 15 位（3 个字母 + 12 位数字）或以 9 开头的 18 位")
            } else if new && IDNumberRules.checkDigit(bytes) != bytes[17] {
                fail(.idChecksum, "最后一位校验码错误，号码中可能有数字填错")
            }
        }
        return outcome
    }

    private func checkBirthDate(_ bytes: [UInt8], fail: (FailureCode, String) -> Void) {
        let year = IDNumberRules.integer(bytes[6..<10])
        let month = IDNumberRules.integer(bytes[10..<12])
        let day = IDNumberRules.integer(bytes[12..<14])
        let text = String(decoding: bytes[6..<14], as: UTF8.self)
        guard year >= 1900, (1...12).contains(month), day >= 1, day <= Clock.daysIn(month: month, year: year) else {
            fail(.idBirthdate, "第 7–14 位出生日期“\(text)”不是真实的日期")
            return
        }
        if (year, month, day) > (today.year, today.month, today.day) {
            fail(.idBirthdate, "第 7–14 位出生日期“\(text)”晚于今天")
            return
        }
        var age = today.year - year
        if (today.month, today.day) < (month, day) { age -= 1 }
        if age < minimumAge || age > maximumAge {
            fail(.idBirthdate, "按第 7–14 位出生日期“\(text)”计算，年龄为 \(age) 岁，不在 \(minimumAge)–\(maximumAge) 岁范围内")
        }
    }

    static func isEighteenDigitShape(_ bytes: [UInt8]) -> Bool {
        bytes.count == 18 && bytes[0..<17].allSatisfy(Normalize.isDigit) && (Normalize.isDigit(bytes[17]) || bytes[17] == 88)
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432".utf8)

    /// ISO 7064 MOD 11-2 over the first 17 digits, as the expected ASCII byte.
    static func checkDigit(_ bytes: [UInt8]) -> UInt8 {
        var sum = 0
        for index in 0..<17 { sum += weights[index] * Int(bytes[index] - 48) }
        return checkCharacters[sum % 11]
    }

    /// The check character for 17 digits, for generators and tests.
    public static func checkCharacter(forFirst17 digits: String) -> Character {
        Character(Unicode.Scalar(checkDigit(Array(digits.utf8))))
    }

    static func integer(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}
