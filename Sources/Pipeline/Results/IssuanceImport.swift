public import Domain
import Foundation
import Store
import Validate

/// The store as the 签发 rules' directory, narrowed to one tenant's records: a school sees its
/// candidates' issuances, an organization its plans'.
struct StoreIssuanceDirectory: IssuanceDirectory {
    let store: Store
    let side: IssuanceSide
    let tenant: String

    private func owned(_ listing: IssuanceListing) -> Bool {
        side == .school ? listing.issuance.schoolCode == tenant : listing.issuance.organizationCode == tenant
    }
    func issuance(number: String) throws -> IssuanceListing? { try store.issuance(number: number).flatMap { owned($0) ? $0 : nil } }
    func issuances(idNumber: String, certificateCode: String) throws -> [IssuanceListing] {
        try store.issuances(idNumber: idNumber, certificateCode: certificateCode).filter(owned)
    }
}

/// 签发 decisions import (a site or an organization): each valid row is that side's decision,
/// kept with the import record, the operator and the time.
struct IssuanceImport: ImportKind {
    var rules: IssuanceRules
    let store: Store
    let recordID: String
    let operatorName: String
    let clock: Clock

    var schema: TableSchema { rules.schema }

    mutating func validate(_ cells: RowCells) throws -> Validated<IssuanceChange> { try rules.validate(cells) }

    mutating func apply(_ change: IssuanceChange) throws -> [Failure] {
        try store.recordDecision(
            number: change.number, side: rules.side, decision: change.decision, reason: change.reason, status: change.status,
            operatorName: operatorName, recordID: recordID, at: clock.now)
        return []
    }
}

extension Imports {
    /// 签发 decisions of a school (`issuance`, as 考核站点) or an organization (`issuance-org`).
    public static func issuance(
        _ request: ImportRequest, root: DataRoot, side: IssuanceSide, tenant: String,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let pass = { (store: Store, code: String, recordID: String) in
            SheetPass(
                IssuanceImport(
                    rules: IssuanceRules(side: side, directory: StoreIssuanceDirectory(store: store, side: side, tenant: code)),
                    store: store,
                    recordID: recordID, operatorName: request.operatorName, clock: request.clock))
        }
        switch side {
        case .school:
            return try schoolSheet(request, root: root, schoolCode: tenant, report: report) { store, school, recordID in
                pass(store, school.code, recordID)
            }
        case .organization:
            return try organizationSheet(request, root: root, organizationCode: tenant, report: report, pass: pass)
        }
    }
}
