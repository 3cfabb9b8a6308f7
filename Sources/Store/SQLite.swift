import CSQLite
public import Domain
import Foundation

/// A SQLite failure with the result code and the message read at the failure site.
/// Bound values are never part of the description (they may hold ID or phone numbers).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var primaryCode: Int32 { code & 0xFF }
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    public var description: String {
        "SQLite \(code): \(message)" + (sql.map { " [\($0)]" } ?? "")
    }
}

extension SQLiteError: ExplainedError {
    /// The failures a user can act on, in their words; nil for the rest (a bug or damage).
    public var explanation: KaowuError? {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED:
            KaowuError(.storeBusy, "数据目录正被另一个导入或命令占用（已等待 10 秒），请等它完成后重试", cause: description)
        case SQLITE_FULL: KaowuError(.diskFull, "磁盘空间不足，数据库无法写入；请清理磁盘后重试（本次操作未做任何修改）", cause: description)
        case SQLITE_IOERR:
            KaowuError(.diskIO, "数据库写入失败（磁盘已满、超过文件大小上限或磁盘故障）；本次操作未做任何修改，请检查磁盘后重试", cause: description)
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN:
            KaowuError(.storeUnavailable, "无法打开或写入数据目录中的数据库，请检查数据目录的路径和权限", cause: description)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            KaowuError(.storeDamaged, "数据目录中的数据库已损坏或不是 kaowu 的数据库，请从备份恢复", cause: description)
        default: nil
        }
    }
}

/// Owns one `sqlite3*` connection. The only type (with `SQLiteStatement`) that calls SQLite.
public final class SQLiteConnection {
    fileprivate let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]
    private var staticCache: [Int: SQLiteStatement] = [:]

    /// Opens (creating if needed) with extended result codes; WAL, foreign keys, a busy timeout.
    /// The corresponding C function is `sqlite3_open_v2`.
    public init(path: String) throws(SQLiteError) {
        SQLiteConnection.configureOnce
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            sqlite3_close_v2(opened)
            throw SQLiteError(code: status == SQLITE_OK ? SQLITE_INTERNAL : status, message: message, sql: nil)
        }
        handle = opened
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA page_size = 8192")
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA cache_size = -65536")
        try execute("PRAGMA temp_store = MEMORY")
    }

    private static let configureOnce: Void = { _ = kaowu_sqlite_configure() }()

    deinit {
        statementCache.removeAll()
        staticCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results. The corresponding C function is `sqlite3_exec`.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: status, message: message, sql: sql)
        }
    }

    /// A prepared statement from the per-connection cache, reset and with bindings cleared.
    public func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// The same cache keyed by the literal's address: hot paths (one call per imported row)
    /// skip hashing the SQL text. Bindings are kept, not cleared: every caller binds each
    /// parameter, and SQLite then reuses each value's buffer instead of a free and a malloc per
    /// value and row.
    public func statement(static sql: StaticString) throws(SQLiteError) -> SQLiteStatement {
        let key = Int(bitPattern: sql.utf8Start)
        if let cached = staticCache[key] {
            cached.rewind()
            return cached
        }
        let text = sql.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        let statement = try SQLiteStatement(connection: self, sql: text)
        staticCache[key] = statement
        return statement
    }

    public var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// SQLite's default: a commit that leaves this many pages in the log copies them back.
    public static let defaultAutoCheckpointPages: Int32 = 1000

    /// Sets the log size (pages) at which a commit checkpoints; 0 turns that off.
    public func setAutoCheckpoint(pages: Int32) {
        sqlite3_wal_autocheckpoint(handle, pages)
    }

    /// Copies committed log frames into the database without waiting for readers or writers
    /// (PASSIVE).
    public func checkpoint() throws(SQLiteError) {
        let status = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        if status != SQLITE_OK { throw SQLiteError(code: status, message: lastErrorMessage, sql: "checkpoint") }
    }

    /// Runs `body` inside a deferred transaction that only reads: its queries see one snapshot,
    /// and the file is locked once instead of once a statement.
    public func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any throw rolls back and the first error
    /// is rethrown even if the rollback fails too.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// Owns one `sqlite3_stmt*`; binds by 1-based index, steps row by row.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let connection: SQLiteConnection
    public let sql: String
    /// One buffer per parameter holding the text last bound to it, bound without SQLite copying
    /// it (`SQLITE_STATIC`). SQLite frees its own copy of a parameter's text whenever the
    /// parameter is bound again and allocates a new one: a `malloc` and a `free` per text column
    /// per imported row. A parameter's buffer changes only while that parameter is bound again,
    /// which replaces the binding, so SQLite never reads a buffer that is being rewritten; the
    /// buffers are freed after the statement is finalized.
    private let textBuffers: UnsafeMutablePointer<UnsafeMutableRawBufferPointer>
    private let parameterCount: Int

    /// The corresponding C function is `sqlite3_prepare_v3`.
    init(connection: SQLiteConnection, sql: String) throws(SQLiteError) {
        var prepared: OpaquePointer?
        let status = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard status == SQLITE_OK, let prepared else {
            throw SQLiteError(code: status, message: connection.lastErrorMessage, sql: sql)
        }
        statement = prepared
        self.connection = connection
        self.sql = sql
        parameterCount = Int(sqlite3_bind_parameter_count(prepared))
        textBuffers = .allocate(capacity: parameterCount + 1)
        textBuffers.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: parameterCount + 1)
    }

    deinit {
        sqlite3_finalize(statement)
        for index in 0...parameterCount { textBuffers[index].deallocate() }
        textBuffers.deallocate()
    }

    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Resets without clearing the bindings (see `SQLiteConnection.statement(static:)`).
    func rewind() {
        sqlite3_reset(statement)
    }

    /// Binds values in order (`nil` binds NULL); returns self for chaining.
    @discardableResult
    public func bind(_ values: [SQLiteValue?]) throws(SQLiteError) -> SQLiteStatement {
        precondition(values.count == Int(sqlite3_bind_parameter_count(statement)), "bind count mismatch for \(sql)")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case nil: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = bindText(text, at: index)
            }
            if status != SQLITE_OK {
                throw SQLiteError(code: status, message: connection.lastErrorMessage, sql: sql)
            }
        }
        return self
    }

    /// Binds one value by 1-based index, without the array `bind(_:)` builds: for statements
    /// run once per imported row. `nil` binds NULL.
    @discardableResult
    public func bind(_ index: Int32, _ text: String?) throws(SQLiteError) -> SQLiteStatement {
        let status = if let text { bindText(text, at: index) } else { sqlite3_bind_null(statement, index) }
        if status != SQLITE_OK { throw SQLiteError(code: status, message: connection.lastErrorMessage, sql: sql) }
        return self
    }

    @discardableResult
    public func bind(_ index: Int32, _ integer: Int?) throws(SQLiteError) -> SQLiteStatement {
        let status = integer.map { sqlite3_bind_int64(statement, index, Int64($0)) } ?? sqlite3_bind_null(statement, index)
        if status != SQLITE_OK { throw SQLiteError(code: status, message: connection.lastErrorMessage, sql: sql) }
        return self
    }

    /// Copies the string's UTF-8 bytes into the parameter's buffer (grown when too small) and
    /// binds them there; see `textBuffers`.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        text.withUTF8Bytes { bytes in
            guard index >= 1, Int(index) <= parameterCount else {
                return sqlite3_bind_text(statement, index, "", 0, kaowu_sqlite_transient())  // SQLITE_RANGE
            }
            var buffer = textBuffers[Int(index)]
            if buffer.count < max(bytes.count, 1) {
                buffer.deallocate()
                buffer = .allocate(byteCount: max(bytes.count * 2, 32), alignment: 1)
                textBuffers[Int(index)] = buffer
            }
            buffer.copyMemory(from: UnsafeRawBufferPointer(bytes))
            return sqlite3_bind_text(
                statement, index, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        }
    }

    /// Steps to completion, for INSERT/UPDATE/DELETE.
    public func run() throws(SQLiteError) {
        while try step() {}
        sqlite3_reset(statement)
    }

    /// Advances one row; true while a row is available.
    public func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: status, message: connection.lastErrorMessage, sql: sql)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Collects every row through `map`, which may refuse a row it cannot decode.
    public func rows<T>(_ map: (SQLiteStatement) throws -> T) throws -> [T] {
        defer { sqlite3_reset(statement) }
        var result: [T] = []
        while try step() { result.append(try map(self)) }
        return result
    }

    /// The first row through `map`, or nil.
    public func first<T>(_ map: (SQLiteStatement) throws -> T) throws -> T? {
        defer { sqlite3_reset(statement) }
        return try step() ? try map(self) : nil
    }

    /// Where a result column comes from, for messages: its table (when it is a table's column)
    /// and its name.
    public func origin(ofColumn column: Int) -> (table: String?, column: String) {
        let table = sqlite3_column_table_name(statement, Int32(column)).map { String(cString: $0) }
        let name = sqlite3_column_origin_name(statement, Int32(column)) ?? sqlite3_column_name(statement, Int32(column))
        return (table, name.map { String(cString: $0) } ?? "#\(column)")
    }

    /// The column's text as bytes valid until the next step, or nil for NULL.
    func textBytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(statement, Int32(column)) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, Int32(column))))
    }

    public func text(_ column: Int) -> String? {
        guard let pointer = sqlite3_column_text(statement, Int32(column)) else { return nil }
        return String(cString: pointer)
    }

    public func integer(_ column: Int) -> Int64? {
        sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, Int32(column))
    }

    public func real(_ column: Int) -> Double? {
        sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL ? nil : sqlite3_column_double(statement, Int32(column))
    }
}

/// A value to bind.
public enum SQLiteValue: Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
}

extension SQLiteValue {
    public static func of(_ text: String?) -> SQLiteValue? { text.map { .text($0) } }
    public static func of(_ number: Int?) -> SQLiteValue? { number.map { .integer(Int64($0)) } }
    public static func of(_ number: Double?) -> SQLiteValue? { number.map { .real($0) } }
}
