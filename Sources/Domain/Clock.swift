public import Foundation

/// The injected "now": every rule with a time window reads this, never the system clock.
///
/// Calendar questions (birth dates, ages, years) are answered in China Standard Time, the
/// time zone of the platform's users, whatever the machine's zone is.
public struct Clock: Sendable {
    public let now: Date

    public init(now: Date) { self.now = now }

    /// The system clock; only the CLI calls this, once, when `--now` is absent.
    public static func system() -> Clock { Clock(now: Date()) }

    public static let chinaTimeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    public static var chinaCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = chinaTimeZone
        return calendar
    }

    /// Today's date in China as (year, month, day).
    public var today: (year: Int, month: Int, day: Int) {
        let parts = Clock.chinaCalendar.dateComponents([.year, .month, .day], from: now)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Parses `--now`: full ISO 8601 (`2026-11-23T10:00:00+08:00`, `…Z`), or a bare date or
    /// local date-time, read as China time.
    public static func parse(_ text: String) -> Clock? {
        if let date = internetDateTime(text) { return Clock(now: date) }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return Clock(now: date) }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return Clock(now: date) }
        for format in [
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
            "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd",
        ] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = chinaTimeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return Clock(now: date) }
        }
        return nil
    }

    /// `yyyy-MM-ddTHH:mm:ss` with `Z` or `±HH:mm`, the form kaowu stores, read without a
    /// formatter: making an ISO8601DateFormatter per stored time was a tenth of a room
    /// render's reading thread. Anything else (or out of range) is nil and left to the formatters.
    static func internetDateTime(_ text: String) -> Date? {
        var utf8 = text.utf8.makeIterator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        while let byte = utf8.next() {
            guard bytes.count < 25 else { return nil }
            bytes.append(byte)
        }
        guard bytes.count == 20 || bytes.count == 25 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            year >= 1000, (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        guard (1...Clock.daysIn(month: month, year: year)).contains(day) else { return nil }
        var offset = 0
        if bytes.count == 20 {
            guard bytes[19] == 0x5A else { return nil }
        } else {
            guard bytes[19] == 0x2B || bytes[19] == 0x2D, bytes[22] == 0x3A, let hours = number(20, 2), let minutes = number(23, 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[19] == 0x2B ? 1 : -1)
        }
        // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second - offset))
    }

    /// Days in a month of the Gregorian calendar (`month` 1…12).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `now` as ISO 8601 in China time, for records.
    public var isoString: String { Clock.isoString(now) }

    public static func isoString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = chinaTimeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
