public import Domain
import Foundation
import Ingest
import Store
import Validate

/// The entry points the CLI and the watcher call: each binds a kind to the one `ImportJob`.
public enum Imports {
    /// A one-sheet import for one school: the school must be in the catalog, and the import's
    /// record is the school's. `pass` makes the kind for the record's ID.
    static func schoolSheet(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void,
        pass: (Store, School, _ recordID: String) throws -> SheetPass
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode)
        var bound = request
        bound.tenant = school.code
        return try ImportJob.run(bound, root: root, store: store, passes: { [try pass(store, school, $0)] }, report: report)
    }

    /// 考生 / 批量修改考生信息 for one school.
    public static func candidates(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, category: CandidateCategory, mode: CandidateImportMode,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let rules = try root.idRules(clock: request.clock)
        return try schoolSheet(request, root: root, schoolCode: schoolCode, report: report) { store, school, recordID in
            SheetPass(
                CandidateImport(store: store, schoolCode: school.code, category: category, mode: mode, recordID: recordID, idRules: rules))
        }
    }

    /// 考生照片 (.zip) for one school.
    public static func photos(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        var bound = request
        bound.tenant = school
        let fileName = (request.file as NSString).lastPathComponent
        var photos: PhotoImport?
        let outcome: ImportOutcome
        do {
            outcome = try ImportJob.execute(bound, root: root, store: store, report: report) { recordID in
                let archive: PhotoArchive
                do {
                    archive = try PhotoArchive(path: request.file)
                } catch let error as ZipError {
                    throw PhotoImport.archiveError(error, fileName: fileName)
                }
                if archive.entries.isEmpty {
                    throw KaowuError(.fileEmpty, "压缩包“\(fileName)”中没有照片文件（应为“证件号码.jpg”）")
                }
                let kind = PhotoImport(store: store, root: root, schoolCode: school, recordID: recordID, dryRun: request.dryRun)
                photos = kind
                let processor = RunProcessor(kind)
                return { stage in
                    try stage.drain(PhotoImport.producer(archive, fileName: fileName), processor: processor)
                    try kind.flush()
                }
            }
        } catch {
            photos?.discardCreated()
            throw error
        }
        if !request.dryRun { try photos?.removeUnreferenced() }
        return outcome
    }

    /// The catalog workbook (operator).
    public static func catalog(
        _ request: ImportRequest, root: DataRoot, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        return try ImportJob.run(
            request, root: root, store: store, passes: { _ in CatalogSheetImport.passes(store: store) }, report: report)
    }
}
