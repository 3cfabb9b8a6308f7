public import Domain
import Foundation
import Ingest
import Store
import Validate

/// What one lifecycle command did: how many candidates moved where, and each refusal.
public struct LifecycleSummary: Sendable {
    public var examined = 0
    public var verified = 0
    public var needsManualCheck = 0
    public var confirmed = 0
    public var deleted = 0
    /// Candidates a per-ID command changed.
    public var changed = 0
    public var refusals: [Failure] = []
    /// The reasons candidates were sent to 需人工确认, by ID number.
    public var manualReasons: [(idNumber: String, reason: String)] = []
}

/// An ID number given to a command, with where it came from (its sheet row, or its position on
/// the command line) so a refusal can point at it.
public struct CandidateReference: Sendable {
    public let row: Int
    public let idNumber: String

    public init(row: Int, idNumber: String) {
        self.row = row
        self.idNumber = idNumber
    }

    /// The 证件号码 column of a workbook (any sheet layout the import templates accept).
    public static func fromWorkbook(_ path: String) throws -> [CandidateReference] {
        let reader = try XlsxReader(path: path)
        guard let sheet = reader.firstVisibleSheet else { return [] }
        let schema = TableSchema(
            title: "考生证件号码", sheetNames: [], columns: [ColumnSpec(CandidateColumns.idNumber, required: true, aliases: ["身份证号"])])
        var search = HeaderSearch(schema: schema)
        var references: [CandidateReference] = []
        let missing = KaowuError(.fileMissingColumn, "文件“\((path as NSString).lastPathComponent)”中找不到“证件号码”列")
        try reader.forEachRow(inSheet: sheet.name) { row in
            guard let header = search.found else {
                _ = search.consider(row: row.number, cells: row.cells.map { ($0.column, $0.value.text) })
                if search.found == nil, search.isExhausted { throw missing }
                return
            }
            if let column = header.sheetColumns.first ?? nil, let cell = row.cell(column) {
                references.append(CandidateReference(row: row.number, idNumber: cell.text))
            }
        }
        if search.found == nil { throw missing }
        return references
    }
}

/// The candidate lifecycle commands (认证, 人工确认, 删除). Every status change goes through
/// `CandidateLifecycle`, and each command commits in one transaction.
public enum CandidateCommands {
    /// How many candidates `verify` reads per page: memory stays flat for any school size.
    static let pageSize = 500

    /// `kaowu candidates verify` without the national identity service: every 信息待认证
    /// candidate of the school through the offline checks (`OfflineVerifier`) as of `clock`.
    public static func verifyOffline(root: DataRoot, schoolCode: String, clock: Clock) throws -> LifecycleSummary {
        try verify(root: root, schoolCode: schoolCode, verifier: OfflineVerifier(idRules: try root.idRules(clock: clock)))
    }

    /// Every 信息待认证 candidate of the school through `verifier`.
    static func verify(root: DataRoot, schoolCode: String, verifier: any CandidateVerifier) throws -> LifecycleSummary {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        var summary = LifecycleSummary()
        let inspector = PhotoInspector()
        try store.transaction {
            var after = ""
            while true {
                let page = try store.candidatePage(schoolCode: school, status: .pendingVerification, afterID: after, limit: pageSize)
                guard let last = page.last else { break }
                after = last.idNumber
                for candidate in page {
                    summary.examined += 1
                    let facts = candidate.photo.flatMap { path -> PhotoFacts? in
                        guard let data = FileManager.default.contents(atPath: root.path + "/" + path) else { return nil }
                        return try? inspector.facts(Array(data))
                    }
                    let verdict = verifier.verify(
                        VerificationSubject(idNumber: candidate.idNumber, idType: candidate.idType, photo: facts))
                    let passed = verdict == .passed
                    guard case .success(let next) = CandidateLifecycle.next(after: .pendingVerification, on: .verified(passed: passed))
                    else { continue }
                    try store.setCandidateStatus(idNumber: candidate.idNumber, schoolCode: school, status: next)
                    if case .needsManualCheck(let reason) = verdict {
                        summary.needsManualCheck += 1
                        summary.manualReasons.append((candidate.idNumber, reason))
                    } else {
                        summary.verified += 1
                    }
                }
            }
        }
        return summary
    }

    /// `kaowu candidates confirm --id …`: 人工确认 of the given candidates (需人工确认 → 信息准确).
    public static func confirm(root: DataRoot, schoolCode: String, idNumbers: [CandidateReference]) throws -> LifecycleSummary {
        var summary = try perCandidate(root: root, schoolCode: schoolCode, idNumbers: idNumbers) { store, school, owner, idNumber, row in
            switch CandidateLifecycle.next(after: owner.status, on: .confirmed) {
            case .success(let next):
                try store.setCandidateStatus(idNumber: idNumber, schoolCode: school, status: next)
                return nil
            case .failure(let refusal):
                return Failure(code: refusal.code, row: row, column: CandidateColumns.idNumber, value: idNumber, reason: refusal.reason)
            }
        }
        summary.confirmed = summary.changed
        return summary
    }

    /// `kaowu candidates delete --id …`: only candidates with no enrollments; a photo nothing
    /// else points at is removed after the commit.
    public static func delete(root: DataRoot, schoolCode: String, idNumbers: [CandidateReference]) throws -> LifecycleSummary {
        var photos: [String] = []
        let store = try root.openStore()
        var summary = try perCandidate(root: root, schoolCode: schoolCode, idNumbers: idNumbers, store: store) {
            store, school, _, idNumber, row in
            let enrollments = try store.enrollmentCount(idNumber: idNumber)
            if enrollments > 0 {
                return Failure(
                    code: .candidateEnrolled, row: row, column: CandidateColumns.idNumber, value: idNumber,
                    reason: "该考生已有 \(enrollments) 条报考记录，不能删除（只能删除已报考证书为 0 的考生）")
            }
            if let photo = try store.candidatePhoto(idNumber: idNumber) { photos.append(photo) }
            _ = try store.deleteCandidate(idNumber: idNumber, schoolCode: school)
            return nil
        }
        for photo in photos where try store.photoReferenceCount(photo) == 0 {
            try? FileManager.default.removeItem(atPath: root.path + "/" + photo)
        }
        summary.deleted = summary.changed
        return summary
    }

    /// Runs `change` for each ID of the school in one transaction; an ID that is not this
    /// school's candidate, or that `change` refuses, is a refusal and changes nothing for it.
    private static func perCandidate(
        root: DataRoot, schoolCode: String, idNumbers: [CandidateReference], store given: Store? = nil,
        _ change: (Store, String, CandidateOwnership, String, Int) throws -> Failure?
    ) throws -> LifecycleSummary {
        let store = try given ?? root.openStore()
        let school = try store.existingSchool(schoolCode).code
        var summary = LifecycleSummary()
        try store.transaction {
            for reference in idNumbers {
                let raw = reference.idNumber
                let idNumber = Normalize.idNumber(raw)
                summary.examined += 1
                guard let owner = try store.candidateOwnership(idNumber: idNumber), owner.schoolCode == school else {
                    summary.refusals.append(
                        Failure(
                            code: .candidateNotFound, row: reference.row, column: CandidateColumns.idNumber, value: raw,
                            reason: "本校没有该证件号码的考生"))
                    continue
                }
                if let refusal = try change(store, school, owner, idNumber, reference.row) {
                    summary.refusals.append(refusal)
                } else {
                    summary.changed += 1
                }
            }
        }
        return summary
    }
}
