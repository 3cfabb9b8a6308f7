import Concurrency
import Domain
import Foundation

/// The content-addressed photo files under the data root.
///
/// Each file is written to a temporary name and renamed, so no half photo ever has its final
/// name. Instead of an fsync per photo (which made a 10k-photo import wait on the disk ten
/// thousand times) one `sync` before the commit makes them all durable; so that this sync finds
/// little left to write, a background `sync` starts after every `writebackBytes` written and the
/// disk writes earlier photos while the cores decode later ones (one sync at the end waited
/// ~0.4 s of a 10k import with both cores idle).
///
/// Files are written on a thread of their own, fed in order by the store thread through a queue
/// bounded by bytes: creating the files was two thirds of the store thread's work, and the store
/// thread, the one stage that cannot be split, then held up the cores decoding. A write error
/// stops the writer; the store thread gets it from its next `storeOnce` or from `flush`, and the
/// import rolls back.
final class PhotoFiles: @unchecked Sendable {  // the queue is guarded by `monitor`; the rest is the writer thread's
    private let root: String
    private let writebackBytes: Int
    private let queueBytes: Int

    /// The writer thread's own; read elsewhere only once it has stopped.
    private var directories: Set<String> = []
    private var created: [String] = []
    private var createdDirectories: [String] = []
    /// Bytes written since the last background sync started.
    private var unsynced = 0
    /// The background sync last started; at most one runs at a time.
    private var writeback: Future<Void>?

    /// Guards the queue and the writer's state below.
    private let monitor = Monitor()
    private var pending: [(bytes: [UInt8], relative: String)] = []
    /// Bytes queued and not yet written (the batch being written included).
    private var queued = 0
    private var started = false
    private var closed = false
    private var writeFailure: (any Error)?
    /// The writer thread, joined by `stop`.
    private let writer = Workers()

    init(root: String, writebackBytes: Int = 16 << 20, queueBytes: Int = 8 << 20) {
        self.root = root
        self.writebackBytes = writebackBytes
        self.queueBytes = queueBytes
    }

    /// Queues `bytes` to be written at `relative` unless a file is already there (same name =
    /// same content); waits while the queue is full. Throws an earlier write's error.
    func storeOnce(_ bytes: [UInt8], at relative: String) throws {
        monitor.withLock { if !started { startWriter() } }
        try monitor.wait(until: { writeFailure != nil || queued == 0 || queued + bytes.count <= queueBytes }) {
            if let writeFailure { throw writeFailure }
            pending.append((bytes, relative))
            queued += bytes.count
            monitor.broadcast()
        }
    }

    /// Writes everything queued, then flushes the files to disk once, if anything was written
    /// (`sync`: Swift's Glibc module does not export the narrower `syncfs`), after any background
    /// sync still running. Throws a write's error.
    func flush() throws {
        try stop(discarding: false)
        try writeback?.value()
        if !created.isEmpty { sync() }
    }

    /// Stops writing, dropping what is still queued, and returns the files (relative to the
    /// root) and directories (outermost first) this import created, for a refusal to remove.
    func abandon() -> (files: [String], directories: [String]) {
        try? stop(discarding: true)
        return (created, createdDirectories)
    }

    /// Closes the queue and waits for the writer to finish (at once when `discarding`).
    private func stop(discarding: Bool) throws {
        monitor.withLock {
            closed = true
            if discarding {
                pending.removeAll()
                queued = 0
            }
            monitor.broadcast()
        }
        writer.join()
        if let failure = monitor.withLock({ writeFailure }) { throw failure }
    }

    /// Called with the lock held.
    private func startWriter() {
        started = true
        writer.spawn { [self] in writeQueued() }
    }

    /// The writer thread: takes whatever is queued, writes it in order, until closed and empty
    /// or a write fails.
    private func writeQueued() {
        while true {
            let batch = monitor.wait(until: { !pending.isEmpty || closed }) {
                defer { pending.removeAll() }
                return pending
            }
            if batch.isEmpty { return }
            var error: (any Error)?
            for item in batch {
                do {
                    try writeFile(item.bytes, at: item.relative)
                } catch let caught {
                    error = caught
                    break
                }
            }
            monitor.withLock {
                queued -= batch.reduce(0) { $0 + $1.bytes.count }
                if let error {
                    writeFailure = error
                    pending.removeAll()
                    queued = 0
                }
                monitor.broadcast()
            }
            if error != nil { return }
        }
    }

    /// Writes `bytes` at `relative` unless a file is already there.
    private func writeFile(_ bytes: [UInt8], at relative: String) throws {
        let path = root + "/" + relative
        if access(path, F_OK) == 0 { return }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        if !directories.contains(directory) {
            try createDirectory(directory)
            directories.insert(directory)
        }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw writeError("open", temporary) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                unlink(temporary)
                throw writeError("write", temporary)
            }
            offset += count
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw writeError("rename", path)
        }
        created.append(relative)
        unsynced += bytes.count
        if unsynced >= writebackBytes { startWriteback() }
    }

    /// Starts a background `sync` unless one is still running (it is then left to the next).
    private func startWriteback() {
        if let writeback, !writeback.isFulfilled { return }
        unsynced = 0
        writeback = Future { sync() }
    }

    /// Creates `directory` and its missing ancestors below the root, remembering which it made.
    private func createDirectory(_ directory: String) throws {
        var missing: [String] = []
        var ancestor = directory
        while ancestor.count > root.count, access(ancestor, F_OK) != 0 {
            missing.insert(ancestor, at: 0)
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        createdDirectories += missing
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KaowuError(.outputWrite, "无法创建照片目录 \(directory)", cause: String(describing: error))
        }
    }

    private func writeError(_ call: String, _ path: String) -> KaowuError {
        KaowuError(.outputWrite, "无法保存照片文件", cause: "\(call) \(path): errno \(errno)")
    }
}
