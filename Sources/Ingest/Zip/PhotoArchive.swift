import Domain
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A school's `考生照片.zip`, checked as a whole when opened and then streamed entry by entry.
///
/// Opening reads only the central directory and refuses the file (a `ZipError`, before any entry
/// is inflated, so the import commits nothing) when any entry is encrypted, a symlink, has an
/// unsafe path, or the declared sizes announce a bomb. Each remaining entry is classified from its
/// name; its bytes are inflated only when the caller asks (`read`), and never beyond a bound.
///
/// Photos are never written to disk under their entry names, so the path checks guard nothing
/// locally: an archive carrying `../` or absolute names was made by a hostile or broken tool and is
/// refused rather than half-imported.
public final class PhotoArchive {
    /// MISSION: a photo is at most 5 MB (read as MiB); one byte more proves an entry too large.
    public static let maxPhotoBytes = Int64(PhotoSpec.maxBytes)

    /// What an entry's name says it is. Ignored entries (folders, `__MACOSX/`, hidden files,
    /// `Thumbs.db`) never get one: they are not part of the import and not counted.
    public enum Kind: Sendable, Equatable {
        /// `<证件号码>.jpg|jpeg|png`: the trimmed stem with a trailing `x` upper-cased, and the
        /// extension lower-cased (the caller still checks the bytes' real format).
        case photo(idNumber: String, fileExtension: String)
        /// Any other extension (`txt`, `gif`; empty when there is none): the caller's `photo.format`.
        case unsupportedExtension(String)
        /// `.jpg` with nothing (or only spaces) before it.
        case missingIDNumber
        /// The name's bytes are neither UTF-8 nor GB18030; `Entry.name` is a lossy rendering.
        case undecodableName
    }

    /// One counted entry, as the central directory declares it.
    public struct Entry: Sendable, Equatable {
        public let index: Int
        /// The full path inside the archive, decoded (UTF-8, else GB18030).
        public let name: String
        public let declaredSize: Int64
        public let declaredCompressedSize: Int64
        public let kind: Kind

        /// The last path component: what a failure message shows next to the folder.
        public var fileName: String {
            PhotoArchive.components(of: name).last ?? name
        }
    }

    /// The outcome of reading an entry's bytes under a bound.
    public enum Contents: Sendable, Equatable {
        case bytes([UInt8])
        /// Larger than the bound: by its declared size (`inflated` is 0, nothing was read) or by
        /// the bytes actually inflated, which stop at bound + 1 (a header that lied).
        case tooLarge(declaredSize: Int64, inflated: Int)
    }

    /// The counted entries, in archive order.
    public let entries: [Entry]
    /// Folders, `__MACOSX/`, hidden files and `Thumbs.db`/`desktop.ini` skipped as not part of the import.
    public let ignoredCount: Int
    private let archive: ZipArchive

    /// Opens and checks the whole archive; every refusal is a `ZipError` thrown here:
    /// `.notAZip`, `.damaged`, `.encrypted` (any entry: the whole archive is refused),
    /// `.symbolicLink`, `.unsafeName`, `.archiveTooLarge` (entries or declared total) and
    /// `.ratioTooHigh` (the declared ratio of all the entries that would be inflated; an entry
    /// declared over 5 MB is never inflated and only fails its own row).
    public init(path: String, limits: ZipLimits = .photoArchive) throws(ZipError) {
        let archive = try ZipArchive(path: path, limits: limits)
        var entries: [Entry] = []
        var ignored = 0
        for index in 0..<archive.entryCount {
            let info = try archive.entry(at: index)
            let decoded = EntryNameDecoding.decode(info.rawName)
            let name = decoded ?? String(decoding: info.rawName, as: UTF8.self)
            if info.encrypted {
                throw ZipError(reason: .encrypted, detail: "加密的压缩包（\(name)）")
            }
            if info.isSymbolicLink {
                throw ZipError(reason: .symbolicLink, detail: "符号链接条目：\(name)")
            }
            if let problem = PhotoArchive.unsafePathProblem(name) {
                throw ZipError(reason: .unsafeName, detail: "\(problem)：\(name)")
            }
            guard var kind = PhotoArchive.classify(name) else {
                ignored += 1
                continue
            }
            if decoded == nil { kind = .undecodableName }
            entries.append(
                Entry(
                    index: index, name: name, declaredSize: info.size, declaredCompressedSize: info.compressedSize,
                    kind: kind))
        }
        try archive.checkDeclaredSizes(inflatingAtMost: PhotoArchive.maxPhotoBytes)
        self.archive = archive
        self.entries = entries
        self.ignoredCount = ignored
    }

    /// The entry's bytes if it has at most `maxBytes`, else `.tooLarge` having inflated at most
    /// `maxBytes + 1` bytes. Throws `ZipError` for damage or the archive's actual-bytes limits (a
    /// bomb whose headers lied): file-level problems.
    ///
    /// One libzip handle reads every entry, so calls must not overlap: a caller reading on several
    /// threads takes a lock around this (and reads in archive order, which keeps the file's reads
    /// sequential).
    public func read(_ entry: Entry, maxBytes: Int64 = PhotoArchive.maxPhotoBytes) throws -> Contents {
        if entry.declaredSize > maxBytes {
            return .tooLarge(declaredSize: entry.declaredSize, inflated: 0)
        }
        let bytes = try archive.prefix(entryAt: entry.index, maxBytes: maxBytes + 1)
        if Int64(bytes.count) > maxBytes {
            return .tooLarge(declaredSize: entry.declaredSize, inflated: bytes.count)
        }
        return .bytes(bytes)
    }

    // MARK: - Names

    /// Path components; a backslash separates too (old Windows tools write `照片\x.jpg`).
    static func components(of name: String) -> [String] {
        name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
    }

    /// Why a name may not be in the archive at all, or nil when it is safe: absolute paths
    /// (`/`, `\`, `C:`) and `..` components, also with the dots/spaces Windows strips (`.. `, `...`).
    static func unsafePathProblem(_ name: String) -> String? {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return "绝对路径" }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].isASCIILetter {
            return "带盘符的路径"
        }
        // The cheap test first: a component with fewer than two dots is never trimmed.
        for component in components(of: name) where component.filter({ $0 == "." }).count >= 2 {
            if component.trimming(dotsAndSpaces).isEmpty { return "路径包含“..”" }
        }
        return nil
    }

    /// The kind of a (safe) name, or nil for an entry the import ignores. Any folder depth is
    /// accepted and only the file name counts: schools zip a class folder, or a folder inside one.
    static func classify(_ name: String) -> Kind? {
        if name.hasSuffix("/") || name.hasSuffix("\\") { return nil }
        let parts = components(of: name).filter { $0 != "." }
        guard let last = parts.last else { return nil }
        // `__MACOSX/` (resource forks), `._x.jpg`, `.DS_Store`, hidden folders.
        if parts.contains("__MACOSX") || parts.contains(where: { $0.hasPrefix(".") }) { return nil }
        let fileName = last.trimming(trimmed)
        if ["thumbs.db", "desktop.ini"].contains(fileName.lowercased()) { return nil }
        guard let dot = fileName.lastIndex(of: ".") else { return .unsupportedExtension("") }
        let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
        guard ["jpg", "jpeg", "png"].contains(fileExtension) else { return .unsupportedExtension(fileExtension) }
        var stem = String(fileName[..<dot]).trimming(trimmed)
        if stem.isEmpty { return .missingIDNumber }
        if stem.hasSuffix("x") { stem = stem.dropLast() + "X" }
        return .photo(idNumber: stem, fileExtension: fileExtension)
    }

    private static let trimmed = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}"))
    private static let dotsAndSpaces = CharacterSet(charactersIn: ". ")
}

extension String {
    /// `trimmingCharacters(in:)`, skipping Foundation when neither end is in `set`: nearly every
    /// entry name, and the trims were most of opening a 10k-photo archive.
    fileprivate func trimming(_ set: CharacterSet) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last, !set.contains(first), !set.contains(last) else {
            return trimmingCharacters(in: set)
        }
        return self
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

/// Entry names: UTF-8 when the bytes are valid UTF-8 (the flag is not needed: macOS and 7-Zip
/// set it, Windows' built-in zipper does not), else GB18030, a superset of the GBK that Chinese
/// Windows writes. glibc's iconv does the conversion.
public enum EntryNameDecoding {
    /// UTF-8 when the bytes are, else GB18030 (Windows' zip and file shares), else nil.
    public static func decode(_ raw: [UInt8]) -> String? {
        if let text = String(validating: raw, as: UTF8.self) { return text }
        return gb18030(raw)
    }

    /// nil for bytes that are not GB18030 (or when iconv lacks the converter).
    static func gb18030(_ raw: [UInt8]) -> String? {
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(converter) }
        var input = raw.map { CChar(bitPattern: $0) }
        // A GB18030 character of n bytes is at most n+1 UTF-8 bytes (2 → 3, 4 → 4).
        var output = [CChar](repeating: 0, count: raw.count * 2 + 4)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                // -1: an invalid (EILSEQ) or truncated (EINVAL) sequence.
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
