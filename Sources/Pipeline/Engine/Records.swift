public import Domain
public import Foundation
import Render
import Store

/// Reading import records back: list, show with failures, and hand out the failed-rows file.
public enum Records {
    public static func list(
        root: DataRoot, tenant: String?, kind: String? = nil, status: ImportStatus? = nil, since: Date? = nil, limit: Int
    ) throws -> [ImportRecord] {
        try root.openStore().records(tenant: tenant, kind: kind, status: status, since: since, limit: limit)
    }

    /// The record and a cursor over its failures; `tenant` (when given) must own the record.
    public static func show(root: DataRoot, id: String, tenant: String?, _ body: (ImportRecord, FailureCursor) throws -> Void) throws {
        let store = try root.openStore()
        guard let record = try store.record(id: id), tenant == nil || record.tenant == tenant else {
            throw KaowuError(.recordNotFound, "找不到导入记录 \(id)")
        }
        try body(record, { try store.forEachFailure(recordID: id, $0) })
    }

    /// Copies a record's failed-rows workbook to `destination` (an `OutputFile`: only a
    /// regular file there is ever replaced).
    public static func copyFailedRows(root: DataRoot, id: String, tenant: String?, to destination: String) throws {
        let output = try OutputFile(destination, dataRoot: root.path)
        try show(root: root, id: id, tenant: tenant) { record, _ in
            guard let relative = record.failedRowsFile else {
                throw KaowuError(.recordNoFailures, "导入记录 \(id) 没有失败的行")
            }
            let source = root.path + "/" + relative
            guard FileManager.default.fileExists(atPath: source) else {
                throw KaowuError(.recordFileMissing, "导入记录 \(id) 的失败数据文件不存在：\(relative)")
            }
            try output.write { temporary in
                do {
                    // Copied by the file system, not through memory: a workbook may hold a million rows.
                    try FileManager.default.removeItem(atPath: temporary)
                    try FileManager.default.copyItem(atPath: source, toPath: temporary)
                } catch {
                    throw KaowuError.explain(error, code: .outputWrite, message: "无法写入“\(destination)”，请检查磁盘空间和权限")
                }
            }
        }
    }

    /// Writes the review site of the records of `tenant` (or all) into `directory`
    /// (`kaowu records html`; the watcher keeps `ROOT/review/<tenant>/` up to date).
    public static func html(root: DataRoot, tenant: String?, to directory: String) throws -> Int {
        let output = try OutputDirectory(directory, dataRoot: root.path)
        return try writeReview(root: root, store: try root.openStore(), tenant: tenant, to: output.path, pages: nil)
    }

    static func writeReview(root: DataRoot, store: Store, tenant: String?, to directory: String, pages: Set<String>?) throws -> Int {
        let records = try store.records(tenant: tenant, limit: 10_000).filter { $0.status != .dryRun }
        let entries = try records.map { record in
            let wanted = pages == nil || pages?.contains(record.id) == true
            return ReviewRecord(
                record: record, failures: wanted ? try store.failures(recordID: record.id, limit: ReviewSite.failuresShown) : [],
                failureCount: record.failed, countsByCode: try store.failureCounts(recordID: record.id),
                failedRowsPath: record.failedRowsFile.map { root.path + "/" + $0 })
        }
        try ReviewSite.write(entries, title: tenant.map { "\($0) 的导入记录" } ?? "全部导入记录", to: directory, pages: pages)
        return records.count
    }
}
