import Domain
import Foundation

/// Shortest round-trip text for a number: integers without a fraction, otherwise Swift's
/// shortest representation (`1.10101199003077e+17`, `0.1`).
public enum NumberText {
    public static func shortest(_ value: Double) -> String {
        // Below 1e16 `description` writes integral values as `1234567890123456.0`; from 1e16 on
        // it switches to `1.2345678901234568e+16`, which has no fraction to drop.
        if value.rounded() == value, abs(value) < 1e16 { return String(Int64(value)) }
        return value.description
    }
}
