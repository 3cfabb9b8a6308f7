public import Domain
import Foundation
import Store

/// What settling the results of the plans whose publicity ended did.
public struct SettleSummary: Sendable {
    public var plans: [String] = []
    public var results: [String: Int] = [:]
    public var issuances = 0
}

/// One decision's outcome in a batch: the record, and the refusal when it was not taken.
public struct DecisionOutcome: Sendable {
    public let certificateNumber: String
    public let status: IssuanceStatus?
    public let refusal: KaowuError?
}

/// Results (考证结果) and issuance (颁证) sign-off (MISSION.md section 6).
public enum Issuances {
    /// Freezes the results of every plan whose publicity ended by the clock (its scores are
    /// locked from then on) and creates an issuance record, with its certificate number, for
    /// every pass. A plan settles once, in one transaction, so a kill leaves it unsettled and
    /// the next run does it whole.
    public static func settle(root: DataRoot, clock: Clock) throws -> SettleSummary {
        let store = try root.openStore()
        var summary = SettleSummary()
        let year = clock.today.year
        for code in try store.plansToSettle(at: clock.now) {
            guard let plan = try SiteRoomStore(store).plan(code: code) else { continue }
            try store.transaction {
                var sequences: [String: Int] = [:]
                try store.forEachResult(planCode: code, schoolCode: nil) { result in
                    try store.insertResult(result)
                    summary.results[result.status.label, default: 0] += 1
                    guard result.status == .passed else { return }
                    let prefix = CertificateNumber.prefix(certificateCode: result.certificateCode, year: year)
                    let sequence = try (sequences[prefix] ?? store.lastCertificateSequence(prefix: prefix)) + 1
                    sequences[prefix] = sequence
                    let number = CertificateNumber.make(certificateCode: result.certificateCode, year: year, sequence: sequence)
                    try store.insertIssuance(
                        Issuance(
                            id: number, planCode: code, idNumber: result.idNumber, certificateCode: result.certificateCode,
                            level: result.level, schoolCode: result.schoolCode, organizationCode: plan.organizationCode,
                            status: .schoolPending, certificateNumber: number),
                        at: clock.now)
                    summary.issuances += 1
                }
                try store.markSettled(planCode: code, at: clock.now)
            }
            summary.plans.append(code)
        }
        return summary
    }

    /// One side's decision on the given records, or on every record waiting for that side.
    /// The tenant sees only its own records (a school its candidates', an organization its
    /// plans'); a number outside them is "not found". Each decision commits on its own, with
    /// who and when, so a batch with refusals still keeps the decisions that were legal.
    public static func sign(
        root: DataRoot, side: IssuanceSide, tenant: String, decision: IssuanceDecision, reason: String?, numbers: [String]?,
        operatorName: String, clock: Clock
    ) throws -> [DecisionOutcome] {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .reject, reason?.isEmpty ?? true {
            throw KaowuError(.issuanceReason, "拒绝签发必须填写拒绝理由（--reason）")
        }
        let store = try root.openStore()
        let school = side == .school ? try store.existingSchool(tenant).code : nil
        let organization = side == .organization ? try store.existingOrganization(tenant) : nil
        let targets: [IssuanceListing]
        if let numbers {
            targets = try numbers.map { number in
                guard let found = try store.issuance(number: number),
                    found.issuance.schoolCode == school ?? found.issuance.schoolCode,
                    found.issuance.organizationCode == organization ?? found.issuance.organizationCode
                else {
                    throw KaowuError(.issuanceNotFound, "没有证书编号为 \(number) 的颁证记录")
                }
                return found
            }
        } else {
            let waiting: [IssuanceStatus] = side == .school ? [.schoolPending] : [.organizationPending]
            targets = try store.issuances(schoolCode: school, organizationCode: organization, statuses: waiting)
        }
        var outcomes: [DecisionOutcome] = []
        for target in targets {
            let number = target.issuance.certificateNumber
            guard let next = target.issuance.status.after(decision, by: side) else {
                outcomes.append(
                    DecisionOutcome(
                        certificateNumber: number, status: nil,
                        refusal: KaowuError(.issuanceState, "\(number)：" + target.issuance.status.refusal(for: side))))
                continue
            }
            try store.transaction {
                try store.recordDecision(
                    number: number, side: side, decision: decision, reason: reason, status: next, operatorName: operatorName, recordID: nil,
                    at: clock.now)
            }
            outcomes.append(DecisionOutcome(certificateNumber: number, status: next, refusal: nil))
        }
        return outcomes
    }

    /// The issuance records of a school or an organization (filters optional).
    public static func list(
        root: DataRoot, schoolCode: String?, organizationCode: String?, planCode: String?, status: IssuanceStatus?
    ) throws -> [IssuanceListing] {
        try root.openStore().issuances(
            schoolCode: schoolCode, organizationCode: organizationCode, planCode: planCode, statuses: status.map { [$0] })
    }

    /// A candidate's score changes, oldest first.
    public static func scoreHistory(root: DataRoot, idNumber: String) throws -> [ScoreChange] {
        try root.openStore().scoreHistory(idNumber: idNumber.uppercased())
    }
}
