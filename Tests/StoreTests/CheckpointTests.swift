import Domain
import Foundation
import TestSupport
import Testing

@testable import Store

/// A transaction committed without a checkpoint: its rows are committed at once, the log is
/// copied back by a checkpoint on another connection, and the connection's own checkpointing
/// returns.
@Suite struct CheckpointTests {
    @Test func rowsCommitAndTheLogIsCopiedBack() throws {
        try withStore { store, directory in
            try store.upsert(School(code: "S1", name: "某学院", province: "河南省", contact: nil, phone: nil, siteHead: nil, stampPath: nil))
            let inserted = try store.transactionWithoutCheckpoint {
                var count = 0
                for number in 0..<3000 where try store.insertCandidateIfAbsent(candidate(String(format: "ID%016d", number)), recordID: "R1")
                {
                    count += 1
                }
                return count
            }
            #expect(inserted == 3000)
            try Store.checkpoint(path: store.path)
            let wal = (try? FileManager.default.attributesOfItem(atPath: directory + "/k.sqlite-wal")[.size] as? Int) ?? 0
            let database = try FileManager.default.attributesOfItem(atPath: directory + "/k.sqlite")[.size] as? Int ?? 0
            #expect(database > 3000 * 100)
            #expect(wal > 0)  // the log is kept (and reused), its frames now in the database
            let other = try Store(path: directory + "/k.sqlite")
            let stored = try other.connection.statement("SELECT count(*) FROM candidates").first { $0.integer(0) ?? 0 }
            #expect(stored == 3000)
            let pages = try store.connection.statement("PRAGMA wal_autocheckpoint").first { $0.integer(0) ?? 0 }
            #expect(pages == Int64(SQLiteConnection.defaultAutoCheckpointPages))
        }
    }

    /// The enrollment import's candidate reader holds one read transaction; until it ends, no
    /// checkpoint can copy what was committed after it began.
    @Test func aCandidateReaderHoldsTheLogBackUntilItEndsReading() throws {
        try withStore { store, directory in
            try store.upsert(School(code: "S1", name: "某学院", province: "河南省", contact: nil, phone: nil, siteHead: nil, stampPath: nil))
            try Store.checkpoint(path: store.path)  // the log holds nothing older than the reader
            let reader = try EnrollmentCandidateReader(store: Store(path: directory + "/k.sqlite"))
            #expect(try reader.candidate(idNumber: "ID0") == nil)
            try store.transactionWithoutCheckpoint {
                for number in 0..<3000 {
                    _ = try store.insertCandidateIfAbsent(candidate(String(format: "ID%016d", number)), recordID: "R1")
                }
            }
            func databaseBytes() throws -> Int {
                try FileManager.default.attributesOfItem(atPath: directory + "/k.sqlite")[.size] as? Int ?? 0
            }
            let before = try databaseBytes()
            try Store.checkpoint(path: store.path)
            #expect(try databaseBytes() == before)
            reader.endReading()
            try Store.checkpoint(path: store.path)
            #expect(try databaseBytes() > before + 3000 * 100)
            #expect(try reader.candidate(idNumber: String(format: "ID%016d", 7)) != nil)  // a new read sees the commit
        }
    }
}
