public import Domain
public import Foundation

/// 缴费申请单: a school's unpaid enrollments grouped, priced, confirmed or deleted.
extension Store {
    /// A school's enrollments of a plan that are neither paid nor in an order, grouped as the
    /// orders `basis` makes: per certificate (counting candidate-levels) or per subject.
    public func unorderedEnrollmentGroups(schoolCode: String, planCode: String, basis: PaymentBasis) throws
        -> [(certificateCode: String, level: CertificateLevel?, subjectCode: String?, count: Int)]
    {
        switch basis {
        case .byCertificate:
            return try connection.statement(
                """
                SELECT certificate_code, count(DISTINCT id_number || '|' || level) FROM enrollments
                WHERE school_code = ? AND plan_code = ? AND paid = 0 AND order_no IS NULL
                GROUP BY certificate_code ORDER BY certificate_code
                """
            ).bind([.text(schoolCode), .text(planCode)]).rows { row in (try row.string(0), nil, nil, try row.int(1)) }
        case .bySubject:
            return try connection.statement(
                """
                SELECT certificate_code, level, subject_code, count(*) FROM enrollments
                WHERE school_code = ? AND plan_code = ? AND paid = 0 AND order_no IS NULL
                GROUP BY certificate_code, level, subject_code ORDER BY certificate_code, level, subject_code
                """
            ).bind([.text(schoolCode), .text(planCode)]).rows { row in
                (try row.string(0), try row.value(1, as: CertificateLevel.self), row.text(2), try row.int(3))
            }
        }
    }

    /// Stores a new order and puts the enrollments it covers into it.
    public func insertPaymentOrder(_ order: PaymentOrder) throws {
        try connection.statement(
            """
            INSERT INTO payment_orders (order_no, plan_code, school_code, basis, certificate_code, level, subject_code, count,
              unit_fee, amount, status, created_at, confirmed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind([
            .text(order.number), .text(order.planCode), .text(order.schoolCode), .text(order.basis.rawValue),
            .text(order.certificateCode), .of(order.level?.rawValue), .of(order.subjectCode), .of(order.count), .real(order.unitFee),
            .real(order.amount), .text(order.status.rawValue), .text(Clock.isoString(order.createdAt)),
            .of(order.confirmedAt.map(Clock.isoString)),
        ]).run()
        try connection.statement(
            """
            UPDATE enrollments SET order_no = ?1
            WHERE school_code = ?2 AND plan_code = ?3 AND certificate_code = ?4 AND paid = 0 AND order_no IS NULL
              AND (?5 IS NULL OR (level = ?5 AND subject_code = ?6))
            """
        ).bind([
            .text(order.number), .text(order.schoolCode), .text(order.planCode), .text(order.certificateCode),
            .of(order.subjectCode == nil ? nil : order.level?.rawValue), .of(order.subjectCode),
        ]).run()
    }

    /// The order numbers already taken that start with `prefix`.
    public func paymentOrderNumbers(prefix: String) throws -> [String] {
        try connection.statement("SELECT order_no FROM payment_orders WHERE substr(order_no, 1, ?) = ?")
            .bind([.of(prefix.utf8.count), .text(prefix)]).rows { try $0.string(0) }
    }

    public func paymentOrder(number: String) throws -> PaymentOrder? {
        try connection.statement(Store.orderSelect + " WHERE order_no = ?").bind([.text(number)]).first(Store.decodeOrder)
    }

    /// Orders of a school and/or plan (all when both are nil), by number.
    public func paymentOrders(schoolCode: String?, planCode: String?) throws -> [PaymentOrder] {
        var conditions: [String] = []
        var values: [SQLiteValue?] = []
        if let schoolCode {
            conditions.append("school_code = ?")
            values.append(.text(schoolCode))
        }
        if let planCode {
            conditions.append("plan_code = ?")
            values.append(.text(planCode))
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try connection.statement(Store.orderSelect + filter + " ORDER BY order_no").bind(values).rows(Store.decodeOrder)
    }

    /// Marks the order confirmed and its enrollments paid.
    public func confirmPaymentOrder(number: String, at date: Date) throws {
        try connection.statement("UPDATE payment_orders SET status = ?, confirmed_at = ? WHERE order_no = ?")
            .bind([.text(PaymentOrderStatus.confirmed.rawValue), .text(Clock.isoString(date)), .text(number)]).run()
        try connection.statement("UPDATE enrollments SET paid = 1 WHERE order_no = ?").bind([.text(number)]).run()
    }

    /// Deletes the order and releases its enrollments (unpaid, in no order again).
    public func deletePaymentOrder(number: String) throws {
        try connection.statement("UPDATE enrollments SET order_no = NULL WHERE order_no = ? AND paid = 0").bind([.text(number)]).run()
        try connection.statement("DELETE FROM payment_orders WHERE order_no = ?").bind([.text(number)]).run()
    }

    private static let orderSelect = """
        SELECT order_no, plan_code, school_code, basis, certificate_code, level, subject_code, count, unit_fee, amount, status,
          created_at, confirmed_at FROM payment_orders
        """

    private static func decodeOrder(_ row: SQLiteStatement) throws -> PaymentOrder {
        PaymentOrder(
            number: try row.string(0), planCode: try row.string(1), schoolCode: try row.string(2),
            basis: try row.value(3, as: PaymentBasis.self), certificateCode: try row.string(4),
            level: try row.optionalValue(5, as: CertificateLevel.self), subjectCode: row.text(6), count: try row.int(7),
            unitFee: try row.double(8), amount: try row.double(9),
            status: try row.value(10, as: PaymentOrderStatus.self),
            createdAt: try row.date(11),
            confirmedAt: try row.optionalDate(12))
    }
}
