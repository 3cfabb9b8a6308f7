import Concurrency
import Domain
public import Foundation
import Ingest
import Store

/// How `kaowu watch` behaves.
public struct WatchOptions: Sendable {
    /// A file is taken once its size and modification time have not changed for this long, as
    /// the watcher itself observed (a copy from Windows keeps the original mtime).
    public var quietSeconds: Double = 3
    /// Process what is waiting, then exit.
    public var once = false
    /// Files imported at the same time (one at a time per folder, in arrival order).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How long a claim lasts; a watcher that dies loses its files to the others after it.
    public var leaseSeconds: Double = 600
    /// Attempts for a failure that is not the file's fault (the store busy, the disk full).
    public var maxAttempts = 5
    /// Seconds between full rescans of the drop folders.
    public var rescanSeconds: Double = 2

    public init() {}
}

/// What a watch run did.
public struct WatchSummary: Encodable, Sendable {
    public var accepted = 0
    public var imported = 0
    public var failed = 0
    public var duplicates = 0
    public var retried = 0
}

/// `kaowu watch ROOT`: files dropped into the drop folders are taken when complete, moved to
/// `processing/`, queued in the store, claimed by one watcher at a time, imported for the tenant
/// their folder names, and moved to `done/` or `failed/` with `NAME.result.json` (the import's
/// `--json` object) and `NAME.failed.xlsx`. The store decides everything that must hold across
/// crashes and processes: a file is done in the same transaction as its rows and record, the same
/// bytes in one folder are imported once, and a claim whose holder died runs out and is taken
/// again. The file system moves are redone from the store's state after a crash.
public final class Watcher: @unchecked Sendable {
    // @unchecked: `stable` is touched by the calling thread only; `summary` and the log under
    // `reporting`; workers get values.
    private let root: DataRoot
    private let options: WatchOptions
    /// The real time: leases, backoff, the quiet period and the log are about when things
    /// happen, and other watchers compare the leases.
    private let now: @Sendable () -> Date
    /// The time the imports judge rows by (`--now`), when not the real time.
    private let importTime: Date?
    private let log: @Sendable (String) -> Void
    private let owner: String
    private var stable: [String: (size: UInt64, modified: Date, since: Date)] = [:]
    private let notifier = DropNotifier()
    /// Guards `summary` and the log: workers report through `event`.
    private let reporting = Monitor()
    private var summary = WatchSummary()

    public init(
        root: DataRoot, options: WatchOptions, now: @escaping @Sendable () -> Date, importTime: Date? = nil,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.root = root
        self.options = options
        self.now = now
        self.importTime = importTime
        self.log = log
        owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    }

    /// Runs until `stop()` is true (checked between files), or, with `once`, until nothing is
    /// waiting. A file being imported when `stop()` turns true is finished first.
    public func run(stop: @escaping () -> Bool) throws -> WatchSummary {
        let store = try root.openStore()
        try DropFolders.ensure(root: root, store: store)
        let pool = WorkerPool(width: options.workers)
        var inFlight: [(folder: String, future: Future<Void>)] = []
        var observedOnce = false
        var recovered = false
        var scannedAt: ContinuousClock.Instant?
        while true {
            // Rescan when idle, or on the timer while files are being imported.
            if inFlight.isEmpty || scannedAt.map({ $0.duration(to: .now) >= .seconds(options.rescanSeconds) }) ?? true {
                try scan(store: store, recover: !recovered)
                recovered = true
                scannedAt = ContinuousClock.now
            }
            if options.once, options.quietSeconds > 0, !observedOnce {
                // The quiet period is observed, not trusted from the mtime: look again after it.
                observedOnce = true
                Thread.sleep(forTimeInterval: options.quietSeconds)
                continue
            }
            inFlight.removeAll { entry in
                guard entry.future.isFulfilled else { return false }
                _ = try? entry.future.value()
                return true
            }
            var claimed = false
            while !stop(), inFlight.count < options.workers {
                let busy = Set(inFlight.map(\.folder))
                guard let file = try claim(store: store, skipping: busy) else { break }
                claimed = true
                let work = WorkItem(file: file, watcher: self)
                inFlight.append((file.folder, pool.submit { work.process() }))
            }
            if stop() {
                for entry in inFlight { _ = try? entry.future.value() }
                return reporting.withLock { summary }
            }
            if claimed { continue }
            if let oldest = inFlight.first {
                // Busy: the next file of that folder can be claimed once this one is done.
                _ = try? oldest.future.value()
                continue
            }
            if options.once {
                try scan(store: store, recover: false)
                if try claim(store: store, skipping: [], peekOnly: true) == nil { return reporting.withLock { summary } }
            } else {
                // Files still settling are looked at again within the quiet period; otherwise an
                // inotify event or the rescan timer, whichever comes first.
                notifier.wait(seconds: stable.isEmpty ? options.rescanSeconds : min(0.25, options.rescanSeconds))
            }
        }
    }

    private func claim(store: Store, skipping busy: Set<String>, peekOnly: Bool = false) throws -> DropFile? {
        let time = now()
        if peekOnly { return try store.nextClaimable(now: time) }
        return try store.claimDropFile(owner: owner, now: time, until: time.addingTimeInterval(options.leaseSeconds), skipping: busy)
    }

    // MARK: Taking files in

    /// One pass over every kind folder: finished files still in `processing/` are moved on,
    /// files a dead watcher moved there are taken in, and complete dropped files are taken.
    /// `recover` (the first scan of a run) also moves on files a crashed run left finished
    /// in `processing/`.
    private func scan(store: Store, recover: Bool) throws {
        releaseDeadHolders(store: store)
        let base = DropFolders.base(root)
        let manager = FileManager.default
        var seen = Set<String>()
        defer { stable = stable.filter { seen.contains($0.key) } }
        for folder in DropFolders.existing(root: root) {
            let directory = base + "/" + folder.relative
            notifier.watch(directory)
            let processing = directory + "/processing"
            try? manager.createDirectory(atPath: processing, withIntermediateDirectories: true)
            // A crash between the commit and the move leaves the file in processing/.
            var known = try store.knownDropNames(folder: folder.relative)
            for finished in recover ? try store.finishedDropFiles(folder: folder.relative) : []
            where manager.fileExists(atPath: processing + "/" + finished.name) {
                settle(
                    folder: folder.relative, name: finished.name, state: finished.state, result: finished.result, record: finished.recordID)
            }
            for name in ((try? manager.contentsOfDirectory(atPath: processing)) ?? []).sorted()
            where !name.hasPrefix(".") && !name.hasSuffix(".result.json") && !known.contains(name) {
                if try store.acceptDropFile(folder: folder.relative, name: name, kind: folder.kind, tenant: folder.tenant, at: now()) != nil
                {
                    event("accepted", folder: folder, file: name)
                }
            }
            // In arrival order: by modification time, then name.
            var arrivals: [(name: String, modified: Date, size: UInt64)] = []
            for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] {
                var info = stat()
                guard !name.hasPrefix("."), !name.hasSuffix(".part"), lstat(directory + "/" + name, &info) == 0,
                    info.st_mode & S_IFMT == S_IFREG
                else { continue }
                let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
                arrivals.append((name, modified, UInt64(info.st_size)))
            }
            arrivals.sort { $0.modified != $1.modified ? $0.modified < $1.modified : $0.name < $1.name }
            for (name, modified, size) in arrivals {
                let path = directory + "/" + name
                seen.insert(path)
                let time = now()
                if let seen = stable[path], seen.size == size, seen.modified == modified {
                    guard time.timeIntervalSince(seen.since) >= options.quietSeconds else { continue }
                } else {
                    stable[path] = (size, modified, time)
                    if options.quietSeconds > 0 { continue }
                }
                stable[path] = nil
                try take(name, from: folder, store: store, known: &known)
            }
        }
    }

    /// A claim held by a process of this machine that is gone (killed, crashed) is released at
    /// once instead of when its lease runs out; other machines' claims wait for their lease.
    private func releaseDeadHolders(store: Store) {
        let host = ProcessInfo.processInfo.hostName
        for (id, holder) in (try? store.heldDropFiles()) ?? [] {
            let parts = holder.split(separator: ":")
            guard parts.count == 3, parts[0] == host, let pid = Int32(parts[1]), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { try? store.releaseDropFile(id: id, owner: holder, notBefore: now()) }
        }
    }

    /// Moves a complete file into `processing/` (an atomic rename: of several watchers, one
    /// wins) and queues it.
    private func take(_ name: String, from folder: DropFolders.Folder, store: Store, known: inout Set<String>) throws {
        let directory = DropFolders.base(root) + "/" + folder.relative
        let target = DropFolders.unique(name, in: directory + "/processing", taken: known)
        known.insert(target)
        guard rename(directory + "/" + name, directory + "/processing/" + target) == 0 else { return }
        if try store.acceptDropFile(folder: folder.relative, name: target, kind: folder.kind, tenant: folder.tenant, at: now()) != nil {
            event("accepted", folder: folder, file: target)
        }
    }

    // MARK: Importing one file

    /// One claimed file, imported on a worker thread with a store of its own.
    private struct WorkItem: Sendable {
        let file: DropFile
        let watcher: Watcher

        func process() { watcher.process(file) }
    }

    private func process(_ file: DropFile) {
        let folder = DropFolders.Folder(relative: file.folder, tenant: file.tenant, kind: file.kind)
        let path = DropFolders.base(root) + "/" + file.folder + "/processing/" + file.name
        let started = ContinuousClock.now
        do {
            let store = try root.openStore()
            let digest = try SHA256.hex(ofFile: path)
            if let earlier = try store.doneRecord(folder: file.folder, sha256: digest) {
                try finish(file, store: store, state: .failed, sha256: nil, record: earlier, result: duplicateResult(earlier))
                event("duplicate", folder: folder, file: file.name, record: earlier, started: started)
                return
            }
            var request = ImportRequest(
                kind: file.kind, file: path, tenant: file.tenant, operatorName: "watch", clock: Clock(now: importTime ?? now()),
                dryRun: false)
            let owner = self.owner
            let time = now()
            request.beforeCommit = BeforeCommit { store, record in
                if let earlier = try store.doneRecord(folder: file.folder, sha256: record.sha256) {
                    throw KaowuError(.dropDuplicate, "与记录 \(earlier) 的文件内容相同，未重复导入")
                }
                guard
                    try store.finishDropFile(
                        id: file.id, owner: owner, state: .done, sha256: record.sha256, recordID: record.id, result: "{}", at: time)
                else { throw KaowuError(.dropLeaseLost, "该文件已由另一个进程接手处理") }
            }
            let outcome = try Imports.start(kind: file.kind, request, root: root, tenant: file.tenant)
            settle(folder: file.folder, name: file.name, state: .done, result: nil, record: outcome.record.id)
            // The tenant's review site shows the new record (ROOT/review/<tenant>/).
            _ = try? Records.writeReview(
                root: root, store: store, tenant: file.tenant, to: root.path + "/review/" + file.tenant, pages: [outcome.record.id])
            event(
                "done", folder: folder, file: file.name, record: outcome.record.id, started: started,
                counts: [outcome.record.total, outcome.record.succeeded, outcome.record.failed])
        } catch let error as KaowuError where error.code == .dropLeaseLost {
            event("lease-lost", folder: folder, file: file.name, started: started)
        } catch {
            let failure = KaowuError.wrap(error, code: .importFailed, message: "导入失败")
            do {
                let store = try root.openStore()
                if failure.code == .dropDuplicate {
                    try finish(file, store: store, state: .failed, sha256: nil, record: nil, result: errorResult(failure))
                    event("duplicate", folder: folder, file: file.name, started: started)
                } else if Watcher.transient.contains(failure.code), file.attempts < options.maxAttempts {
                    let delay = min(60, pow(2, Double(file.attempts)))
                    try store.releaseDropFile(id: file.id, owner: owner, notBefore: now().addingTimeInterval(delay))
                    event("retry", folder: folder, file: file.name, started: started, error: failure)
                } else {
                    try finish(file, store: store, state: .failed, sha256: nil, record: nil, result: errorResult(failure))
                    event("failed", folder: folder, file: file.name, started: started, error: failure)
                }
            } catch {
                event(
                    "store-error", folder: folder, file: file.name, started: started,
                    error: KaowuError.wrap(error, code: .failed, message: "队列更新失败"))
            }
        }
    }

    /// Failures that are not the file's fault: tried again later, up to `maxAttempts`.
    static let transient: Set<KaowuError.Code> = [.storeBusy, .diskFull, .diskIO, .recordWrite]

    private func finish(_ file: DropFile, store: Store, state: DropFileState, sha256: String?, record: String?, result: String) throws {
        guard try store.finishDropFile(id: file.id, owner: owner, state: state, sha256: sha256, recordID: record, result: result, at: now())
        else { return }
        settle(folder: file.folder, name: file.name, state: state, result: result, record: nil)
    }

    /// Moves a finished file from `processing/` to `done/` or `failed/` under a name not used
    /// there, with its result beside it: an imported file's is its record's `result.json` (the
    /// import's `--json` object) and failed rows; a refused file's is the refusal. Redone from
    /// the store after a crash.
    private func settle(folder: String, name: String, state: DropFileState, result: String?, record: String?) {
        let directory = DropFolders.base(root) + "/" + folder
        let destination = directory + "/" + (state == .done ? "done" : "failed")
        let manager = FileManager.default
        try? manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let target = DropFolders.unique(name, in: destination)
        let stem = (target as NSString).deletingPathExtension
        if state == .done, let record {
            let records = root.recordDirectory(record)
            try? manager.copyItem(atPath: records + "/result.json", toPath: destination + "/" + stem + ".result.json")
            if manager.fileExists(atPath: records + "/failed-rows.xlsx") {
                try? manager.copyItem(atPath: records + "/failed-rows.xlsx", toPath: destination + "/" + stem + ".failed.xlsx")
            }
        } else {
            try? Data((result ?? "{}").utf8).write(to: URL(fileURLWithPath: destination + "/" + stem + ".result.json"))
        }
        rename(directory + "/processing/" + name, destination + "/" + target)
    }

    private func duplicateResult(_ record: String) -> String {
        (try? JSONOutput.encode(
            DuplicateResult(duplicate: true, record: record, message: "与记录 \(record) 的文件内容相同，未重复导入"), pretty: false)) ?? "{}"
    }

    private func errorResult(_ error: KaowuError) -> String {
        (try? JSONOutput.encode(ErrorResult(code: error.code.rawValue, message: error.message), pretty: false)) ?? "{}"
    }

    // MARK: Log

    /// One JSON line per event; file names are logged, ID and phone numbers never appear (the
    /// log names folders, files, records and counts only).
    private func event(
        _ name: String, folder: DropFolders.Folder, file: String, record: String? = nil, started: ContinuousClock.Instant? = nil,
        counts: [Int]? = nil, error: KaowuError? = nil
    ) {
        var duration: Double?
        if let started {
            let elapsed = started.duration(to: .now)
            duration = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let line = WatchEvent(
            time: Clock.isoString(now()), event: name, folder: folder.relative, file: MaskedLog.file(file), record: record,
            tenant: folder.tenant, kind: folder.kind, total: counts?[0], succeeded: counts?[1], failed: counts?[2],
            duration: duration, code: error?.code.rawValue)
        reporting.withLock {
            switch name {
            case "accepted": summary.accepted += 1
            case "done": summary.imported += 1
            case "failed": summary.failed += 1
            case "duplicate": summary.duplicates += 1
            case "retry": summary.retried += 1
            default: break
            }
            if let text = try? JSONOutput.encode(line, pretty: false) { log(text) }
        }
    }
}

private struct DuplicateResult: Encodable {
    let duplicate: Bool
    let record, message: String
}

private struct ErrorResult: Encodable {
    let code, message: String
}

private struct WatchEvent: Encodable {
    let time, event, folder, file: String
    let record: String?
    let tenant, kind: String
    let total, succeeded, failed: Int?
    let duration: Double?
    let code: String?
}

/// File names may carry an ID number (a photo named `<证件号码>.jpg` dropped alone): the log
/// masks runs of 15 or more digits.
enum MaskedLog {
    static func file(_ name: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            result += run.count >= 15 ? MaskedID.mask(run) : run
            run = ""
        }
        for character in name {
            if character.isASCII, character.isNumber || (character == "X" && !run.isEmpty) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
