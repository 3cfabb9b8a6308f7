public import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file the user named on the command line (`-o`, `--out`): the one rule every command that
/// writes a file follows, because a mistyped path must never cost data. Only a regular file at
/// exactly that path may be replaced; a directory, symlink, device, FIFO or socket is refused, as
/// is any path inside a kaowu data root (its store, records and photos are kaowu's own). The
/// content is written to a temporary file (mode 0600) in the same directory and renamed over the
/// path, so the path holds the old file or the complete new one, never a half-written one.
public struct OutputFile: Sendable {
    /// The destination as the user wrote it, for messages.
    public let path: String
    let directory: String
    let fileName: String

    /// Checks `path` before anything is written; `dataRoot` is the path of the data root the
    /// command reads, if any.
    public init(_ path: String, dataRoot: String? = nil) throws(KaowuError) {
        guard !path.isEmpty else { throw KaowuError(.outputInvalid, "输出文件名为空，请指定要写入的 .xlsx 文件") }
        self.path = path
        // Split by hand: Foundation's standardizingPath traps on ".", and a trailing "/" or a
        // "." or ".." last component names a directory, never a file.
        if let slash = path.lastIndex(of: "/") {
            let parent = String(path[..<slash])
            directory = parent.isEmpty ? "/" : parent
            fileName = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            fileName = path
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind != S_IFREG {
                let what =
                    switch kind {
                    case S_IFDIR: "一个目录"
                    case S_IFLNK: "一个符号链接"
                    case S_IFIFO: "一个管道（FIFO）"
                    case S_IFCHR, S_IFBLK: "一个设备文件"
                    default: "一个特殊文件"
                    }
                throw KaowuError(.outputNotAFile, "“\(path)”是\(what)，kaowu 只会写入或替换普通文件，请指定一个 .xlsx 文件名")
            }
        }
        guard !fileName.isEmpty, fileName != ".", fileName != ".." else {
            throw KaowuError(.outputNotAFile, "“\(path)”是一个目录，kaowu 只会写入或替换普通文件，请指定一个 .xlsx 文件名")
        }
        var parentInfo = stat()
        guard stat(directory, &parentInfo) == 0, parentInfo.st_mode & S_IFMT == S_IFDIR else {
            throw KaowuError(.outputNoDirectory, "输出目录“\(directory)”不存在，请先创建该目录，或指定已存在目录中的文件")
        }
        if let dataRoot = OutputFile.enclosingDataRoot(of: directory, given: dataRoot) {
            throw KaowuError(.outputInsideRoot, "“\(path)”位于数据目录“\(dataRoot)”之内；数据目录中的文件由 kaowu 自己管理，请把输出文件写到数据目录之外")
        }
    }

    /// Runs `body` with a fresh temporary path beside the destination, then renames the result
    /// into place; the temporary file is removed when `body` or the rename fails.
    public func write<T>(_ body: (String) throws -> T) throws -> T {
        let temporary = directory + "/.\(fileName).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KaowuError(.outputWrite, "无法在“\(directory)”中写入文件，请检查目录是否可写", cause: String(cString: strerror(errno)))
        }
        close(descriptor)
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        let result = try body(temporary)
        chmod(temporary, 0o600)
        guard rename(temporary, directory + "/" + fileName) == 0 else {
            throw KaowuError(.outputWrite, "无法写入“\(path)”", cause: String(cString: strerror(errno)))
        }
        renamed = true
        return result
    }

    /// The data root `directory` lies in: the one the command uses, or any ancestor holding
    /// `kaowu.sqlite` (symlinks resolved, so another spelling of the same place is caught too).
    static func enclosingDataRoot(of directory: String, given root: String?) -> String? {
        guard let resolved = realpath(directory, nil) else { return nil }
        defer { free(resolved) }
        var current = String(cString: resolved)
        let given = root.flatMap { realpath($0, nil) }.map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }
        while true {
            if current == given || FileManager.default.fileExists(atPath: current + "/kaowu.sqlite") { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }
}

/// A folder the user named for many files (`kaowu render -o DIR`): created when missing (its
/// parent must exist), never a symlink or a file, never inside a data root. Each file in it is
/// written under a temporary name and renamed, so a finished name always holds a whole file.
public struct OutputDirectory: Sendable {
    public let path: String

    public init(_ path: String, dataRoot: String? = nil) throws(KaowuError) {
        guard !path.isEmpty else { throw KaowuError(.outputInvalid, "输出目录名为空，请用 -o 指定要写入的目录") }
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw KaowuError(.outputNotADirectory, "“\(path)”不是目录（或是符号链接），请指定一个目录")
            }
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            var parentInfo = stat()
            guard stat(parent.isEmpty ? "." : parent, &parentInfo) == 0, parentInfo.st_mode & S_IFMT == S_IFDIR else {
                throw KaowuError(.outputNoDirectory, "输出目录“\(path)”的上级目录不存在，请先创建")
            }
        }
        let probe = lstat(path, &info) == 0 ? path : (path as NSString).deletingLastPathComponent
        if let root = OutputFile.enclosingDataRoot(of: probe.isEmpty ? "." : probe, given: dataRoot) {
            throw KaowuError(.outputInsideRoot, "“\(path)”位于数据目录“\(root)”之内；请把文档写到数据目录之外")
        }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw KaowuError(.outputWrite, "无法创建目录“\(path)”", cause: String(cString: strerror(errno)))
        }
        self.path = path
    }

    /// Removes, under `base`, the temporary files (`.tmp-…`, `.font-…`) of a run that was killed
    /// while drawing: a finished file is renamed from its temporary name, so what is left under
    /// one is never a document. Called by a run before it writes there.
    public static func removeLeftovers(in base: String) {
        guard let walker = FileManager.default.enumerator(atPath: base) else { return }
        for case let path as String in walker {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".tmp-") || name.hasPrefix(".font-") { try? FileManager.default.removeItem(atPath: base + "/" + path) }
        }
    }

    /// Creates `components` under `base` (each made safe as one path component) and returns
    /// the path.
    public static func make(base: String, _ components: [String]) throws -> String {
        var current = base
        for component in components {
            current += "/" + OutputDirectory.safe(component)
            guard mkdir(current, 0o700) == 0 || errno == EEXIST else {
                throw KaowuError(.outputWrite, "无法创建目录“\(current)”", cause: String(cString: strerror(errno)))
            }
        }
        return current
    }

    /// One path component: no `/`, no NUL, not `.` or `..`, no leading dot (hidden).
    public static func safe(_ name: String) -> String {
        var cleaned = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        return cleaned.isEmpty ? "_" : cleaned
    }
}
