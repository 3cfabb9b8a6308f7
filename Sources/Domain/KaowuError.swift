import Foundation

/// The one user-facing error: a stable code the tests assert, a Chinese message the CLI prints.
///
/// File-level refusals (not a workbook, missing column, empty sheet), store failures and usage
/// mistakes all become this type at the boundary where they are understood.
public struct KaowuError: Error, Sendable, CustomStringConvertible {
    public let code: Code
    public let message: String
    /// The lower-level error text, for logs; never shown instead of `message`.
    public let cause: String?

    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "[\(code)] \(message)（\(cause)）" }
        return "[\(code)] \(message)"
    }
}

extension KaowuError {
    /// Wraps any error as a KaowuError, keeping one that already is.
    public static func wrap(_ error: any Error, code: Code, message: String) -> KaowuError {
        explain(error, code: code, message: message)
    }
}

/// A lower-level error that knows what it means to a user (SQLite's "database is locked" is
/// "another import holds the data root"); `KaowuError.wrap` and the CLI use its explanation
/// instead of a generic message with the raw text.
public protocol ExplainedError: Error {
    var explanation: KaowuError? { get }
}

extension KaowuError {
    /// What the user should read for `error`: a KaowuError as is, an explained error's own
    /// explanation, a file-system error in Chinese naming the path and the fix, else the
    /// generic `message` with the raw text kept as the cause.
    public static func explain(_ error: any Error, code: Code, message: String) -> KaowuError {
        if let known = error as? KaowuError { return known }
        if let explained = (error as? any ExplainedError)?.explanation { return explained }
        if let fileError = fileSystemError(error) { return fileError }
        return KaowuError(code, message, cause: String(describing: error))
    }

    /// Foundation's file errors (`NSCocoaErrorDomain` and POSIX) by their errno.
    static func fileSystemError(_ error: any Error) -> KaowuError? {
        let nsError = error as NSError
        var posix: Int32?
        if nsError.domain == NSPOSIXErrorDomain { posix = Int32(truncatingIfNeeded: nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            posix = Int32(truncatingIfNeeded: underlying.code)
        }
        if posix == nil, nsError.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: nsError.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: posix = ENOENT
            case .fileReadNoPermission, .fileWriteNoPermission: posix = EACCES
            case .fileWriteOutOfSpace: posix = ENOSPC
            case .fileWriteVolumeReadOnly: posix = EROFS
            case .fileWriteFileExists: posix = EEXIST
            default: break
            }
        }
        guard let posix else { return nil }
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let subject = path.map { "“\($0)”" } ?? "文件"
        let raw = String(describing: error)
        switch posix {
        case ENOENT: return KaowuError(.fileMissing, "找不到\(subject)，请检查路径是否正确", cause: raw)
        case EACCES, EPERM: return KaowuError(.filePermission, "没有权限读写\(subject)，请检查文件和目录的权限", cause: raw)
        case ENOSPC, EDQUOT: return KaowuError(.diskFull, "磁盘空间不足，无法写入\(subject)；请清理磁盘后重试", cause: raw)
        case EFBIG: return KaowuError(.diskFileSizeLimit, "写入\(subject)时超过了系统允许的文件大小上限（ulimit -f），请放宽限制后重试", cause: raw)
        case EROFS: return KaowuError(.fileReadOnly, "\(subject)所在的磁盘是只读的，请换一个可写的位置", cause: raw)
        case EISDIR: return KaowuError(.fileIsDirectory, "\(subject)是一个目录，请指定文件", cause: raw)
        case EEXIST: return KaowuError(.fileExists, "\(subject)已存在", cause: raw)
        default: return KaowuError(.fileIO, "读写\(subject)失败（系统错误 \(posix)：\(String(cString: strerror(posix)))）", cause: raw)
        }
    }
}
