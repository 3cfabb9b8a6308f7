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

    /// `now` as ISO 8601 in China time, for records.
    public var isoString: String { Clock.isoString(now) }

    public static func isoString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = chinaTimeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
