import Domain
import Foundation

/// Excel serial dates to ISO 8601, by integer civil-date arithmetic (no formatter per cell).
public enum ExcelDate {
    public static func iso8601(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        // Days since 1970-01-01. 1900 system: serial 25569 = 1970-01-01, and serials below 61
        // sit before Excel's phantom 1900-02-29, so they are one day later than the formula.
        let epochDays: Int
        if date1904 {
            epochDays = days - 24_107
        } else {
            epochDays = days < 61 ? days - 25_568 : days - 25_569
        }
        let (year, month, day) = civil(fromDays: epochDays)
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if seconds == 0 { return date }
        return date + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
    }

    /// Howard Hinnant's days-from-civil inverse.
    public static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
