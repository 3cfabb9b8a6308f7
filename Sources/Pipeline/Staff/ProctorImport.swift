public import Domain
import Foundation
import Store
import Validate

/// The store as the proctor rules' read-only directory.
struct StoreProctorDirectory: ProctorDirectory {
    let store: Store
    func proctorOwnership(idNumber: String) throws -> ProctorOwnership? { try store.proctorOwnership(idNumber: idNumber) }
}

/// 监考人员 import: the proctor rules plus their effect on the store. A valid row creates the
/// proctor (or, for an ID the school already registered, updates the contact details) and
/// applies for each listed certificate.
struct ProctorImport: ImportKind {
    let rules: ProctorRules
    let store: Store
    let recordID: String

    public var schema: TableSchema { rules.schema }

    public init(store: Store, schoolCode: String, recordID: String, idRules: IDNumberRules, certificates: CertificateIndex) {
        self.store = store
        self.recordID = recordID
        rules = ProctorRules(
            fields: ProctorFieldRules(schoolCode: schoolCode, idRules: idRules, certificates: certificates),
            directory: StoreProctorDirectory(store: store))
    }

    var makePreparer: @Sendable () -> Preparer<RowCells, ProctorDraft> {
        let fields = rules.fields
        return { Preparer(fields.prepare) }
    }

    public mutating func validate(_ draft: ProctorDraft) throws -> Validated<ProctorDraft> { try rules.validate(draft) }

    public mutating func apply(_ draft: ProctorDraft) throws -> [Failure] {
        guard try store.upsertProctor(draft.proctor, recordID: recordID) else {
            return [
                Failure(
                    code: .proctorExists, row: draft.row, column: ProctorColumns.idNumber, value: draft.proctor.idNumber,
                    reason: "该证件号码已被其他单位登记为监考人员，不能重复登记；如有疑问请联系平台")
            ]
        }
        for code in draft.certificateCodes {
            try store.applyForProctorCertificate(idNumber: draft.proctor.idNumber, certificateCode: code, recordID: recordID)
        }
        return []
    }
}

extension Imports {
    /// 监考人员 for one school.
    public static func proctors(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let rules = try root.staffIDRules(clock: request.clock)
        return try schoolSheet(request, root: root, schoolCode: schoolCode, report: report) { store, school, recordID in
            let certificates = CertificateIndex(try store.certificateList())
            return SheetPass(
                ProctorImport(store: store, schoolCode: school.code, recordID: recordID, idRules: rules, certificates: certificates))
        }
    }
}
