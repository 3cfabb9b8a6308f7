import Domain
import Store
import Validate

/// The store as the candidate rules' read-only directory.
struct StoreCandidateDirectory: CandidateDirectory {
    let store: Store
    func ownership(idNumber: String) throws -> CandidateOwnership? { try store.candidateOwnership(idNumber: idNumber) }
}

/// 考生 and 批量修改考生信息 imports: the candidate rules plus their effect on the store.
struct CandidateImport: ImportKind {
    var rules: CandidateRules
    let store: Store

    public var schema: TableSchema { rules.schema }

    public init(
        store: Store, schoolCode: String, category: CandidateCategory, mode: CandidateImportMode, recordID: String,
        idRules: IDNumberRules
    ) {
        self.store = store
        rules = CandidateRules(
            schoolCode: schoolCode, category: category, mode: mode, recordID: recordID, idRules: idRules,
            directory: StoreCandidateDirectory(store: store))
    }

    var makePreparer: @Sendable () -> Preparer<RowCells, CandidateDraft> {
        let fields = rules.fields
        return { Preparer(fields.prepare) }
    }

    public mutating func validate(_ draft: CandidateDraft) throws -> Validated<CandidateDraft> {
        if rules.goesStraightToStore(draft) { return Validated(value: draft, failures: [], warnings: draft.warnings) }
        let verdict = try rules.validate(draft)
        return Validated(value: verdict.value == nil ? nil : draft, failures: verdict.failures, warnings: verdict.warnings)
    }

    /// A new candidate goes in unless its ID is taken; only then is the owner looked up, to say
    /// by whom (one index probe per row instead of a lookup and an insert).
    public mutating func apply(_ draft: CandidateDraft) throws -> [Failure] {
        switch rules.mode {
        case .create:
            if try store.insertCandidateIfAbsent(draft.candidate, recordID: rules.recordID) { return [] }
            return try rules.refusedInsert(draft)
        case .update:
            try store.updateCandidate(draft.candidate, recordID: rules.recordID)
            return []
        }
    }
}
