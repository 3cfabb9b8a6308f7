import CSQLite
import Domain
import Foundation
import TestSupport
import Testing

@testable import Store

func withStore<T>(_ body: (Store, String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in try body(try Store(path: directory + "/k.sqlite"), directory) }
}

func candidate(_ id: String, school: String = "S1") -> Candidate {
    Candidate(
        schoolCode: school, category: .school, name: "张三", pinyin: "zhang san", idType: .residentID, idNumber: id,
        mobile: "13800138000", major: "软件技术", majorLevel: .higherVocational, entranceYear: 2024, employer: nil, status: .noPhoto)
}

@Suite struct StoreTests {
    func seed(_ store: Store) throws {
        try store.upsert(School(code: "S1", name: "某学院", province: "河南省", contact: nil, phone: nil, siteHead: nil, stampPath: nil))
    }

    /// Text is bound from the statement's own per-parameter buffers: each row keeps its value
    /// when the next row's value is shorter, longer (the buffer grows) or empty (still text).
    @Test func textBoundRowAfterRowKeepsEachValue() throws {
        try withStore { store, _ in
            try store.connection.execute("CREATE TABLE bound (n INTEGER, a TEXT, b TEXT)")
            let values = ["甲", String(repeating: "长", count: 40), "", "x", nil, "最后"]
            for (number, value) in values.enumerated() {
                try store.connection.statement(static: "INSERT INTO bound (n, a, b) VALUES (?1, ?2, ?3)")
                    .bind(1, number).bind(2, value).bind(3, value.map { $0 + "!" }).run()
            }
            let rows = try store.connection.statement("SELECT a, b, typeof(a) FROM bound ORDER BY n").rows {
                [$0.text(0), $0.text(1), $0.text(2)]
            }
            #expect(rows.map { $0[0] } == values)
            #expect(rows.map { $0[1] } == values.map { $0.map { $0 + "!" } })
            #expect(rows.map { $0[2] } == ["text", "text", "text", "text", "null", "text"])
        }
    }

    @Test func migrationsAreRecordedOnceAndReopenWorks() throws {
        try withStore { store, directory in
            let applied = try store.connection.statement("SELECT count(*) FROM schema_migrations").first { $0.integer(0) ?? 0 }
            #expect(applied == Int64(Migrations.all.count))
            let again = try Store(path: directory + "/k.sqlite")
            #expect(
                try again.connection.statement("SELECT count(*) FROM schema_migrations").first { $0.integer(0) ?? 0 }
                    == Int64(Migrations.all.count))
        }
    }

    @Test func aNewerDatabaseIsRefused() throws {
        try withStore { store, directory in
            try store.connection.execute("INSERT INTO schema_migrations (id) VALUES ('9999-future')")
            #expect(throws: KaowuError.self) { _ = try Store(path: directory + "/k.sqlite") }
        }
    }

    @Test func transactionRollsBackOnThrow() throws {
        try withStore { store, _ in
            try seed(store)
            struct Boom: Error {}
            do {
                try store.transaction {
                    _ = try store.insertCandidateIfAbsent(candidate("A"), recordID: "R1")
                    throw Boom()
                }
                Issue.record("the body's error must propagate")
            } catch {
                #expect(error is Boom)
            }
            #expect(!store.connection.isInTransaction)
            #expect(try store.candidateCount(schoolCode: "S1") == 0)
            try store.transaction { _ = try store.insertCandidateIfAbsent(candidate("A"), recordID: "R1") }
            #expect(try store.candidateCount(schoolCode: "S1") == 1)
        }
    }

    @Test func rolledBackNeverCommits() throws {
        try withStore { store, _ in
            try seed(store)
            let seen = try store.rolledBack {
                _ = try store.insertCandidateIfAbsent(candidate("A"), recordID: "R1")
                return try store.candidateCount(schoolCode: "S1")
            }
            #expect(seen == 1)
            #expect(try store.candidateCount(schoolCode: "S1") == 0)
        }
    }

    @Test func constraintErrorsAreTyped() throws {
        try withStore { store, _ in
            try seed(store)
            #expect(try store.insertCandidateIfAbsent(candidate("A"), recordID: "R1"))
            #expect(try store.insertCandidateIfAbsent(candidate("A"), recordID: "R2") == false, "a taken ID is not inserted")
            do {
                _ = try store.insertCandidateIfAbsent(candidate("B", school: "NO-SUCH-SCHOOL"), recordID: "R2")
                Issue.record("unknown school must fail the foreign key")
            } catch let error as SQLiteError {
                #expect(error.isConstraint)
                #expect(error.code != error.primaryCode)  // extended result codes are on
            }
        }
    }

    @Test func ownershipTellsSchoolAndRecord() throws {
        try withStore { store, _ in
            try seed(store)
            _ = try store.insertCandidateIfAbsent(candidate("A"), recordID: "R7")
            let owner = try #require(try store.candidateOwnership(idNumber: "A"))
            #expect(owner.schoolCode == "S1")
            #expect(owner.createdByRecord == "R7")
            #expect(owner.updatedByRecord == nil)
            #expect(try store.candidateOwnership(idNumber: "Z") == nil)
        }
    }

    @Test func recordsAndFailuresRoundTrip() throws {
        try withStore { store, _ in
            let clock = try #require(Clock.parse("2026-11-23T10:00:00+08:00"))
            let record = ImportRecord(
                id: "R1", kind: "candidates", fileName: "a.xlsx", sha256: String(repeating: "0", count: 64), tenant: "S1",
                operatorName: "t", startedAt: clock.now, finishedAt: clock.now.addingTimeInterval(2), total: 3, succeeded: 2,
                failed: 1, warnings: 0, status: .partial, failedRowsFile: "records/R1/failed-rows.xlsx", refusal: nil)
            try store.transaction {
                try store.insertFailure(
                    Failure(code: .phoneFormat, row: 4, column: "手机号", value: "1", reason: "x"), recordID: "R1", seq: 1, warning: false)
                try store.insertRecord(record)
            }
            #expect(try store.record(id: "R1") == record)
            #expect(try store.records(tenant: "S2", limit: 10).isEmpty)
            var failures: [Failure] = []
            try store.forEachFailure(recordID: "R1") { failure, _ in failures.append(failure) }
            #expect(failures.map(\.code) == [.phoneFormat])
        }
    }
}

/// SQLite failures a user can act on are explained in Chinese with their own codes.
@Suite struct SQLiteErrorExplanationTests {
    @Test func busyFullAndIOErrorsAreExplained() {
        let cases: [(Int32, KaowuError.Code)] = [
            (SQLITE_BUSY, .storeBusy), (SQLITE_LOCKED, .storeBusy), (SQLITE_FULL, .diskFull), (778, .diskIO),
            (SQLITE_CORRUPT, .storeDamaged), (SQLITE_CANTOPEN, .storeUnavailable),
        ]
        for (code, expected) in cases {
            let explained = KaowuError.explain(SQLiteError(code: code, message: "x", sql: nil), code: .failed, message: "generic")
            #expect(explained.code == expected)
            #expect(!explained.message.contains("SQLite"))
        }
        #expect(
            KaowuError.explain(SQLiteError(code: SQLITE_MISUSE, message: "x", sql: nil), code: .failed, message: "m").code == .failed)
    }

    @Test func fileSystemErrorsNameThePath() {
        let missing = CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/x/考生.xlsx"])
        let explained = KaowuError.explain(missing, code: .failed, message: "generic")
        #expect(explained.code == .fileMissing)
        #expect(explained.message.contains("/x/考生.xlsx"))
        let full = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        #expect(KaowuError.explain(full, code: .failed, message: "generic").code == .diskFull)
    }
}
