import Concurrency
import Foundation
import Ingest

/// Reads a photo archive's entries strictly in order through its one libzip handle and judges
/// them on every core, handing back runs of drafts in archive order.
///
/// Decoding and hashing were two thirds of a photo import's CPU, all on one thread. The thread
/// that asks for runs (the prepare thread) inflates entries a window ahead; one judge thread per
/// core takes each entry as soon as it is read; a run is handed over once its entries are all
/// judged. Nothing waits for a whole run: with a barrier per run (or workers taking turns
/// inflating under a lock), a thread preempted by the store or writer thread, which share the
/// cores, left the others idle for its time slice. The window bounds memory by entries and by
/// bytes read.
final class PhotoRunReader: @unchecked Sendable {  // shared state is guarded by `monitor`
    private let archive: PhotoArchive
    private let width: Int
    private let runCount: Int
    private let runBytes: Int
    private let windowCount: Int
    private let windowBytes: Int

    /// Guards everything below.
    private let monitor = Monitor()
    /// Entries read and not yet handed over (their positions are `handed..<read`).
    private var read = 0
    private var handed = 0
    private var windowUsed = 0
    /// Read, waiting for a judge (oldest first from `nextReady`).
    private var ready: [PhotoInput] = []
    private var nextReady = 0
    /// Judged and bytes read, by position in `archive.entries`, until handed over.
    private var drafts: [Int: PhotoDraft] = [:]
    private var sizes: [Int: Int] = [:]
    private var readingDone = false
    /// The first file-level error (a damaged entry, a bomb): nothing more is read after it.
    private var failure: (any Error)?
    private var judgesStarted = false
    private var stopping = false
    /// The judge threads, joined by `stop`.
    private let judges = Workers()

    /// `width` judge threads; runs of at most `runCount` entries, cut once the bytes read for
    /// them reach `runBytes`; at most `windowCount` entries or `windowBytes` read ahead of the
    /// runs handed (at least a run's worth, or a run could never complete).
    init(
        _ archive: PhotoArchive, width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), runCount: Int = 64,
        runBytes: Int = 4 << 20, windowCount: Int = 128, windowBytes: Int = 8 << 20
    ) {
        self.archive = archive
        self.width = width
        self.runCount = runCount
        self.runBytes = runBytes
        self.windowCount = windowCount
        self.windowBytes = windowBytes
        precondition(width > 0 && runCount > 0 && windowCount >= runCount && windowBytes >= runBytes)
    }

    /// The next run's drafts in archive order, empty once every entry was handed over. Throws the
    /// archive's `ZipError` for a file-level problem. Called from one thread.
    func nextRun() throws -> [PhotoDraft] {
        enum Step {
            case failed(any Error), run([PhotoDraft]), end, read
        }
        while true {
            let step = monitor.withLock { () -> Step in
                if !judgesStarted { startJudges() }
                while true {
                    if let failure { return .failed(failure) }
                    if let run = completeRun() {
                        windowUsed -= run.bytes
                        return .run(run.drafts)
                    }
                    if readingDone, handed == read { return .end }
                    if !readingDone, read - handed < windowCount, windowUsed < windowBytes { return .read }
                    monitor.waitOnce()
                }
            }
            switch step {
            case .failed(let failure):
                stop()
                throw failure
            case .run(let drafts):
                return drafts
            case .end:
                stop()
                return []
            case .read:
                readNext()
            }
        }
    }

    /// Stops the judges (after the entry each is judging) and waits for them.
    func stop() {
        monitor.withLock {
            stopping = true
            monitor.broadcast()
        }
        judges.join()
    }

    /// Inflates the next entry outside the lock (only the asking thread reads) and queues it.
    private func readNext() {
        let position = monitor.withLock { read }
        guard position < archive.entries.count else {
            monitor.withLock { readingDone = true }
            return
        }
        let entry = archive.entries[position]
        var contents: PhotoArchive.Contents?
        if case .photo = entry.kind {
            do {
                contents = try archive.read(entry)
            } catch {
                monitor.withLock {
                    failure = error
                    readingDone = true
                }
                return
            }
        }
        var size = 0
        if case .bytes(let bytes) = contents { size = bytes.count }
        let input = PhotoInput(number: position + 1, entry: entry, contents: contents)
        monitor.withLock {
            ready.append(input)
            sizes[position] = size
            windowUsed += size
            read = position + 1
            readingDone = read == archive.entries.count
            monitor.broadcast()
        }
    }

    /// Called with the lock held: the judged drafts at the head that make a run (full, cut once
    /// the bytes read for it reach `runBytes`, or the last), removed, with those bytes. A window
    /// full of bytes always holds a run cut by bytes, so reading never waits for nothing.
    private func completeRun() -> (drafts: [PhotoDraft], bytes: Int)? {
        var run: [PhotoDraft] = []
        var bytes = 0
        var position = handed
        while position < read, run.count < runCount, bytes < runBytes, let draft = drafts[position] {
            run.append(draft)
            bytes += sizes[position] ?? 0
            position += 1
        }
        let full = run.count == runCount || bytes >= runBytes || (readingDone && position == read)
        guard full, !run.isEmpty else { return nil }
        for done in handed..<position {
            drafts[done] = nil
            sizes[done] = nil
        }
        handed = position
        return (run, bytes)
    }

    /// Called with the lock held.
    private func startJudges() {
        judgesStarted = true
        for _ in 0..<width {
            judges.spawn { [self] in
                while let input = takeReady() {
                    let draft = PhotoImport.judge(input)
                    monitor.withLock {
                        drafts[input.number - 1] = draft
                        // Only a draft of the run at the head can let the asking thread go on.
                        if input.number - 1 < handed + runCount { monitor.broadcast() }
                    }
                }
            }
        }
    }

    /// The oldest entry read and not yet judged, waiting for one; nil once stopping.
    private func takeReady() -> PhotoInput? {
        monitor.wait(until: { nextReady < ready.count || stopping }) {
            guard !stopping else { return nil }
            let input = ready[nextReady]
            nextReady += 1
            if nextReady >= 64 {
                ready.removeFirst(nextReady)
                nextReady = 0
            }
            return input
        }
    }
}
