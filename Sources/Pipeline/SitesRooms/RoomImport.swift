public import Domain
import Foundation
import Store
import Validate

/// The store as the room rules' read-only directory.
struct StoreRoomDirectory: RoomDirectory {
    let sites: SiteRoomStore
    func plan(code: String) throws -> ExamPlan? { try sites.plan(code: code) }
    func certificate(reference: String) throws -> (code: String, name: String)? {
        try sites.certificate(reference: reference).map { ($0.code, $0.name) }
    }
    func subjects(certificateCode: String, reference: String) throws -> [Subject] {
        try sites.subjects(certificateCode: certificateCode, reference: reference)
    }
    func site(reference: String, certificateCode: String) throws -> SiteEntry? {
        try sites.site(named: reference, certificateCode: certificateCode)
            ?? sites.site(schoolCode: reference, certificateCode: certificateCode)
    }
    func allocationHost(planCode: String, schoolCode: String, certificateCode: String) throws -> String? {
        try sites.allocationHost(planCode: planCode, schoolCode: schoolCode, certificateCode: certificateCode)
    }
    func room(_ key: RoomKey) throws -> ExamRoom? { try sites.room(key) }
}

/// 考场 import: a school sets (or re-imports, to change) its rooms for exam plans.
struct RoomImport: ImportKind {
    var rules: RoomRules
    let sites: SiteRoomStore

    public init(store: Store, schoolCode: String, recordID: String, clock: Clock) {
        sites = SiteRoomStore(store)
        rules = RoomRules(schoolCode: schoolCode, recordID: recordID, clock: clock, directory: StoreRoomDirectory(sites: sites))
    }

    public var schema: TableSchema { rules.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<RoomChange> { try rules.validate(cells) }

    public mutating func apply(_ change: RoomChange) throws -> [Failure] {
        try sites.save(change.room)
        return []
    }
}

extension Imports {
    /// 考场 for one school; the clock decides each room's status (and so what may change).
    public static func rooms(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        try schoolSheet(request, root: root, schoolCode: schoolCode, report: report) { store, school, recordID in
            SheetPass(RoomImport(store: store, schoolCode: school.code, recordID: recordID, clock: request.clock))
        }
    }
}
