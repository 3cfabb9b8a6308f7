public import Domain
import Foundation
import Store
import Validate

/// The store as the 科目成绩 rules' read-only directory.
struct StoreScoreDirectory: ScoreDirectory, StoreEnrolledSubjects {
    let store: Store
    func ticketHolder(planCode: String, ticket: String) throws -> String? { try store.ticketHolder(planCode: planCode, ticket: ticket) }
    func seatedSessions(planCode: String, idNumber: String) throws -> Set<SessionKey> {
        Set(try store.seats(planCode: planCode, idNumber: idNumber).map(\.session))
    }
    func marks(certificateCode: String, level: CertificateLevel, subjectCode: String) throws -> (full: Double, pass: Double)? {
        try store.subjectMarks(certificateCode: certificateCode, level: level, code: subjectCode)
    }
    func score(planCode: String, idNumber: String, session: SessionKey) throws -> SubjectScore? {
        try store.score(planCode: planCode, idNumber: idNumber, session: session)
    }
    func isSettled(planCode: String) throws -> Bool { try store.isSettled(planCode: planCode) }
}

/// 科目成绩 import (organization side): each valid row stores its score, and every change
/// (the first entry included) leaves a line in the audit trail with the record and operator.
struct ScoreImport: ImportKind {
    var rules: ScoreRules
    let store: Store
    let recordID: String
    let operatorName: String
    let clock: Clock

    init(store: Store, organizationCode: String, recordID: String, operatorName: String, clock: Clock) {
        self.store = store
        self.recordID = recordID
        self.operatorName = operatorName
        self.clock = clock
        rules = ScoreRules(organizationCode: organizationCode, clock: clock, directory: StoreScoreDirectory(store: store))
    }

    var schema: TableSchema { rules.schema }

    mutating func validate(_ cells: RowCells) throws -> Validated<ScoreEntry> { try rules.validate(cells) }

    mutating func apply(_ entry: ScoreEntry) throws -> [Failure] {
        try store.writeScore(
            planCode: entry.planCode, idNumber: entry.idNumber, schoolCode: entry.schoolCode, session: entry.session, score: entry.score,
            recordID: recordID, operatorName: operatorName, at: clock.now)
        return []
    }
}

extension Imports {
    /// 科目成绩 for one training-evaluation organization's plans.
    public static func scores(
        _ request: ImportRequest, root: DataRoot, organizationCode: String,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        try organizationSheet(request, root: root, organizationCode: organizationCode, report: report) { store, organization, recordID in
            SheetPass(
                ScoreImport(
                    store: store, organizationCode: organization, recordID: recordID, operatorName: request.operatorName,
                    clock: request.clock))
        }
    }
}
