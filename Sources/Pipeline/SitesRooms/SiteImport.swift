public import Domain
import Foundation
import Store
import Validate

/// The store as the site rules' read-only directory.
struct StoreSiteDirectory: SiteDirectory {
    let sites: SiteRoomStore
    func certificate(reference: String) throws -> (code: String, name: String)? {
        try sites.certificate(reference: reference).map { ($0.code, $0.name) }
    }
    func site(schoolCode: String, certificateCode: String) throws -> SiteEntry? {
        try sites.site(schoolCode: schoolCode, certificateCode: certificateCode)
    }
}

/// 考核站点 import: a school applies for (or edits) its sites, one per certificate.
struct SiteImport: ImportKind {
    let rules: SiteRules
    let sites: SiteRoomStore

    public init(store: Store, schoolCode: String, schoolName: String, recordID: String) {
        sites = SiteRoomStore(store)
        rules = SiteRules(
            schoolCode: schoolCode, schoolName: schoolName, recordID: recordID, directory: StoreSiteDirectory(sites: sites))
    }

    public var schema: TableSchema { rules.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<SiteChange> { try rules.validate(cells) }

    public mutating func apply(_ change: SiteChange) throws -> [Failure] {
        try sites.save(change.entry)
        return []
    }
}

extension Imports {
    /// 考核站点 for one school.
    public static func sites(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        try schoolSheet(request, root: root, schoolCode: schoolCode, report: report) { store, school, recordID in
            SheetPass(SiteImport(store: store, schoolCode: school.code, schoolName: school.name, recordID: recordID))
        }
    }
}
