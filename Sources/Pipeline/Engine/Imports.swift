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

    /// A one-sheet import for one training-evaluation organization: it must be in the catalog,
    /// and the record is the organization's. `pass` makes the kind for the record's ID.
    static func organizationSheet(
        _ request: ImportRequest, root: DataRoot, organizationCode: String, report: (ImportOutcome, FailureCursor) throws -> Void,
        pass: (Store, _ organization: String, _ recordID: String) throws -> SheetPass
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        let organization = try store.existingOrganization(organizationCode)
        var bound = request
        bound.tenant = organization
        return try ImportJob.run(bound, root: root, store: store, passes: { [try pass(store, organization, $0)] }, report: report)
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
        let outcome = try ImportJob.run(
            request, root: root, store: store, passes: { _ in CatalogSheetImport.passes(store: store, root: root) }, report: report)
        // Every school and organization the catalog names gets its drop folders.
        if !request.dryRun { try DropFolders.ensure(root: root, store: store) }
        return outcome
    }
}

extension Imports {
    /// The kinds a training-evaluation organization imports (its tenant is the organization).
    public static let organizationKinds: Set<String> = ["issuance-org", "schedule", "scores"]

    /// Every import kind by name, as the CLI's `kaowu import KIND` and the drop folders
    /// (`drop/schools/S/KIND/`) name them.
    public static let kinds: [String] = [
        "candidates", "candidates-update", "enrollments-certificate", "enrollments-delete", "enrollments-subject", "issuance",
        "issuance-org", "photos",
        "proctors", "rooms", "schedule", "scores", "sites", "teachers",
    ]

    /// Runs the import of `kind` for `tenant` (a school, or an organization for
    /// `organizationKinds`): the one dispatch the CLI and the watcher share.
    public static func start(
        kind: String, _ request: ImportRequest, root: DataRoot, tenant: String, category: CandidateCategory = .school,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        switch kind {
        case "candidates":
            return try candidates(request, root: root, schoolCode: tenant, category: category, mode: .create, report: report)
        case "candidates-update":
            return try candidates(request, root: root, schoolCode: tenant, category: category, mode: .update, report: report)
        case "photos": return try photos(request, root: root, schoolCode: tenant, report: report)
        case "enrollments-certificate":
            return try enrollments(request, root: root, schoolCode: tenant, action: .byCertificate, report: report)
        case "enrollments-subject": return try enrollments(request, root: root, schoolCode: tenant, action: .bySubject, report: report)
        case "enrollments-delete": return try enrollments(request, root: root, schoolCode: tenant, action: .delete, report: report)
        case "sites": return try sites(request, root: root, schoolCode: tenant, report: report)
        case "rooms": return try rooms(request, root: root, schoolCode: tenant, report: report)
        case "proctors": return try proctors(request, root: root, schoolCode: tenant, report: report)
        case "teachers": return try teachers(request, root: root, schoolCode: tenant, report: report)
        case "schedule": return try schedule(request, root: root, organizationCode: tenant, report: report)
        case "scores": return try scores(request, root: root, organizationCode: tenant, report: report)
        case "issuance": return try issuance(request, root: root, side: .school, tenant: tenant, report: report)
        case "issuance-org": return try issuance(request, root: root, side: .organization, tenant: tenant, report: report)
        default: throw KaowuError(.failed, "未知的导入类型 \(kind)")
        }
    }
}
