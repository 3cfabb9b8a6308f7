import Concurrency
import Domain
import Foundation
import Ingest
import Store
import Validate

/// One counted archive entry as the photo kind's input: its place, name and bytes (or why none
/// were read).
struct PhotoInput: Sendable {
    let number: Int
    let entry: PhotoArchive.Entry
    let contents: PhotoArchive.Contents?
}

/// A photo after the pure rules: what the store checks and the write need. The bytes travel
/// only for a photo that passed every pure rule.
struct PhotoDraft: Sendable {
    let number: Int
    let entryName: String
    let idNumber: String?
    let failures: [Failure]
    let bytes: [UInt8]
    let format: ImageFormat?
    let digest: String
}

/// A photo that passed every rule, ready to store.
struct AcceptedPhoto: Sendable {
    let idNumber: String
    let bytes: [UInt8]
    let format: ImageFormat
    let digest: String
    let status: CandidateStatus
    /// The photo the candidate pointed at before, read with its ownership.
    let previous: String?
}

/// 考生照片 (.zip): each entry `<证件号码>.jpg|.jpeg|.png` is one row of the record. Pure rules
/// (format by content, size, pixel size, red background) run with the decoding on every core;
/// the store thread matches the candidate of this school, honours the 信息准确 lock, stores the
/// photo once by content and moves the candidate to 信息待认证.
final class PhotoImport: ImportKind {
    static let columns = ["文件名", CandidateColumns.idNumber]

    let store: Store
    let root: DataRoot
    let schoolCode: String
    let recordID: String
    let dryRun: Bool
    /// Photos replaced by this import: deleted after the commit once nothing points at them.
    private(set) var replaced: Set<String> = []
    /// ID numbers already given a photo by an earlier entry of this archive, with that entry.
    private var seen: [String: Int] = [:]
    private let files: PhotoFiles

    init(store: Store, root: DataRoot, schoolCode: String, recordID: String, dryRun: Bool) {
        self.store = store
        self.root = root
        self.schoolCode = schoolCode
        self.recordID = recordID
        self.dryRun = dryRun
        files = PhotoFiles(root: root.path)
    }

    var schema: TableSchema {
        TableSchema(
            title: "考生照片", sheetNames: ["照片"],
            columns: PhotoImport.columns.map { ColumnSpec($0, required: true) })
    }

    var makePreparer: @Sendable () -> Preparer<PhotoInput, PhotoDraft> { { Preparer(PhotoImport.judge) } }

    /// The pure stage: name, then the bytes as the codec measures them.
    static func judge(_ input: PhotoInput) -> PhotoDraft {
        let name = input.entry.name
        let row = input.number
        func draft(_ failures: [Failure], id: String? = nil) -> PhotoDraft {
            PhotoDraft(number: row, entryName: name, idNumber: id, failures: failures, bytes: [], format: nil, digest: "")
        }
        switch input.entry.kind {
        case .unsupportedExtension(let ext):
            let shown = ext.isEmpty ? "没有扩展名" : "扩展名为 .\(ext)"
            return draft([
                Failure(
                    code: .photoFormat, row: row, column: PhotoRules.column, value: name,
                    reason: "\(shown)，照片应为“证件号码.jpg”、“.jpeg”或“.png”")
            ])
        case .missingIDNumber:
            return draft([
                Failure(
                    code: .photoUnmatched, row: row, column: PhotoRules.column, value: name,
                    reason: "文件名中没有证件号码，照片应命名为“证件号码.jpg”")
            ])
        case .undecodableName:
            return draft([
                Failure(
                    code: .photoUnmatched, row: row, column: PhotoRules.column, value: name,
                    reason: "文件名编码无法识别（既不是 UTF-8 也不是 GBK），请用证件号码重新命名后打包")
            ])
        case .photo(let idNumber, _):
            switch input.contents {
            case .tooLarge(let declared, let inflated)?:
                return draft([PhotoRules.tooLarge(byteCount: max(Int(declared), inflated), entryName: name, row: row)], id: idNumber)
            case .bytes(let bytes)?:
                let facts: PhotoFacts
                do {
                    facts = try PhotoInspector().facts(bytes)
                } catch {
                    return draft([PhotoRules.unreadable(format: error.format, entryName: name, row: row)], id: idNumber)
                }
                let failures = PhotoRules.check(facts, entryName: name, row: row)
                guard failures.isEmpty, let format = facts.format else { return draft(failures, id: idNumber) }
                return PhotoDraft(
                    number: row, entryName: name, idNumber: idNumber, failures: [], bytes: bytes, format: format,
                    digest: SHA256.hex(of: bytes))
            case nil:
                return draft([], id: idNumber)
            }
        }
    }

    func validate(_ draft: PhotoDraft) throws -> Validated<AcceptedPhoto> {
        var failures = draft.failures
        guard let idNumber = draft.idNumber else { return Validated(value: nil, failures: failures, warnings: []) }
        func fail(_ code: FailureCode, _ reason: String) {
            failures.append(Failure(code: code, row: draft.number, column: PhotoRules.column, value: draft.entryName, reason: reason))
        }
        var status = CandidateStatus.pendingVerification
        var previous: String?
        if let first = seen[idNumber] {
            fail(.duplicateInFile, "与压缩包中第\(first)个文件是同一考生的照片，每名考生只能有一张")
        } else if let owner = try store.candidateOwnership(idNumber: idNumber), owner.schoolCode == schoolCode {
            previous = owner.photo
            switch CandidateLifecycle.next(after: owner.status, on: .photoAccepted) {
            case .success(let next): status = next
            case .failure(let refusal): fail(refusal.code, refusal.reason)
            }
        } else {
            fail(.photoUnmatched, "本校没有证件号码为 \(idNumber) 的考生，请先导入考生信息，或检查文件名")
        }
        if failures.isEmpty { seen[idNumber] = draft.number }
        guard let format = draft.format else { return Validated(value: nil, failures: failures, warnings: []) }
        let accepted = AcceptedPhoto(
            idNumber: idNumber, bytes: draft.bytes, format: format, digest: draft.digest, status: status, previous: previous)
        return Validated(value: accepted, failures: failures, warnings: [])
    }

    func apply(_ photo: AcceptedPhoto) throws -> [Failure] {
        let path = PhotoImport.relativePath(digest: photo.digest, format: photo.format)
        if !dryRun { try files.storeOnce(photo.bytes, at: path) }
        if let old = photo.previous, old != path { replaced.insert(old) }
        try store.setCandidatePhoto(
            idNumber: photo.idNumber, schoolCode: schoolCode, photo: path, status: photo.status, recordID: recordID)
        return []
    }

    /// After the commit: delete replaced photos nothing points at any more.
    func removeUnreferenced() throws {
        for path in replaced where try store.photoReferenceCount(path) == 0 {
            try? FileManager.default.removeItem(atPath: root.path + "/" + path)
        }
    }

    /// After a refused or failed import: stops writing and removes the files this import
    /// created that no candidate points at (all of them when the store rolled back), so a
    /// refusal changes nothing on disk either.
    func discardCreated() {
        let created = files.abandon()
        for path in created.files where (try? store.photoReferenceCount(path)) == 0 {
            unlink(root.path + "/" + path)
        }
        for directory in created.directories.reversed() { rmdir(directory) }  // only when empty
    }

    /// Writes the queued photos and makes them durable; called before the import commits, so a
    /// committed candidate never points at a photo a crash lost. Throws a photo's write error.
    func flush() throws { if !dryRun { try files.flush() } }

    static func relativePath(digest: String, format: ImageFormat) -> String {
        "photos/\(digest.prefix(2))/\(digest).\(format == .png ? "png" : "jpg")"
    }

    /// The entries of `archive`, read in order and judged on every core (`PhotoRunReader`),
    /// handed over in runs bounded by count and by bytes (a run of 5 MB photos stays small).
    static func producer(
        _ archive: PhotoArchive, fileName: String
    ) -> @Sendable (Channel<StoreStage.Prepared>) throws -> Void {
        let runs = PhotoRunReader(archive)
        return { channel in
            defer { runs.stop() }  // also when the store thread cancelled or the archive failed
            let header = columns.enumerated().map { (column: $0.offset, text: $0.element) }
            if !channel.put(.header(sheet: "照片", columns: header)) { throw CancellationError() }
            while true {
                let drafts: [PhotoDraft]
                do {
                    drafts = try runs.nextRun()
                } catch let error as ZipError {
                    throw archiveError(error, fileName: fileName)
                }
                if drafts.isEmpty { return }
                let rows = drafts.map { SourceRow.entry(number: $0.number, values: [$0.entryName, $0.idNumber ?? ""]) }
                if !channel.put(.rows(rows, drafts)) { throw CancellationError() }
            }
        }
    }

    /// A file-level refusal of a photo archive, in the user's words.
    static func archiveError(_ error: ZipError, fileName: String) -> KaowuError {
        let cause = error.description
        switch error.reason {
        case .notAZip:
            return KaowuError(.fileNotZip, "文件“\(fileName)”不是 ZIP 压缩包，请把照片压缩为 .zip 后再导入", cause: cause)
        case .encrypted:
            return KaowuError(.fileEncrypted, "压缩包“\(fileName)”已加密，请去掉密码后重新打包", cause: cause)
        case .unsafeName, .symbolicLink:
            return KaowuError(.fileUnsafe, "压缩包“\(fileName)”含有不安全的条目（\(error.detail)：上级目录、绝对路径或符号链接），已整体拒绝", cause: cause)
        case .entryTooLarge, .archiveTooLarge, .ratioTooHigh:
            return KaowuError(.fileTooLarge, "压缩包“\(fileName)”解压后过大或压缩比异常（可能是压缩炸弹），已拒绝", cause: cause)
        default:
            return KaowuError(.fileDamaged, "压缩包“\(fileName)”已损坏，无法读取，请重新打包后再导入", cause: cause)
        }
    }
}
