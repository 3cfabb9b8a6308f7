import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// The progress of a long command on a terminal: one line on standard error, redrawn at most
/// five times a second (rows, rows per second, elapsed), ended before the summary. Silent when
/// standard error is not a terminal or the output is `--json`.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: every field below is guarded by `lock`.
    private let lock = NSLock()
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false

    static func make(enabled: Bool) -> ProgressLine? {
        enabled && isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
    }

    var rowProgress: RowProgress { RowProgress { [self] rows in update(rows) } }

    func update(_ rows: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if let lastDrawn, lastDrawn.duration(to: now) < .milliseconds(200) { return }
        lastDrawn = now
        let elapsed = started.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(rows) / seconds) : 0
        FileHandle.standardError.write(Data("\r已处理 \(rows) 行　\(rate) 行/秒　用时 \(String(format: "%.1f", seconds)) 秒   ".utf8))
        drawn = true
    }

    /// A bar of `done` out of `total` (`unit`: what is counted, e.g. 个考场); the last step is
    /// always drawn.
    func update(done: Int, total: Int, unit: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard total > 0 else { return }
        if done < total, let lastDrawn, lastDrawn.duration(to: now) < .milliseconds(200) { return }
        lastDrawn = now
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(unit)".utf8))
        drawn = true
    }

    /// Ends the line, so what follows starts on a line of its own.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
