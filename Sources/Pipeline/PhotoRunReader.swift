import Foundation
import Ingest

/// Judges a photo archive's entries on every core while reading them strictly in order through
/// the archive's one libzip handle.
///
/// Decoding and hashing were two thirds of a photo import's CPU, all on one thread. Each worker
/// takes the next entry under a lock, inflates it, lets go and judges it while another worker
/// inflates the next one, so reading and judging overlap. Work is handed out in runs bounded by
/// count and by bytes read (like the runs the store thread takes), and a run's drafts come back
/// in archive order; memory holds one run being judged.
final class PhotoRunReader: @unchecked Sendable {
    private let archive: PhotoArchive
    private let width: Int
    private let maxCount: Int
    private let maxBytes: Int
    /// Guards everything below and the archive itself.
    private let lock = NSLock()
    /// The next entry to read, over the whole archive.
    private var next = 0
    /// The current run: where it starts, how many entries and bytes it has taken so far.
    private var runStart = 0
    private var runBytes = 0
    /// The first file-level error (a damaged entry, a bomb): nothing more is read after it.
    private var failure: (any Error)?

    /// `width` workers (the calling thread among them), runs of at most `maxCount` entries that
    /// stop taking entries once `maxBytes` have been read.
    init(
        _ archive: PhotoArchive, width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), maxCount: Int = 64,
        maxBytes: Int = 4 << 20
    ) {
        self.archive = archive
        self.width = width
        self.maxCount = maxCount
        self.maxBytes = maxBytes
    }

    /// The next run's drafts in archive order, empty once every entry was read. Throws the
    /// archive's `ZipError` for a file-level problem.
    func nextRun() throws -> [PhotoDraft] {
        lock.withLock {
            runStart = next
            runBytes = 0
        }
        let slots = UnsafeMutableBufferPointer<PhotoDraft?>.allocate(capacity: maxCount)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let shared = slots  // each worker writes only the slots it took
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            while let (slot, input) = take() { shared[slot] = PhotoImport.judge(input) }
        }
        let (count, failure) = lock.withLock { (next - runStart, self.failure) }
        if let failure { throw failure }
        return slots.prefix(count).map { draft in
            guard let draft else { preconditionFailure("a taken entry was not judged") }
            return draft
        }
    }

    /// The next entry of the run and its slot, read under the lock; nil when the run is full,
    /// the archive ends, or reading failed.
    private func take() -> (slot: Int, input: PhotoInput)? {
        lock.lock()
        defer { lock.unlock() }
        let slot = next - runStart
        guard failure == nil, next < archive.entries.count, slot < maxCount, runBytes < maxBytes else { return nil }
        let entry = archive.entries[next]
        var contents: PhotoArchive.Contents?
        if case .photo = entry.kind {
            do {
                contents = try archive.read(entry)
            } catch {
                failure = error
                return nil
            }
            if case .bytes(let bytes) = contents { runBytes += bytes.count }
        }
        next += 1
        return (slot, PhotoInput(number: next, entry: entry, contents: contents))
    }
}
