import Foundation
import Ingest

#if canImport(Glibc)
    import Glibc
#endif

/// A file name on the command line that is not UTF-8 (GBK bytes from a Windows share or an old
/// zip tool) cannot be a Swift `String` without losing bytes, so the file it names would never
/// be found. The file is opened by its raw bytes, and the rest of kaowu reads it through a link
/// named with the decoded name (GB18030) in a private directory of this process, removed at exit;
/// records and messages show the name a user sees in Explorer.
public enum RawPathArgument {
    /// The argument as a usable path: itself when it is UTF-8, else a link to the opened file, or
    /// a lossy rendering when the file cannot be opened (the command then reports it missing).
    public static func usable(_ raw: [UInt8]) -> String {
        if let text = String(validating: raw, as: UTF8.self) { return text }
        let lossy = String(decoding: raw, as: UTF8.self)
        let descriptor = raw.withUnsafeBufferPointer { buffer -> Int32 in
            var terminated = Array(buffer)
            terminated.append(0)
            return terminated.withUnsafeBufferPointer { pointer in
                pointer.baseAddress.map {
                    $0.withMemoryRebound(to: CChar.self, capacity: terminated.count) { open($0, O_RDONLY | O_CLOEXEC) }
                }
                    ?? -1
            }
        }
        guard descriptor >= 0 else { return lossy }
        let lastSlash = raw.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        let name = EntryNameDecoding.decode(Array(raw[lastSlash...])) ?? "file-\(descriptor)"
        let directory = linkDirectory
        let link = directory + "/" + name.replacingOccurrences(of: "/", with: "_")
        guard symlink("/proc/self/fd/\(descriptor)", link) == 0 else { return lossy }
        return link
    }

    /// One private directory per process, removed when the process exits normally.
    nonisolated(unsafe) private static var created: String?
    private static var linkDirectory: String {
        if let created { return created }
        let path = NSTemporaryDirectory() + "kaowu-args-\(getpid())"
        mkdir(path, 0o700)
        created = path
        atexit { RawPathArgument.removeLinks() }
        return path
    }

    private static func removeLinks() {
        guard let created else { return }
        try? FileManager.default.removeItem(atPath: created)
    }
}
