import CZip
import Domain
import Foundation

/// Why a ZIP container could not be read; turned into a `KaowuError` by the caller that knows
/// what the file was supposed to be (a workbook, a photo archive).
public struct ZipError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        case notAZip, damaged, encrypted, entryMissing, entryTooLarge, ratioTooHigh, archiveTooLarge, unsafeName
        case symbolicLink, writeFailed
    }
    public let reason: Reason
    public let detail: String
    public var description: String { "\(reason): \(detail)" }
}

/// Limits against decompression bombs, always checked against the bytes actually inflated (an
/// untrusted header can lie); `ZipArchive.checkDeclaredSizes` also applies the total and ratio
/// to the central directory, so an honest bomb is refused before anything is inflated.
public struct ZipLimits: Sendable {
    public var maxEntryBytes: Int64
    public var maxTotalBytes: Int64
    public var maxRatio: Int64
    public var maxEntries: Int

    public init(maxEntryBytes: Int64, maxTotalBytes: Int64, maxRatio: Int64, maxEntries: Int) {
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
        self.maxEntries = maxEntries
    }

    /// Workbooks: a 1M-row sheet inflates to ~320 MB with ratio ~9; allow generous headroom.
    public static let workbook = ZipLimits(
        maxEntryBytes: 4 << 30, maxTotalBytes: 8 << 30, maxRatio: 200, maxEntries: 10_000)

    /// A school's `考生照片.zip`: 50,000 entries (a large school's candidates plus the junk
    /// macOS/Windows add), 6 MiB per entry (a photo may be 5 MiB; oversized ones are reported from
    /// their declared size or a bounded read, so this is only a backstop), 4 GiB in all (10,000
    /// photos of ~400 KiB), ratio 100 (JPEG/PNG barely deflate; 100:1 means filler, not a photo).
    public static let photoArchive = ZipLimits(
        maxEntryBytes: 6 << 20, maxTotalBytes: 4 << 30, maxRatio: 100, maxEntries: 50_000)

    /// Inflated bytes per compressed byte; the compressed size is floored at 1 KiB so that tiny
    /// entries (a few zero bytes) are never mistaken for bombs.
    static func ratio(size: Int64, compressedSize: Int64) -> Int64 {
        size / max(compressedSize, 1024)
    }
}

/// One entry's metadata, as the central directory states it.
public struct ZipEntry: Sendable {
    public let index: Int
    /// The name as libzip decodes it (UTF-8 flag, else a CP437 guess).
    public let name: String
    /// The name's stored bytes: Windows writes them in the OEM code page (GBK) without the UTF-8
    /// flag, which only the caller can decode correctly.
    public let rawName: [UInt8]
    public let size: Int64
    public let compressedSize: Int64
    public let encrypted: Bool
    /// Written on Unix with mode `S_IFLNK`: unpacked by a careless tool, it would point anywhere.
    public let isSymbolicLink: Bool
}

/// A read-only ZIP archive over libzip's `zip_t`; the only file that calls libzip.
public final class ZipArchive {
    private let handle: OpaquePointer
    public let limits: ZipLimits
    private var totalRead: Int64 = 0

    /// Opens `path` read-only. The corresponding C function is `zip_open`.
    ///
    /// Not `ZIP_CHECKCONS`: it rejects ZIP64 local headers whose extra field the central
    /// directory lacks, a layout libxlsxwriter (and other streaming writers) produce for valid
    /// workbooks. Safety does not rest on it: every entry is read through limits on the bytes
    /// actually inflated, and libzip verifies each entry's CRC at its end.
    public init(path: String, limits: ZipLimits) throws(ZipError) {
        var code: Int32 = 0
        guard let opened = zip_open(path, ZIP_RDONLY, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            let text = String(cString: zip_error_strerror(&error))
            zip_error_fini(&error)
            let reason: ZipError.Reason = (code == ZIP_ER_NOZIP) ? .notAZip : .damaged
            throw ZipError(reason: reason, detail: text)
        }
        // Checked before `handle` is stored: a class init that throws once every property is
        // set still runs `deinit`, which would discard the handle a second time.
        let count = Int(zip_get_num_entries(opened, 0))
        if count > limits.maxEntries {
            zip_discard(opened)
            throw ZipError(reason: .archiveTooLarge, detail: "entries \(count)")
        }
        handle = opened
        self.limits = limits
    }

    deinit { zip_discard(handle) }

    public var entryCount: Int { Int(zip_get_num_entries(handle, 0)) }

    /// The entry at `index`; names are decoded by libzip (UTF-8 flag, else CP437 guess) unless
    /// `raw` asks for the stored bytes.
    public func entry(at index: Int) throws(ZipError) -> ZipEntry {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0, let namePointer = stat.name else {
            throw ZipError(reason: .damaged, detail: lastError())
        }
        guard let rawPointer = zip_get_name(handle, zip_uint64_t(index), ZIP_FL_ENC_RAW) else {
            throw ZipError(reason: .damaged, detail: lastError())
        }
        var system: zip_uint8_t = 0
        var attributes: zip_uint32_t = 0
        guard zip_file_get_external_attributes(handle, zip_uint64_t(index), 0, &system, &attributes) == 0 else {
            throw ZipError(reason: .damaged, detail: lastError())
        }
        let unixFileType = (attributes >> 16) & 0o170000
        let rawName = Array(UnsafeRawBufferPointer(start: rawPointer, count: strlen(rawPointer)))
        return ZipEntry(
            index: index, name: String(cString: namePointer), rawName: rawName, size: Int64(stat.size),
            compressedSize: Int64(stat.comp_size), encrypted: stat.encryption_method != UInt16(ZIP_EM_NONE),
            isSymbolicLink: UInt32(system) == ZIP_OPSYS_UNIX && unixFileType == 0o120000)
    }

    /// Refuses a bomb the central directory already announces without inflating a byte: the
    /// declared total over the limit, or the ratio of what would be inflated. Headers can lie, so
    /// `read` still checks the bytes actually produced.
    ///
    /// `inflatingAtMost`: the caller never inflates an entry declared larger than this (a photo
    /// over 5 MB is that row's failure, read from its declared size), so such an entry is no
    /// evidence against the archive, and the ratio is judged over all the entries that would be
    /// inflated together: one oversized photo that compresses well costs its row, not the file.
    /// Without it (workbooks) every entry's own ratio is judged too.
    public func checkDeclaredSizes(inflatingAtMost bound: Int64? = nil) throws(ZipError) {
        var total: Int64 = 0
        var inflated: Int64 = 0
        var compressed: Int64 = 0
        for index in 0..<entryCount {
            let info = try entry(at: index)
            total = total.addingReportingOverflow(info.size).overflow ? .max : total + info.size
            if total > limits.maxTotalBytes {
                throw ZipError(reason: .archiveTooLarge, detail: "声明的解压总大小超过 \(limits.maxTotalBytes) 字节（\(info.name)）")
            }
            if let bound {
                guard info.size <= bound else { continue }
                inflated += info.size
                compressed += max(info.compressedSize, 1024)
            } else {
                let ratio = ZipLimits.ratio(size: info.size, compressedSize: info.compressedSize)
                if ratio > limits.maxRatio {
                    throw ZipError(reason: .ratioTooHigh, detail: "声明的压缩比 \(ratio):1 超过 \(limits.maxRatio):1（\(info.name)）")
                }
            }
        }
        let ratio = ZipLimits.ratio(size: inflated, compressedSize: compressed)
        if bound != nil, ratio > limits.maxRatio {
            throw ZipError(reason: .ratioTooHigh, detail: "待解压条目的总压缩比 \(ratio):1 超过 \(limits.maxRatio):1")
        }
    }

    /// The index of the entry named exactly `name`, or nil.
    public func index(of name: String) -> Int? {
        // OPC part names compare case-insensitively (a rels target `sharedStrings.xml` names
        // `xl/SharedStrings.xml`); the exact name is tried first.
        let found = zip_name_locate(handle, name, 0)
        if found >= 0 { return Int(found) }
        let folded = zip_name_locate(handle, name, zip_flags_t(ZIP_FL_NOCASE))
        return folded >= 0 ? Int(folded) : nil
    }

    /// Streams an entry's inflated bytes in chunks to `body`, enforcing the per-entry, total and
    /// ratio limits on the bytes actually produced. The corresponding C function is `zip_fread`.
    /// `upTo` stops inflating after that many bytes (the rest of the entry is never produced).
    public func read(
        entryAt index: Int, chunkSize: Int = 1 << 18, upTo stop: Int64 = .max,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let info = try entry(at: index)
        if info.encrypted { throw ZipError(reason: .encrypted, detail: info.name) }
        guard let file = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            throw ZipError(reason: .damaged, detail: lastError())
        }
        defer { zip_fclose(file) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var produced: Int64 = 0
        while produced < stop {
            let count = zip_fread(file, buffer, zip_uint64_t(min(Int64(chunkSize), stop - produced)))
            if count < 0 {
                let detail = zip_file_get_error(file).map { String(cString: zip_error_strerror($0)) } ?? "read error"
                throw ZipError(reason: .damaged, detail: detail + "; " + info.name)
            }
            if count == 0 { break }
            produced += Int64(count)
            totalRead += Int64(count)
            if produced > limits.maxEntryBytes { throw ZipError(reason: .entryTooLarge, detail: info.name) }
            if totalRead > limits.maxTotalBytes { throw ZipError(reason: .archiveTooLarge, detail: info.name) }
            // A bounded read (`upTo`) stops by itself; only an unbounded one needs the ratio.
            if stop == .max, ZipLimits.ratio(size: produced, compressedSize: info.compressedSize) > limits.maxRatio {
                throw ZipError(reason: .ratioTooHigh, detail: info.name)
            }
            try body(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
        }
    }

    /// Reads a whole (small) entry into memory, e.g. workbook.xml or a photo.
    public func data(entryAt index: Int, maxBytes: Int64) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try read(entryAt: index) { chunk in
            if Int64(bytes.count + chunk.count) > maxBytes {
                throw ZipError(reason: .entryTooLarge, detail: "> \(maxBytes) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// The first `maxBytes` bytes of an entry, inflating no further: ask for one byte more than a
    /// size limit to learn whether the entry exceeds it without loading all of it.
    public func prefix(entryAt index: Int, maxBytes: Int64) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try read(entryAt: index, chunkSize: 1 << 16, upTo: maxBytes) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func lastError() -> String {
        String(cString: zip_error_strerror(zip_get_error(handle)))
    }
}

/// Writes a ZIP archive through libzip: `kaowu sample --photos` and the tests' hostile fixtures
/// (raw GBK names, symlinks, encrypted and directory entries).
///
/// libzip reads every entry's data only at `close()`. Rather than keeping each entry's bytes alive
/// until then, `add` appends them to one spool file next to the archive and hands libzip a file
/// source over that slice, so memory stays flat however many entries are written.
public final class ZipWriter {
    /// How an entry is stored, beyond its name and bytes.
    public struct Options: Sendable {
        /// Deflate (true) or store.
        public var compress: Bool
        /// Unix symlink mode in the external attributes; the bytes are the link target.
        public var symbolicLink: Bool
        /// AES-256 encryption with this password.
        public var password: String?

        public init(compress: Bool = true, symbolicLink: Bool = false, password: String? = nil) {
            self.compress = compress
            self.symbolicLink = symbolicLink
            self.password = password
        }
    }

    private let handle: OpaquePointer
    private let spoolPath: String
    private let spool: FileHandle
    private var spoolSize: Int64 = 0
    private var finished = false

    /// Creates (or truncates) the archive at `path`; nothing exists there until `close()`.
    public init(path: String) throws(ZipError) {
        let spoolPath = path + ".spool-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: spoolPath, contents: nil),
            let spool = FileHandle(forWritingAtPath: spoolPath)
        else {
            throw ZipError(reason: .writeFailed, detail: "cannot create \(spoolPath)")
        }
        var code: Int32 = 0
        guard let opened = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            try? spool.close()
            try? FileManager.default.removeItem(atPath: spoolPath)
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            let text = String(cString: zip_error_strerror(&error))
            zip_error_fini(&error)
            throw ZipError(reason: .writeFailed, detail: text + "; " + path)
        }
        handle = opened
        self.spoolPath = spoolPath
        self.spool = spool
    }

    deinit {
        if !finished {
            zip_discard(handle)
            removeSpool()
        }
    }

    /// Adds a file entry named `name` (stored with the UTF-8 flag when not ASCII).
    public func add(name: String, bytes: [UInt8], options: Options = Options()) throws(ZipError) {
        try add(nameBytes: Array(name.utf8), flags: ZIP_FL_ENC_UTF_8, bytes: bytes, options: options)
    }

    /// Adds a file entry whose name is stored exactly as `rawName`, without the UTF-8 flag, the way
    /// Windows' "Send to compressed folder" writes GBK names.
    public func add(rawName: [UInt8], bytes: [UInt8], options: Options = Options()) throws(ZipError) {
        try add(nameBytes: rawName, flags: ZIP_FL_ENC_CP437, bytes: bytes, options: options)
    }

    /// Adds a directory entry (libzip appends the trailing `/`).
    public func addDirectory(_ name: String) throws(ZipError) {
        if zip_dir_add(handle, name, ZIP_FL_ENC_UTF_8) < 0 {
            throw ZipError(reason: .writeFailed, detail: lastError() + "; " + name)
        }
    }

    /// Writes the archive (libzip compresses and encrypts here) and removes the spool file.
    public func close() throws(ZipError) {
        guard !finished else { return }
        finished = true
        defer { removeSpool() }
        if zip_close(handle) != 0 {
            let detail = lastError()
            zip_discard(handle)
            throw ZipError(reason: .writeFailed, detail: detail)
        }
    }

    private func add(nameBytes: [UInt8], flags: zip_flags_t, bytes: [UInt8], options: Options) throws(ZipError) {
        guard !finished, !nameBytes.isEmpty, !nameBytes.contains(0) else {
            throw ZipError(reason: .writeFailed, detail: "bad entry name or writer closed")
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let source = try spooledSource(bytes)
        let cName = nameBytes.map { CChar(bitPattern: $0) } + [0]
        let added = zip_file_add(handle, cName, source, flags)
        guard added >= 0 else {
            zip_source_free(source)
            throw ZipError(reason: .writeFailed, detail: lastError() + "; " + name)
        }
        let index = zip_uint64_t(added)
        var ok = zip_set_file_compression(handle, index, options.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) == 0
        if options.symbolicLink {
            let mode: zip_uint32_t = 0o120777
            ok = ok && zip_file_set_external_attributes(handle, index, 0, zip_uint8_t(ZIP_OPSYS_UNIX), mode << 16) == 0
        }
        if let password = options.password {
            ok = ok && zip_file_set_encryption(handle, index, zip_uint16_t(ZIP_EM_AES_256), password) == 0
        }
        if !ok { throw ZipError(reason: .writeFailed, detail: lastError() + "; " + name) }
    }

    /// A source over `bytes` appended to the spool file; libzip opens it again at `close()`.
    private func spooledSource(_ bytes: [UInt8]) throws(ZipError) -> OpaquePointer {
        let source: OpaquePointer?
        if bytes.isEmpty {
            // A file source of length 0 would mean "to the end of the spool".
            source = zip_source_buffer(handle, nil, 0, 0)
        } else {
            do {
                try spool.write(contentsOf: bytes)
            } catch {
                throw ZipError(reason: .writeFailed, detail: "spool: \(error)")
            }
            source = zip_source_file(handle, spoolPath, zip_uint64_t(spoolSize), zip_int64_t(bytes.count))
            spoolSize += Int64(bytes.count)
        }
        guard let source else { throw ZipError(reason: .writeFailed, detail: lastError()) }
        return source
    }

    private func removeSpool() {
        try? spool.close()
        try? FileManager.default.removeItem(atPath: spoolPath)
    }

    private func lastError() -> String {
        String(cString: zip_error_strerror(zip_get_error(handle)))
    }
}
