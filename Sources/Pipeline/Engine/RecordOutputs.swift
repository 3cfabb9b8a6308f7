import Domain
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An import's files beside its record (failed rows, result, SMS outbox) are complete and on
/// disk *before* the record commits, so what a record reports is always there. They are written
/// to a staging directory (`records/.tmp-<id>.d`) and renamed to `records/<id>` once the record
/// is committed. A crash leaves at most a staging directory and temporaries: the next time the
/// data root is opened, a staging directory whose record committed is moved into place (rolled
/// forward) and everything else is removed. Committed records are never looked at, so opening a
/// root costs one directory listing, not a lookup per record.
enum RecordOutputs {
    /// Every name this import owns under `records/` starts with one of these and its id.
    static let temporaryPrefix = ".tmp-"
    static let lockPrefix = ".lock-"
    static let stagingSuffix = ".d"
    /// `R20261123-100000-9e9a9282`.
    static let idLength = 25

    /// Where an import's files wait for its commit.
    static func stagingDirectory(root: DataRoot, id: String) -> String {
        root.recordsPath + "/" + temporaryPrefix + id + stagingSuffix
    }

    /// Moves a committed record's staged files into `records/<id>`.
    static func install(root: DataRoot, id: String) throws {
        try DurableFile.rename(stagingDirectory(root: root, id: id), to: root.recordDirectory(id))
        try DurableFile.sync(root.recordsPath)
    }

    /// Moves the finished failed-rows workbook (when rows failed) and writes result.json into
    /// `directory`, then `extra` (kind-specific files), syncing files and directories.
    static func publish(
        record: ImportRecord, failedRows temporary: String?, to directory: String, extra: (String) throws -> Void
    ) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if let temporary {
                try DurableFile.sync(temporary)
                try DurableFile.rename(temporary, to: directory + "/failed-rows.xlsx")
            }
            let data = Data(try JSONOutput.encode(RecordSummary(record)).utf8)
            let resultTemporary = directory + "/.result.json.tmp"
            try data.write(to: URL(fileURLWithPath: resultTemporary))
            try DurableFile.sync(resultTemporary)
            try DurableFile.rename(resultTemporary, to: directory + "/result.json")
            try extra(directory)
            try DurableFile.sync(directory)
            try DurableFile.sync((directory as NSString).deletingLastPathComponent)
        } catch {
            throw KaowuError.explain(error, code: .recordWrite, message: "无法写入导入记录的文件（失败数据、结果），导入未做任何修改")
        }
    }

    /// Finishes or removes what crashed imports left under `records/`: the staged files of a
    /// record that committed are moved into place, any other staging directory or temporary is
    /// removed. An import still running holds its lock file and is left alone, so several
    /// processes may share a data root.
    static func sweep(root: DataRoot, store: Store) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.recordsPath) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            let id = String(name.dropFirst(temporaryPrefix.count).prefix(idLength))
            guard id.count == idLength, ImportLock.isAbandoned(root: root, id: id) else { continue }
            if name == temporaryPrefix + id + stagingSuffix, ((try? store.record(id: id)) ?? nil) != nil {
                try? install(root: root, id: id)
            } else {
                try? FileManager.default.removeItem(atPath: root.recordsPath + "/" + name)
            }
        }
        for name in names where name.hasPrefix(lockPrefix) {
            let id = String(name.dropFirst(lockPrefix.count))
            if ImportLock.isAbandoned(root: root, id: id) { unlink(root.recordsPath + "/" + name) }
        }
    }
}
