import Domain
import Store
import Validate

/// The store as the candidate rules' read-only directory.
struct StoreCandidateDirectory: CandidateDirectory {
    let store: Store
    func ownership(idNumber: String) throws -> CandidateOwnership? { try store.candidateOwnership(idNumber: idNumber) }
}

/// 考生 and 批量修改考生信息 imports: the candidate rules plus their effect on the store.
public struct CandidateImport: ImportKind {
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

    public var prepare: @Sendable (RowCells) -> CandidateDraft {
        let fields = rules.fields
        return { fields.prepare($0) }
    }

    public mutating func validate(_ draft: CandidateDraft) throws -> Validated<Candidate> {
        try rules.validate(draft)
    }

    public func apply(_ candidate: Candidate) throws {
        switch rules.mode {
        case .create: try store.insertCandidate(candidate, recordID: rules.recordID)
        case .update: try store.updateCandidate(candidate, recordID: rules.recordID)
        }
    }
}
