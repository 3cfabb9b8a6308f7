public import Domain
public import Foundation

/// The data root's database: one connection, migrated on open. Queries that touch a tenant's
/// data take the school code as a parameter.
public final class Store {
    public let connection: SQLiteConnection
    public let path: String

    public init(path: String) throws {
        self.path = path
        do {
            connection = try SQLiteConnection(path: path)
            try connection.migrate()
        } catch let error as SQLiteError {
            throw KaowuError(.storeOpen, "无法打开数据库 \(path)", cause: error.description)
        }
    }

    /// Runs `body` in one immediate transaction: everything commits together or nothing does.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.inTransaction(body)
    }

    /// Runs `body` in one transaction like `transaction`, but the commit does not copy the
    /// write-ahead log into the database (hundreds of MB after a 1M-row import): the caller runs
    /// `checkpoint(path:)` on a thread of its own while it writes its outputs, and waits for it
    /// before this store closes. A failed checkpoint loses nothing (the log stays valid and the
    /// next checkpoint copies it).
    public func transactionWithoutCheckpoint<T>(_ body: () throws -> T) throws -> T {
        connection.setAutoCheckpoint(pages: 0)
        defer { connection.setAutoCheckpoint(pages: SQLiteConnection.defaultAutoCheckpointPages) }
        return try connection.inTransaction(body)
    }

    /// Copies the committed log of the database at `path` into it, on a connection of its own.
    public static func checkpoint(path: String) throws {
        try SQLiteConnection(path: path).checkpoint()
    }

    /// Runs `body`'s reads against one snapshot of the store (a render reads thousands of rows
    /// and should not see a schedule change half-way).
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        try connection.inReadTransaction(body)
    }

    /// Runs `body` in a transaction that is always rolled back (for `--dry-run`), returning its result.
    public func rolledBack<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN IMMEDIATE")
        defer { try? connection.execute("ROLLBACK") }
        return try body()
    }
}

// MARK: - Candidates

extension Store {
    /// Who holds this ID number, if anyone (any school: the caller decides what it may reveal).
    public func candidateOwnership(idNumber: String) throws -> CandidateOwnership? {
        try connection.statement(
            static: "SELECT school_code, status, name, id_type, record_id, updated_by_record, photo FROM candidates WHERE id_number = ?"
        )
        .bind([.text(idNumber)])
        .first { row in
            CandidateOwnership(
                schoolCode: try row.string(0), status: try row.value(1, as: CandidateStatus.self),
                name: try row.string(2), idType: try row.value(3, as: IDType.self),
                createdByRecord: try row.string(4), updatedByRecord: row.text(5), photo: row.text(6))
        }
    }

    /// Inserts a new candidate unless its ID number is registered; false when it was.
    public func insertCandidateIfAbsent(_ candidate: Candidate, recordID: String) throws -> Bool {
        try connection.statement(
            static:
                """
                INSERT INTO candidates (id_number, id_type, school_code, category, name, pinyin, mobile, major,
                  major_level, entrance_year, employer, status, record_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_number) DO NOTHING
                """
        )
        .bind(1, candidate.idNumber).bind(2, candidate.idType.rawValue).bind(3, candidate.schoolCode)
        .bind(4, candidate.category.rawValue).bind(5, candidate.name).bind(6, candidate.pinyin).bind(7, candidate.mobile)
        .bind(8, candidate.major).bind(9, candidate.majorLevel?.rawValue).bind(10, candidate.entranceYear)
        .bind(11, candidate.employer).bind(12, candidate.status.rawValue).bind(13, recordID)
        .run()
        return connection.changes > 0
    }

    /// Updates the editable details of a candidate of `schoolCode`; identity columns included
    /// only when the caller has checked the lock.
    public func updateCandidate(_ candidate: Candidate, recordID: String) throws {
        try connection.statement(
            static:
                """
                UPDATE candidates SET id_type = ?, name = ?, pinyin = ?, mobile = ?, major = ?, major_level = ?,
                  entrance_year = ?, employer = ?, category = ?, updated_by_record = ?
                WHERE id_number = ? AND school_code = ?
                """
        ).bind([
            .text(candidate.idType.rawValue), .text(candidate.name), .text(candidate.pinyin), .text(candidate.mobile),
            .of(candidate.major), .of(candidate.majorLevel?.rawValue), .of(candidate.entranceYear), .of(candidate.employer),
            .text(candidate.category.rawValue), .text(recordID), .text(candidate.idNumber), .text(candidate.schoolCode),
        ]).run()
    }

    /// The candidates of one school, in ID order.
    public func candidates(schoolCode: String) throws -> [Candidate] {
        try connection.statement(
            """
            SELECT id_number, id_type, category, name, pinyin, mobile, major, major_level, entrance_year, employer, status
            FROM candidates WHERE school_code = ? ORDER BY id_number
            """
        ).bind([.text(schoolCode)]).rows { row in
            Candidate(
                schoolCode: schoolCode, category: try row.value(2, as: CandidateCategory.self),
                name: try row.string(3), pinyin: try row.string(4),
                idType: try row.value(1, as: IDType.self), idNumber: try row.string(0),
                mobile: try row.string(5), major: row.text(6), majorLevel: try row.optionalValue(7, as: MajorLevel.self),
                entranceYear: row.integer(8).map(Int.init), employer: row.text(9),
                status: try row.value(10, as: CandidateStatus.self))
        }
    }

    /// The photo a candidate points at (a path relative to the data root), if any.
    public func candidatePhoto(idNumber: String) throws -> String? {
        try connection.statement(static: "SELECT photo FROM candidates WHERE id_number = ?").bind([.text(idNumber)])
            .first { $0.text(0) }
            .flatMap { $0 }
    }

    /// Points a candidate of `schoolCode` at a stored photo and sets its status.
    public func setCandidatePhoto(idNumber: String, schoolCode: String, photo: String, status: CandidateStatus, recordID: String)
        throws
    {
        try connection.statement(
            static: "UPDATE candidates SET photo = ?, status = ?, updated_by_record = ? WHERE id_number = ? AND school_code = ?"
        ).bind([.text(photo), .text(status.rawValue), .text(recordID), .text(idNumber), .text(schoolCode)]).run()
    }

    public func setCandidateStatus(idNumber: String, schoolCode: String, status: CandidateStatus) throws {
        try connection.statement(static: "UPDATE candidates SET status = ? WHERE id_number = ? AND school_code = ?")
            .bind([.text(status.rawValue), .text(idNumber), .text(schoolCode)]).run()
    }

    /// How many candidates point at a stored photo (a replaced photo is deleted at zero).
    public func photoReferenceCount(_ photo: String) throws -> Int {
        Int(
            try connection.statement("SELECT count(*) FROM candidates WHERE photo = ?").bind([.text(photo)]).first { $0.integer(0) ?? 0 }
                ?? 0)
    }

    /// A page of a school's candidates in one status, after `afterID` in ID order: lets a job
    /// walk and update thousands of candidates with bounded memory.
    public func candidatePage(schoolCode: String, status: CandidateStatus, afterID: String, limit: Int) throws
        -> [(idNumber: String, idType: IDType, photo: String?)]
    {
        try connection.statement(
            """
            SELECT id_number, id_type, photo FROM candidates
            WHERE school_code = ? AND status = ? AND id_number > ? ORDER BY id_number LIMIT ?
            """
        ).bind([.text(schoolCode), .text(status.rawValue), .text(afterID), .integer(Int64(limit))]).rows { row in
            (try row.string(0), try row.value(1, as: IDType.self), row.text(2))
        }
    }

    public func enrollmentCount(idNumber: String) throws -> Int {
        Int(
            try connection.statement(
                """
                SELECT count(*) FROM enrollments
                WHERE school_code = (SELECT school_code FROM candidates WHERE id_number = ?1) AND id_number = ?1
                """
            ).bind([.text(idNumber)])
                .first { $0.integer(0) ?? 0 } ?? 0)
    }

    /// Deletes a candidate of `schoolCode`; false when there was none.
    public func deleteCandidate(idNumber: String, schoolCode: String) throws -> Bool {
        try connection.statement("DELETE FROM candidates WHERE id_number = ? AND school_code = ?")
            .bind([.text(idNumber), .text(schoolCode)]).run()
        return connection.changes > 0
    }

    public func candidateCount(schoolCode: String) throws -> Int {
        Int(
            try connection.statement("SELECT count(*) FROM candidates WHERE school_code = ?")
                .bind([.text(schoolCode)]).first { $0.integer(0) ?? 0 } ?? 0)
    }
}

// MARK: - Import records

extension Store {
    public func insertRecord(_ record: ImportRecord) throws {
        try connection.statement(
            """
            INSERT INTO import_records (id, kind, file_name, sha256, tenant, operator, started_at, finished_at,
              total, succeeded, failed, warnings, status, failed_rows_file, refusal)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind([
            .text(record.id), .text(record.kind), .text(record.fileName), .text(record.sha256), .text(record.tenant),
            .text(record.operatorName), .text(Clock.isoString(record.startedAt)), .text(Clock.isoString(record.finishedAt)),
            .integer(Int64(record.total)), .integer(Int64(record.succeeded)), .integer(Int64(record.failed)),
            .integer(Int64(record.warnings)), .text(record.status.rawValue), .of(record.failedRowsFile), .of(record.refusal),
        ]).run()
    }

    /// Stores one failure or warning of a record; `seq` keeps the order they were found in.
    public func insertFailure(_ failure: Failure, recordID: String, seq: Int, warning: Bool) throws {
        try connection.statement(
            static:
                """
                INSERT INTO import_failures (record_id, seq, row, column_name, value, code, message, severity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).bind([
            .text(recordID), .integer(Int64(seq)), .integer(Int64(failure.row)), .text(failure.column),
            .text(failure.value), .text(failure.code.rawValue), .text(failure.reason), .text(warning ? "warning" : "error"),
        ]).run()
    }

    public func record(id: String) throws -> ImportRecord? {
        try connection.statement(Store.recordSelect + " WHERE id = ?").bind([.text(id)]).first(Store.decodeRecord)
    }

    /// Records of one tenant (or all, for the operator), newest first.
    /// The newest records first, of one tenant, kind and status, started at or after `since`,
    /// each filter when given.
    public func records(
        tenant: String?, kind: String? = nil, status: ImportStatus? = nil, since: Date? = nil, limit: Int
    ) throws -> [ImportRecord] {
        try connection.statement(
            Store.recordSelect
                + """
                 WHERE (?1 IS NULL OR tenant = ?1) AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR status = ?3)
                  AND (?4 IS NULL OR julianday(started_at) >= julianday(?4))
                ORDER BY started_at DESC, id DESC LIMIT ?5
                """
        ).bind([.of(tenant), .of(kind), .of(status?.rawValue), .of(since.map(Clock.isoString)), .integer(Int64(limit))])
            .rows(Store.decodeRecord)
    }

    /// The first `limit` failures of a record, in the order found.
    public func failures(recordID: String, limit: Int) throws -> [Failure] {
        try connection.statement(
            "SELECT row, column_name, value, code, message FROM import_failures WHERE record_id = ? ORDER BY seq LIMIT ?"
        ).bind([.text(recordID), .integer(Int64(limit))]).rows { row in
            Failure(
                code: FailureCode(try row.string(3)), row: try row.int(0), column: try row.string(1), value: try row.string(2),
                reason: try row.string(4))
        }
    }

    /// How many failures of each code a record has, most first.
    public func failureCounts(recordID: String) throws -> [(code: String, count: Int)] {
        try connection.statement(
            "SELECT code, count(*) FROM import_failures WHERE record_id = ? GROUP BY code ORDER BY 2 DESC, 1"
        ).bind([.text(recordID)]).rows { (try $0.string(0), try $0.int(1)) }
    }

    /// Failures (and warnings) of a record in the order found, streamed to `body`.
    public func forEachFailure(recordID: String, _ body: (Failure, Bool) throws -> Void) throws {
        let statement = try connection.statement(
            "SELECT row, column_name, value, code, message, severity FROM import_failures WHERE record_id = ? ORDER BY seq")
        try statement.bind([.text(recordID)])
        while try statement.step() {
            let failure = Failure(
                code: FailureCode(try statement.string(3)), row: try statement.int(0),
                column: try statement.string(1), value: try statement.string(2), reason: try statement.string(4))
            try body(failure, statement.text(5) == "warning")
        }
    }

    private static let recordSelect = """
        SELECT id, kind, file_name, sha256, tenant, operator, started_at, finished_at, total, succeeded, failed,
          warnings, status, failed_rows_file, refusal FROM import_records
        """

    private static func decodeRecord(_ row: SQLiteStatement) throws -> ImportRecord {
        let parse = { (text: String?) in text.flatMap { Clock.parse($0)?.now } ?? Date(timeIntervalSince1970: 0) }
        return ImportRecord(
            id: try row.string(0), kind: try row.string(1), fileName: try row.string(2), sha256: try row.string(3),
            tenant: try row.string(4), operatorName: try row.string(5), startedAt: parse(row.text(6)),
            finishedAt: parse(row.text(7)), total: try row.int(8), succeeded: try row.int(9),
            failed: try row.int(10), warnings: try row.int(11),
            status: try row.value(12, as: ImportStatus.self), failedRowsFile: row.text(13), refusal: row.text(14))
    }
}
