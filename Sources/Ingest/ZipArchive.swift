import CZip
import Domain

/// Why a ZIP container could not be read; turned into a `KaowuError` by the caller that knows
/// what the file was supposed to be (a workbook, a photo archive).
public struct ZipError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        case notAZip, damaged, encrypted, entryMissing, entryTooLarge, ratioTooHigh, archiveTooLarge, unsafeName
    }
    public let reason: Reason
    public let detail: String
    public var description: String { "\(reason): \(detail)" }
}

/// Limits against decompression bombs, checked against bytes actually inflated, never against
/// the sizes an (untrusted) header declares.
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
}

/// One entry's metadata, as the central directory states it.
public struct ZipEntry: Sendable {
    public let index: Int
    public let name: String
    public let size: Int64
    public let compressedSize: Int64
    public let encrypted: Bool
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
        return ZipEntry(
            index: index, name: String(cString: namePointer), size: Int64(stat.size),
            compressedSize: Int64(stat.comp_size), encrypted: stat.encryption_method != UInt16(ZIP_EM_NONE))
    }

    /// The index of the entry named exactly `name`, or nil.
    public func index(of name: String) -> Int? {
        let found = zip_name_locate(handle, name, 0)
        return found >= 0 ? Int(found) : nil
    }

    /// Streams an entry's inflated bytes in chunks to `body`, enforcing the per-entry, total and
    /// ratio limits on the bytes actually produced. The corresponding C function is `zip_fread`.
    public func read(
        entryAt index: Int, chunkSize: Int = 1 << 18, _ body: (UnsafeRawBufferPointer) throws -> Void
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
        let ratioBase = max(info.compressedSize, 1024)
        while true {
            let count = zip_fread(file, buffer, zip_uint64_t(chunkSize))
            if count < 0 {
                let detail = zip_file_get_error(file).map { String(cString: zip_error_strerror($0)) } ?? "read error"
                throw ZipError(reason: .damaged, detail: detail + "; " + info.name)
            }
            if count == 0 { break }
            produced += Int64(count)
            totalRead += Int64(count)
            if produced > limits.maxEntryBytes { throw ZipError(reason: .entryTooLarge, detail: info.name) }
            if totalRead > limits.maxTotalBytes { throw ZipError(reason: .archiveTooLarge, detail: info.name) }
            if produced / ratioBase > limits.maxRatio { throw ZipError(reason: .ratioTooHigh, detail: info.name) }
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

    private func lastError() -> String {
        String(cString: zip_error_strerror(zip_get_error(handle)))
    }
}
