public import Domain
import Foundation
import Render
import Store
import Validate

/// The enrollment and payment-order exports: one row per enrolled subject with the candidate
/// snapshot taken at enrollment, and one row per order.
extension Exports {
    /// 报考信息; the exam status column follows `clock` (未排考 → 待考试 → 考试中 → 已结束).
    static func enrollmentTable(clock: Clock) -> ExportTable<EnrollmentRecord> {
        ExportTable<EnrollmentRecord>(
            sheetName: "报考信息",
            columns: [
                ExportColumn(EnrollmentColumns.plan, .text, width: 14) { .text($0.planCode) },
                ExportColumn(schoolHeader, .text) { .text($0.schoolCode) },
                ExportColumn(CandidateColumns.name, .text, width: 12) { .text($0.name) },
                ExportColumn(CandidateColumns.pinyin, .text, width: 18) { .text($0.pinyin) },
                ExportColumn(CandidateColumns.idType, .text, width: 14) { .label($0.idType) },
                ExportColumn(CandidateColumns.idNumber, .text, width: 22) { .text($0.idNumber) },
                ExportColumn(CandidateColumns.mobile, .text, width: 14) { .text($0.mobile) },
                ExportColumn(CandidateColumns.major, .text, width: 18) { .of($0.major) },
                ExportColumn(categoryHeader, .text) { .label($0.category) },
                ExportColumn(EnrollmentColumns.certificate, .text) { .text($0.certificateCode) },
                ExportColumn(EnrollmentColumns.level, .text) { .label($0.level) },
                ExportColumn(EnrollmentColumns.subject, .text) { .text($0.subjectCode) },
                ExportColumn(EnrollmentColumns.audience, .text) { .of($0.audience) },
                ExportColumn(modeHeader, .text) { .label($0.mode) },
                ExportColumn(paymentHeader, .text, width: 12) { .label($0.paymentStatus) },
                ExportColumn(orderHeader, .text, width: 26) { .of($0.orderNumber) },
                ExportColumn(scheduleHeader, .text) { .label($0.scheduled ? EnrollmentScheduleStatus.scheduled : .unscheduled) },
                ExportColumn(examStatusHeader, .text) {
                    .label(EnrollmentExamStatus.at(clock.now, seated: $0.scheduled, session: $0.session))
                },
                ExportColumn(enrolledAtHeader, .dateTime) { $0.createdAt.map { .date($0) } },
            ])
    }

    static let paymentOrderTable = ExportTable<PaymentOrder>(
        sheetName: "缴费申请单",
        columns: [
            ExportColumn(orderHeader, .text, width: 26) { .text($0.number) },
            ExportColumn(EnrollmentColumns.plan, .text, width: 14) { .text($0.planCode) },
            ExportColumn(schoolHeader, .text) { .text($0.schoolCode) },
            ExportColumn(basisHeader, .text) { .label($0.basis) },
            ExportColumn(EnrollmentColumns.certificate, .text) { .text($0.certificateCode) },
            ExportColumn(EnrollmentColumns.level, .text) { .label($0.level) },
            ExportColumn(EnrollmentColumns.subject, .text) { .of($0.subjectCode) },
            ExportColumn(countHeader, .integer) { .of($0.count) },
            ExportColumn(unitFeeHeader, .number) { .number($0.unitFee) },
            ExportColumn(amountHeader, .number) { .number($0.amount) },
            ExportColumn(orderStatusHeader, .text) { .label($0.status) },
            ExportColumn(createdHeader, .dateTime) { .date($0.createdAt) },
            ExportColumn(confirmedHeader, .dateTime) { $0.confirmedAt.map { .date($0) } },
        ])

    static let schoolHeader = "院校代码"
    static let modeHeader = "报考方式"
    static let paymentHeader = "缴费状态"
    static let orderHeader = "缴费申请单号"
    static let scheduleHeader = "排考状态"
    static let examStatusHeader = "报考状态"
    static let enrolledAtHeader = "报考时间"
    static let basisHeader = "收费方式"
    static let countHeader = "人数"
    static let unitFeeHeader = "单价（元）"
    static let amountHeader = "金额（元）"
    static let orderStatusHeader = "状态"
    static let createdHeader = "生成时间"
    static let confirmedHeader = "确认时间"

    /// Exports enrollments (of a school, plan and/or certificate); returns the rows written.
    public static func enrollments(
        root: DataRoot, schoolCode: String?, planCode: String?, certificateCode: String?, clock: Clock, output: String,
        progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        return try write(enrollmentTable(clock: clock), to: output, progress: progress) { row in
            try store.forEachEnrollment(
                schoolCode: schoolCode.map(Normalize.code), planCode: planCode.map(Normalize.code),
                certificateCode: certificateCode.map(Normalize.code), row)
        }
    }

    /// Exports payment orders (of a school and/or plan); returns the rows written.
    public static func paymentOrders(root: DataRoot, schoolCode: String?, planCode: String?, output: String, progress: RowProgress? = nil)
        throws -> Int
    {
        let orders = try PaymentOrders.list(root: root, schoolCode: schoolCode, planCode: planCode)
        return try write(paymentOrderTable, to: output, progress: progress) { row in
            for order in orders { try row(order) }
        }
    }
}
