import Domain
import Pipeline

/// The `--json` shapes of the commands that are not imports (imports print `RecordSummary`).
/// Keys are stable; a value that does not apply is left out.
enum CommandJSON {
    /// A row or value a command refused, with its failure code and reason.
    struct Refusal: Encodable {
        let row: Int
        let value, code, message: String

        init(_ failure: Failure) {
            row = failure.row
            value = failure.value
            code = failure.code.rawValue
            message = failure.reason
        }
    }

    /// `kaowu candidates verify|confirm|delete`.
    struct Lifecycle: Encodable {
        let examined, verified, needsManualCheck, confirmed, deleted: Int
        let refusals: [Refusal]

        init(_ summary: LifecycleSummary) {
            examined = summary.examined
            verified = summary.verified
            needsManualCheck = summary.needsManualCheck
            confirmed = summary.confirmed
            deleted = summary.deleted
            refusals = summary.refusals.map(Refusal.init)
        }
    }

    /// `kaowu sites …` and `kaowu rooms …`.
    struct Changes: Encodable {
        let changed: Int
        let refusals: [Refusal]

        init(_ summary: SiteRoomSummary) {
            changed = summary.changed
            refusals = summary.refusals.map(Refusal.init)
        }
    }

    /// `kaowu proctors …`.
    struct ProctorDecision: Encodable {
        let action, idNumber: String
        var certificate, status: String?
    }

    /// `kaowu teachers activate`.
    struct Teacher: Encodable {
        let mobile, name, status: String
    }

    /// `kaowu payments …`: one 缴费申请单.
    struct PaymentOrder: Encodable {
        let order, plan, school, basis, certificate, status, statusLabel, createdAt: String
        let level, subject, confirmedAt: String?
        let count: Int
        let unitFee, amount: Double

        init(_ order: Domain.PaymentOrder) {
            self.order = order.number
            plan = order.planCode
            school = order.schoolCode
            basis = order.basis.rawValue
            certificate = order.certificateCode
            status = order.status.rawValue
            statusLabel = order.status.label
            createdAt = Clock.isoString(order.createdAt)
            level = order.level?.label
            subject = order.subjectCode
            confirmedAt = order.confirmedAt.map(Clock.isoString)
            count = order.count
            unitFee = order.unitFee
            amount = order.amount
        }
    }
}
