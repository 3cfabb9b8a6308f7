public import Domain
import Foundation
import Store
import Validate

/// 缴费申请单 (MISSION.md section 7): a school groups its unpaid enrollments of a plan into
/// orders priced by the plan's fee; the organization confirms an order, which marks its
/// enrollments paid; only an unconfirmed order can be deleted (its enrollments are released).
public enum PaymentOrders {
    /// Generates one order per certificate (or per subject) from the school's enrollments of
    /// the plan that are neither paid nor in an order yet; returns the new orders (none when
    /// there is nothing to order).
    public static func generate(root: DataRoot, schoolCode: String, planCode: String, basis: PaymentBasis, clock: Clock) throws
        -> [PaymentOrder]
    {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        let planCode = Normalize.code(planCode)
        guard let plan = try store.enrollmentCatalogFacts().plans.first(where: { $0.code == planCode }) else {
            throw KaowuError(.planNotFound, "考试计划“\(planCode)”不存在")
        }
        let fee = basis == .byCertificate ? plan.feePerCertificate : plan.feePerSubject
        guard let fee else {
            throw KaowuError(.paymentNoFee, "考试计划“\(planCode)”没有设置\(basis.label)收费标准，不能\(basis.label)生成缴费申请单")
        }
        return try store.transaction {
            let prefix = orderPrefix(school: school, clock: clock)
            var next = (try store.paymentOrderNumbers(prefix: prefix).compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0) + 1
            var orders: [PaymentOrder] = []
            for group in try store.unorderedEnrollmentGroups(schoolCode: school, planCode: planCode, basis: basis) where group.count > 0 {
                let order = PaymentOrder(
                    number: prefix + String(format: "%03d", next), planCode: planCode, schoolCode: school, basis: basis,
                    certificateCode: group.certificateCode, level: group.level, subjectCode: group.subjectCode, count: group.count,
                    unitFee: fee, amount: fee * Double(group.count), status: .unconfirmed, createdAt: clock.now, confirmedAt: nil)
                try store.insertPaymentOrder(order)
                orders.append(order)
                next += 1
            }
            return orders
        }
    }

    /// The organization confirms receipt: the order becomes 已确认 and its enrollments paid.
    public static func confirm(root: DataRoot, number: String, clock: Clock) throws -> PaymentOrder {
        let store = try root.openStore()
        return try store.transaction {
            let order = try existing(number, in: store)
            guard order.status == .unconfirmed else {
                throw KaowuError(.paymentConfirmed, "缴费申请单 \(order.number) 已确认，不能重复确认")
            }
            try store.confirmPaymentOrder(number: order.number, at: clock.now)
            var confirmed = order
            confirmed.status = .confirmed
            confirmed.confirmedAt = clock.now
            return confirmed
        }
    }

    /// Deletes an unconfirmed order and releases its enrollments; a confirmed one is refused.
    /// With `schoolCode`, only that school's order (a school deletes its own orders).
    public static func delete(root: DataRoot, number: String, schoolCode: String? = nil) throws -> PaymentOrder {
        let store = try root.openStore()
        return try store.transaction {
            let order = try existing(number, in: store)
            if let schoolCode, order.schoolCode != Normalize.code(schoolCode) {
                throw KaowuError(.paymentNotFound, "本校没有缴费申请单 \(number)")
            }
            guard order.status == .unconfirmed else {
                throw KaowuError(.paymentLocked, "缴费申请单 \(order.number) 已确认，不能删除")
            }
            try store.deletePaymentOrder(number: order.number)
            return order
        }
    }

    /// Orders of a school and/or plan.
    public static func list(root: DataRoot, schoolCode: String?, planCode: String?) throws -> [PaymentOrder] {
        try root.openStore().paymentOrders(schoolCode: schoolCode.map(Normalize.code), planCode: planCode.map(Normalize.code))
    }

    private static func existing(_ number: String, in store: Store) throws -> PaymentOrder {
        guard let order = try store.paymentOrder(number: Normalize.code(number)) else {
            throw KaowuError(.paymentNotFound, "缴费申请单 \(number) 不存在")
        }
        return order
    }

    /// `JF<school>-<yyyyMMdd>-`: the sequence after it counts that school's orders of the day.
    private static func orderPrefix(school: String, clock: Clock) -> String {
        let today = clock.today
        return "JF\(school)-" + String(format: "%04d%02d%02d", today.year, today.month, today.day) + "-"
    }
}
