public import Domain
public import Foundation

/// A file taken from a drop folder, as the watcher's queue holds it.
public struct DropFile: Sendable, Equatable {
    public var id: Int64
    /// The kind folder relative to `ROOT/drop` (`schools/S4101001/candidates`).
    public var folder: String
    /// Its name in the folder's `processing/`.
    public var name: String
    public var kind, tenant: String
    public var state: DropFileState
    public var attempts: Int
}

public enum DropFileState: String, Sendable {
    /// Taken in, waiting for (or held by) a watcher.
    case queued
    /// Imported: its rows and record committed with this state.
    case done
    /// Refused (its own fault), a copy of bytes already imported, or given up after retries.
    case failed
}

/// The watcher's queue. Every change is one statement or one transaction, so watchers in other
/// processes see a file in exactly one state; `claim` is the `SELECT … FOR UPDATE SKIP LOCKED` of
/// a server database, here one `UPDATE … WHERE` inside SQLite's single writer.
extension Store {
    /// Takes in a file moved to `processing/`; nil when that name is already queued there.
    public func acceptDropFile(folder: String, name: String, kind: String, tenant: String, at time: Date) throws -> Int64? {
        try connection.statement(
            """
            INSERT INTO drop_files (folder, name, kind, tenant, state, received_at) VALUES (?, ?, ?, ?, 'queued', ?)
            ON CONFLICT (folder, name) DO NOTHING
            """
        ).bind([.text(folder), .text(name), .text(kind), .text(tenant), .text(Clock.isoString(time))]).run()
        return connection.changes == 1 ? connection.lastInsertRowID : nil
    }

    /// Claims the oldest queued file nobody holds (or whose holder's lease ran out) for `owner`
    /// until `until`; nil when there is none.
    /// Files of one folder are claimed one at a time in arrival order: only the oldest queued
    /// file of a folder is claimable, and only while no watcher holds it (`skipping`: folders
    /// this watcher is busy with).
    public func claimDropFile(owner: String, now: Date, until: Date, skipping busy: Set<String> = []) throws -> DropFile? {
        try transaction {
            guard let candidate = try claimable(now: now, skipping: busy) else { return nil }
            try connection.statement(
                "UPDATE drop_files SET lease_owner = ?, lease_expires = ?, attempts = attempts + 1 WHERE id = ?"
            ).bind([.text(owner), .text(Clock.isoString(until)), .of(candidate)]).run()
            return try dropFile(id: Int64(candidate))
        }
    }

    /// The file `claimDropFile` would take now, without taking it.
    public func nextClaimable(now: Date) throws -> DropFile? {
        try claimable(now: now, skipping: []).flatMap { try dropFile(id: Int64($0)) }
    }

    private func claimable(now: Date, skipping busy: Set<String>) throws -> Int? {
        let heads = try connection.statement(
            """
            SELECT d.id, d.folder FROM drop_files d
            WHERE d.state = 'queued' AND (d.lease_expires IS NULL OR d.lease_expires < ?1)
              AND (d.not_before IS NULL OR d.not_before <= ?1)
              AND NOT EXISTS (SELECT 1 FROM drop_files x WHERE x.folder = d.folder AND x.state = 'queued' AND x.id < d.id)
            ORDER BY d.id
            """
        ).bind([.text(Clock.isoString(now))]).rows { (try $0.int(0), try $0.string(1)) }
        return heads.first { !busy.contains($0.1) }?.0
    }

    public func dropFile(id: Int64) throws -> DropFile? {
        try connection.statement(
            "SELECT id, folder, name, kind, tenant, state, attempts FROM drop_files WHERE id = ?"
        ).bind([.integer(id)]).first { row in
            DropFile(
                id: Int64(try row.int(0)), folder: try row.string(1), name: try row.string(2), kind: try row.string(3),
                tenant: try row.string(4), state: try row.value(5, as: DropFileState.self), attempts: try row.int(6))
        }
    }

    /// The record that already holds these bytes from this folder, if any.
    public func doneRecord(folder: String, sha256: String) throws -> String? {
        try connection.statement("SELECT record_id FROM drop_files WHERE folder = ? AND sha256 = ? AND state = 'done'")
            .bind([.text(folder), .text(sha256)]).first { row in row.text(0) } ?? nil
    }

    /// Marks a file held by `owner` finished; false when `owner` no longer holds it (its lease
    /// ran out and another watcher took it), so the caller's transaction must roll back.
    public func finishDropFile(
        id: Int64, owner: String, state: DropFileState, sha256: String?, recordID: String?, result: String, at time: Date
    ) throws -> Bool {
        try connection.statement(
            """
            UPDATE drop_files SET state = ?, sha256 = ?, record_id = ?, result = ?, finished_at = ?, lease_owner = NULL,
              lease_expires = NULL
            WHERE id = ? AND lease_owner = ? AND state = 'queued'
            """
        ).bind([
            .text(state.rawValue), .of(sha256), .of(recordID), .text(result), .text(Clock.isoString(time)), .integer(id), .text(owner),
        ]).run()
        return connection.changes == 1
    }

    /// Gives a file held by `owner` back to the queue, not to be taken before `notBefore` (a
    /// failure that was not the file's fault, retried with backoff).
    public func releaseDropFile(id: Int64, owner: String, notBefore: Date) throws {
        try connection.statement(
            "UPDATE drop_files SET lease_owner = NULL, lease_expires = NULL, not_before = ? WHERE id = ? AND lease_owner = ?"
        ).bind([.text(Clock.isoString(notBefore)), .integer(id), .text(owner)]).run()
    }

    /// Finished files (done or failed) of `folder`: where their results go once moved.
    public func finishedDropFiles(folder: String) throws -> [(name: String, state: DropFileState, result: String?, recordID: String?)] {
        try connection.statement("SELECT name, state, result, record_id FROM drop_files WHERE folder = ? AND state != 'queued'")
            .bind([.text(folder)]).rows { row in
                (try row.string(0), try row.value(1, as: DropFileState.self), row.text(2), row.text(3))
            }
    }

    /// The names `folder` has queued or finished (a file in `processing/` not among them was moved
    /// there by a watcher that died before taking it in).
    public func knownDropNames(folder: String) throws -> Set<String> {
        Set(try connection.statement("SELECT name FROM drop_files WHERE folder = ?").bind([.text(folder)]).rows { try $0.string(0) })
    }

    /// The files some watcher holds, with the holder (`host:pid:tag`).
    public func heldDropFiles() throws -> [(id: Int64, owner: String)] {
        try connection.statement("SELECT id, lease_owner FROM drop_files WHERE state = 'queued' AND lease_owner IS NOT NULL")
            .rows { (Int64(try $0.int(0)), try $0.string(1)) }
    }

    /// Every school and organization code: each has drop folders.
    public func tenantCodes() throws -> (schools: [String], organizations: [String]) {
        (
            try connection.statement("SELECT code FROM schools ORDER BY code").rows { try $0.string(0) },
            try connection.statement("SELECT code FROM organizations ORDER BY code").rows { try $0.string(0) }
        )
    }
}
