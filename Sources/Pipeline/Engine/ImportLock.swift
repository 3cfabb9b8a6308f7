import Domain
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Held by a running import for its record id (`records/.lock-<id>`, an exclusive `flock`):
/// the kernel drops it when the process dies, which is how a sweep tells a crashed import's
/// leftovers from a live one's work in progress.
final class ImportLock {
    private let path: String
    private let descriptor: Int32

    init(root: DataRoot, id: String) throws {
        try FileManager.default.createDirectory(atPath: root.recordsPath, withIntermediateDirectories: true)
        path = root.recordsPath + "/" + RecordOutputs.lockPrefix + id
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KaowuError(.recordWrite, "无法在数据目录的 records 中创建文件，请检查权限和磁盘空间", cause: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw KaowuError(.recordWrite, "导入记录编号冲突，请重试", cause: path)
        }
    }

    deinit {
        unlink(path)
        close(descriptor)
    }

    /// True when no live process holds the lock of `id` (or it never existed).
    static func isAbandoned(root: DataRoot, id: String) -> Bool {
        let path = root.recordsPath + "/" + RecordOutputs.lockPrefix + id
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(descriptor, LOCK_UN)
        return true
    }
}
