import Domain
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

    func enrollments(planCode: String, idNumber: String, certificateCode: String, subjectCode: String?) throws -> [StoredEnrollmentState] {
        try store.enrollmentLocks(planCode: planCode, idNumber: idNumber, certificateCode: certificateCode, subjectCode: subjectCode).map {
            StoredEnrollmentState(
                schoolCode: $0.schoolCode, subjectCode: $0.subjectCode, paid: $0.paid, orderNumber: $0.orderNumber, scheduled: $0.scheduled)
        }
    }
}

/// 按证书报考, 按科目报考 and 批量删除报考: the enrollment rules plus their effect on the store.
/// The rules that need no store run on the prepare thread, so the store thread only looks up
/// the candidate and inserts.
public struct EnrollmentImport: ImportKind {
    let rules: EnrollmentRules
    let store: Store
    let statements: EnrollmentStatements

    public init(
        store: Store, action: EnrollmentAction, schoolCode: String, recordID: String, clock: Clock, catalog: EnrollmentCatalog
    ) throws {
        self.store = store
        statements = try EnrollmentStatements(
            store: store, mode: action == .bySubject ? .bySubject : .byCertificate, recordID: recordID, createdAt: clock.isoString)
        rules = EnrollmentRules(
            action: action, schoolCode: schoolCode, recordID: recordID, clock: clock, catalog: catalog,
            directory: StoreEnrollmentDirectory(store: store, statements: statements))
    }

    public var schema: TableSchema { rules.schema }

    /// The cell and catalog rules.
    public var prepare: @Sendable (RowCells) -> EnrollmentDraft {
        let row = rules.row
        return { row.prepare($0) }
    }

    public mutating func validate(_ draft: EnrollmentDraft) throws -> Validated<EnrollmentChange> {
        try rules.validate(draft)
    }

    public mutating func apply(_ change: EnrollmentChange) throws -> [Failure] {
        switch change {
        case .add(let planCode, let candidate, let certificateCode, let level, let subjectCodes, let audience):
            try statements.insert(
                planCode: planCode, candidate: candidate, certificateCode: certificateCode, level: level, subjectCodes: subjectCodes,
                audience: audience)
        case .remove(let planCode, let idNumber, let certificateCode, let subjectCode):
            _ = try store.deleteEnrollments(
                planCode: planCode, idNumber: idNumber, certificateCode: certificateCode, subjectCode: subjectCode)
        }
        return []
    }
}

extension Imports {
    /// 按证书报考 / 按科目报考 / 批量删除报考 for one school. The catalog is read once here.
    public static func enrollments(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, action: EnrollmentAction,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        let facts = try store.enrollmentCatalogFacts()
        let catalog = EnrollmentCatalog(plans: facts.plans, certificates: facts.certificates, subjects: facts.subjects)
        var bound = request
        bound.tenant = school
        return try ImportJob.run(
            bound, root: root, store: store,
            passes: { recordID in
                [
                    SheetPass(
                        try EnrollmentImport(
                            store: store, action: action, schoolCode: school, recordID: recordID, clock: request.clock, catalog: catalog))
                ]
            }, report: report)
    }
}
