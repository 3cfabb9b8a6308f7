public import Domain
import Foundation
import Store
import Validate

/// The store as the enrollment rules' per-row directory: the candidate lookup through the
/// import's held statements.
struct StoreEnrollmentDirectory: EnrollmentDirectory {
    let store: Store
    let statements: EnrollmentStatements

    func enrollee(idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?)
        throws -> (candidate: Candidate, enrolledBy: String?)?
    {
        try statements.enrollee(
            idNumber: idNumber, planCode: planCode, certificateCode: certificateCode, level: level, subjectCode: subjectCode)
    }

    func enrolledBy(
        schoolCode: String, idNumber: String, planCode: String, certificateCode: String, level: CertificateLevel?, subjectCode: String?
    ) throws -> String? {
        try statements.enrolledBy(
            schoolCode: schoolCode, idNumber: idNumber, planCode: planCode, certificateCode: certificateCode, level: level,
            subjectCode: subjectCode)
    }

    func enrollments(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws -> [StoredEnrollmentState] {
        try store.enrollmentLocks(planCode: planCode, idNumber: idNumber, certificateCode: certificateCode, subjectCode: subjectCode).map {
            StoredEnrollmentState(
                schoolCode: $0.schoolCode, subjectCode: $0.subjectCode, paid: $0.paid, orderNumber: $0.orderNumber, scheduled: $0.scheduled)
        }
    }
}

/// A judged enrollment row: its change, and the draft to explain a refused insert by. A
/// struct, not a tuple: a tuple's type is looked up at run time on every row that passes.
public struct EnrollmentRow: Sendable {
    let change: EnrollmentChange
    let draft: EnrollmentDraft
}

/// 按证书报考, 按科目报考 and 批量删除报考: the enrollment rules plus their effect on the store.
/// An adding row's rules run on the prepare thread, its candidate read and judged there too,
/// so for a valid row the store thread only inserts, and the insert refuses a duplicate
/// itself; for a row refused, or failing already, the store thread adds the duplicate check
/// (as `CandidateImport.apply` inserts first and explains only a refusal). A row whose
/// candidate the prepare thread could not read is judged on the store thread with its lookup.
struct EnrollmentImport: ImportKind {
    let rules: EnrollmentRules
    let store: Store
    let statements: EnrollmentStatements
    /// The data root whose candidates the prepare thread reads through a connection of its own
    /// (nil for deletions, which read none).
    let candidatesRoot: DataRoot?

    public init(
        store: Store, candidatesRoot: DataRoot?, action: EnrollmentAction, schoolCode: String, recordID: String, clock: Clock,
        catalog: EnrollmentCatalog
    ) throws {
        self.store = store
        self.candidatesRoot = candidatesRoot
        statements = try EnrollmentStatements(
            store: store, mode: action == .bySubject ? .bySubject : .byCertificate, recordID: recordID, createdAt: clock.isoString)
        rules = EnrollmentRules(
            action: action, schoolCode: schoolCode, recordID: recordID, clock: clock, catalog: catalog,
            directory: StoreEnrollmentDirectory(store: store, statements: statements))
    }

    public var schema: TableSchema { rules.schema }

    /// The candidates' reader, the catalog memo and the file's key filter are made on the
    /// prepare thread and stay there; the reader's read ends after the last row, so the commit's
    /// checkpoint can copy the whole log. A reader that cannot open leaves every candidate to
    /// the store thread's lookup.
    var makePreparer: @Sendable () -> Preparer<RowCells, EnrollmentDraft> {
        let (row, root) = (rules.row, candidatesRoot)
        return {
            let candidates = root.flatMap { root in
                (try? EnrollmentCandidateReader(store: root.openStore())).map(PrepareThreadCandidates.init)
            }
            let (memo, keys) = (EnrollmentCatalogMemo(), EnrollmentFileKeys())
            return Preparer(finish: { candidates?.endReading() }) { row.prepare($0, candidates: candidates, memo: memo, keys: keys) }
        }
    }

    /// The change, with the draft to explain a refused insert by.
    public mutating func validate(_ draft: EnrollmentDraft) throws -> Validated<EnrollmentRow> {
        if let change = rules.enrollment(draft) {
            return Validated(value: EnrollmentRow(change: change, draft: draft), failures: [], warnings: [])
        }
        let verdict = try rules.validate(draft)
        return Validated(
            value: verdict.value.map { EnrollmentRow(change: $0, draft: draft) }, failures: verdict.failures, warnings: verdict.warnings)
    }

    public mutating func apply(_ row: EnrollmentRow) throws -> [Failure] {
        switch row.change {
        case .add(let planCode, let candidate, let certificateCode, let level, let subjectCodes, let audience):
            let enrolled = try statements.insert(
                planCode: planCode, candidate: candidate, certificateCode: certificateCode, level: level, subjectCodes: subjectCodes,
                audience: audience, wholeCertificate: rules.action == .byCertificate && !row.draft.unenrolled)
            if enrolled { return [] }
            // Enrolled already: the lookup says by which import.
            let failures = try rules.validate(row.draft).failures
            if failures.isEmpty {
                throw KaowuError(.storeEnrollment, "报考写入失败：数据库拒绝了规则判定有效的行", cause: "row \(row.draft.row)")
            }
            return failures
        case .remove(let planCode, let idNumber, let certificateCode, let subjectCode):
            _ = try store.deleteEnrollments(
                planCode: planCode, idNumber: idNumber, certificateCode: certificateCode, subjectCode: subjectCode)
            return []
        }
    }
}

extension Imports {
    /// 按证书报考 / 按科目报考 / 批量删除报考 for one school. The catalog is read once here.
    public static func enrollments(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, action: EnrollmentAction,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        return try schoolSheet(request, root: root, schoolCode: schoolCode, report: report) { store, school, recordID in
            let facts = try store.enrollmentCatalogFacts()
            let catalog = EnrollmentCatalog(plans: facts.plans, certificates: facts.certificates, subjects: facts.subjects)
            return SheetPass(
                try EnrollmentImport(
                    store: store, candidatesRoot: action == .delete ? nil : root, action: action, schoolCode: school.code,
                    recordID: recordID, clock: request.clock,
                    catalog: catalog))
        }
    }
}
