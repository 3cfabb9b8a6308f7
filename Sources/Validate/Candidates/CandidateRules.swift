public import Domain

/// The read-only view of registered candidates the candidate rules need. It must see the
/// running import's own writes, which is how duplicates within one file are found without
/// holding every ID of the file in memory.
public protocol CandidateDirectory {
    func ownership(idNumber: String) throws -> CandidateOwnership?
}

/// The cell-level rules of a candidate row: pure functions of the cells, with no store access,
/// so they can run on another thread ahead of the registration checks.
public struct CandidateFieldRules: Sendable {
    public let schoolCode: String
    public let category: CandidateCategory
    public let idRules: IDNumberRules
    public let schema: TableSchema

    public init(schoolCode: String, category: CandidateCategory, idRules: IDNumberRules) {
        self.schoolCode = schoolCode
        self.category = category
        self.idRules = idRules
        self.schema = CandidateColumns.schema(for: category)
    }

    public func prepare(_ cells: RowCells) -> CandidateDraft {
        var judge = RowJudge(cells: cells, schema: schema)
        let name = judge.personName(CandidateColumns.At.name)
        let pinyin = judge.pinyin(CandidateColumns.At.pinyin)
        let idType = judge.choice(CandidateColumns.At.idType, IDType.self)
        var idNumber: String?
        if let cell = judge.cell(CandidateColumns.At.idNumber) {
            let outcome = idRules.check(cell, type: idType ?? .residentID, row: cells.row, column: CandidateColumns.idNumber)
            judge.absorb(failures: outcome.failures, warnings: outcome.warnings)
            idNumber = outcome.normalized
        }
        let mobile = judge.mobile(CandidateColumns.At.mobile)
        let major = judge.text(CandidateColumns.At.major, maxLength: 50)
        let majorLevel = judge.choice(CandidateColumns.At.majorLevel, MajorLevel.self)
        let year = judge.year(CandidateColumns.At.entranceYear, in: 2000...(idRules.today.year + 1))
        let employer = judge.text(CandidateColumns.At.employer, maxLength: 100)
        let candidate = Candidate(
            schoolCode: schoolCode, category: category, name: name ?? "", pinyin: pinyin ?? "", idType: idType ?? .residentID,
            idNumber: idNumber ?? "", mobile: mobile ?? "", major: major, majorLevel: majorLevel, entranceYear: year,
            employer: employer, status: .noPhoto)
        return CandidateDraft(
            row: cells.row, failures: judge.failures, warnings: judge.warnings, candidate: candidate, idNumber: idNumber,
            name: name, idType: idType)
    }
}

/// A candidate row after the cell-level rules, waiting for the registration checks: only what
/// those checks and the store need, not the row's cells. A class: the store thread hands a
/// draft on twice per row, and a reference is one retain where this many fields copied are a
/// dozen.
public final class CandidateDraft: Sendable {
    public let row: Int
    public let failures: [Failure]
    public let warnings: [Failure]
    public let candidate: Candidate
    public let idNumber: String?
    public let name: String?
    public let idType: IDType?

    init(row: Int, failures: [Failure], warnings: [Failure], candidate: Candidate, idNumber: String?, name: String?, idType: IDType?) {
        self.row = row
        self.failures = failures
        self.warnings = warnings
        self.candidate = candidate
        self.idNumber = idNumber
        self.name = name
        self.idType = idType
    }
}

/// Every rule of the candidates and candidates-update rows (MISSION.md section 3): the
/// cell-level `fields` rules, then the checks against registered candidates.
public struct CandidateRules {
    public let fields: CandidateFieldRules
    public let mode: CandidateImportMode
    public let recordID: String
    private let directory: any CandidateDirectory
    /// IDs of rows that failed, with their first row: the only per-file state kept in memory.
    private var failedIDs: [IDKey: Int] = [:]

    public init(
        schoolCode: String, category: CandidateCategory, mode: CandidateImportMode, recordID: String,
        idRules: IDNumberRules, directory: any CandidateDirectory
    ) {
        self.fields = CandidateFieldRules(schoolCode: schoolCode, category: category, idRules: idRules)
        self.mode = mode
        self.recordID = recordID
        self.directory = directory
    }

    public var schema: TableSchema { fields.schema }
    public var schoolCode: String { fields.schoolCode }

    /// Judges one row; store errors propagate (they abort the import), input problems do not.
    public mutating func validate(_ cells: RowCells) throws -> Validated<Candidate> {
        try validate(fields.prepare(cells))
    }

    /// For the import job: whether `draft` goes to the store without a lookup. A new candidate
    /// whose cells passed and whose ID failed on no earlier row is not looked up, because the
    /// store's unique index decides on insert and `refusedInsert` then explains the refusal;
    /// every other row is judged fully by `validate`.
    public func goesStraightToStore(_ draft: CandidateDraft) -> Bool {
        guard mode == .create, draft.failures.isEmpty, let idNumber = draft.idNumber else { return false }
        return failedIDs.isEmpty || failedIDs[IDKey(idNumber)] == nil
    }

    /// Why the store refused to insert a row `goesStraightToStore` passed: its ID is registered.
    public mutating func refusedInsert(_ draft: CandidateDraft) throws -> [Failure] {
        guard let idNumber = draft.idNumber else { return [] }
        var failures: [Failure] = []
        try checkRegistration(idNumber, draft: draft, failures: &failures)
        if failures.isEmpty {
            failures.append(
                Failure(
                    code: .candidateExists, row: draft.row, column: CandidateColumns.idNumber, value: idNumber,
                    reason: "该证件号码已被注册，不能重复注册"))
        }
        if failedIDs[IDKey(idNumber)] == nil { failedIDs[IDKey(idNumber)] = draft.row }
        return failures
    }

    /// Finishes a prepared row with the checks that need the store and the file's history.
    public mutating func validate(_ draft: CandidateDraft) throws -> Validated<Candidate> {
        var failures = draft.failures
        if let idNumber = draft.idNumber {
            try checkRegistration(idNumber, draft: draft, failures: &failures)
        }
        let result = Validated(value: draft.candidate, failures: failures, warnings: draft.warnings)
        if result.value == nil, let idNumber = draft.idNumber, failedIDs[IDKey(idNumber)] == nil {
            failedIDs[IDKey(idNumber)] = draft.row
        }
        return result
    }

    private mutating func checkRegistration(_ idNumber: String, draft: CandidateDraft, failures: inout [Failure]) throws {
        let columns = schema.columns
        func fail(_ code: FailureCode, column: Int, value: String, _ reason: String) {
            failures.append(Failure(code: code, row: draft.row, column: columns[column].name, value: value, reason: reason))
        }
        let column = CandidateColumns.At.idNumber
        if let first = failedIDs[IDKey(idNumber)] {
            fail(.duplicateInFile, column: column, value: idNumber, "与本文件第\(first)行的证件号码重复，同一考生只能出现一次")
            return
        }
        let owner = try directory.ownership(idNumber: idNumber)
        if let owner, owner.createdByRecord == recordID || owner.updatedByRecord == recordID {
            fail(.duplicateInFile, column: column, value: idNumber, "与本文件前面某一行的证件号码重复，同一考生只能出现一次")
            return
        }
        switch mode {
        case .create:
            guard let owner else { return }
            if owner.schoolCode == schoolCode {
                fail(.candidateExists, column: column, value: idNumber, "该考生已在本校导入过，请勿重复导入；如需修改请使用“批量修改考生信息”")
            } else {
                fail(.candidateExists, column: column, value: idNumber, "该证件号码已被其他单位注册，不能重复注册；如有疑问请联系平台")
            }
        case .update:
            guard let owner, owner.schoolCode == schoolCode else {
                fail(.candidateNotFound, column: column, value: idNumber, "本校没有该证件号码的考生，请先导入考生信息")
                return
            }
            if owner.status.locksIdentity {
                if let name = draft.name, name != owner.name {
                    fail(.candidateLocked, column: CandidateColumns.At.name, value: name, "考生信息已认证为“信息准确”，姓名不能修改")
                }
                if let idType = draft.idType, idType != owner.idType {
                    fail(.candidateLocked, column: CandidateColumns.At.idType, value: idType.label, "考生信息已认证为“信息准确”，证件类型不能修改")
                }
            }
        }
    }
}

/// An ID number as a hash key, looked up once per imported row. IDs are compared as typed, so
/// byte equality is the equality wanted (`String` hashing would normalize Unicode first). The
/// first 24 UTF-8 bytes are packed into three integers (every ID type's number fits) plus the
/// length, so hashing and comparing touch no string storage; a longer text also keeps the rest
/// of its bytes.
private struct IDKey: Hashable {
    let head: (UInt64, UInt64, UInt64)
    let length: Int
    let rest: [UInt8]?

    init(_ text: String) {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var length = 0
        var rest: [UInt8] = []
        for byte in text.utf8 {
            switch length {
            case 0..<8: words.0 |= UInt64(byte) << (8 * UInt64(length))
            case 8..<16: words.1 |= UInt64(byte) << (8 * UInt64(length - 8))
            case 16..<24: words.2 |= UInt64(byte) << (8 * UInt64(length - 16))
            default: rest.append(byte)
            }
            length += 1
        }
        head = words
        self.length = length
        self.rest = rest.isEmpty ? nil : rest
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(head.0)
        hasher.combine(head.1)
        hasher.combine(head.2)
        hasher.combine(length)
        if let rest { hasher.combine(rest) }
    }

    static func == (lhs: IDKey, rhs: IDKey) -> Bool {
        lhs.head == rhs.head && lhs.length == rhs.length && lhs.rest == rhs.rest
    }
}
