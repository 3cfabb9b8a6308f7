import Domain
import Foundation
import Ingest
import Store
import Validate

/// Import record ids: sortable by time, unique by a random suffix.
enum RecordID {
    static func make(clock: Clock) -> String {
        let parts = Clock.chinaCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: clock.now)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt32.random(in: 0...UInt32.max, using: &generator), radix: 16)
        return "R\(stamp)-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }
}
