import Domain
import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGTERM/SIGINT: the watcher finishes the file it is importing and exits 0.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `kaowu watch ROOT`: the drop folders, watched (README, Drop folders).
enum WatchCommand {
    static let command = Command(
        name: "watch",
        forms: [
            Form(
                nil, usage: "kaowu watch ROOT [--once] [--quiet SECONDS] [--workers N] [--lease SECONDS] [--now T]",
                positionals: ["ROOT"], options: ["--quiet", "--workers", "--lease", "--now"], flags: ["--once"])
        ],
        run: { arguments in
            var options = WatchOptions()
            options.once = arguments.flag("--once")
            if let quiet = arguments.option("--quiet") {
                guard let seconds = Double(quiet), seconds >= 0 else { throw UsageError(message: "--quiet 应为非负的秒数：\(quiet)") }
                options.quietSeconds = seconds
            }
            if let lease = arguments.option("--lease") {
                guard let seconds = Double(lease), seconds > 0 else { throw UsageError(message: "--lease 应为正的秒数：\(lease)") }
                options.leaseSeconds = seconds
            }
            options.workers = max(1, try arguments.integer("--workers", default: options.workers))
            let importTime = arguments.option("--now") == nil ? nil : try arguments.clock().now
            // A parent may have started us with these signals blocked (Foundation's Process does):
            // unblock them, or SIGTERM would never reach the handler.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGTERM)
            sigaddset(&signals, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            signal(SIGTERM) { _ in stopRequested = 1 }
            signal(SIGINT) { _ in stopRequested = 1 }
            let watcher = Watcher(
                root: DataRoot(path: try arguments.positional(0, "ROOT")), options: options, now: arguments.wallClock(),
                importTime: importTime,
                log: { line in Output.out(line + "\n") })
            let summary = try watcher.run { stopRequested != 0 }
            if options.once {
                FileHandle.standardError.write(
                    Data("watch：接收 \(summary.accepted) 个文件，导入 \(summary.imported)，失败 \(summary.failed)，重复 \(summary.duplicates)\n".utf8))
            }
            return .ok
        })
}
