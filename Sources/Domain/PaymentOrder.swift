public import Foundation

/// 缴费申请单: a school's unpaid enrollments of one plan and certificate (or subject), priced by
/// the plan's fee.
public struct PaymentOrder: Sendable, Hashable {
    public var number, planCode, schoolCode: String
    public var basis: PaymentBasis
    public var certificateCode: String
    public var level: CertificateLevel?
    public var subjectCode: String?
    public var count: Int
    public var unitFee, amount: Double
    public var status: PaymentOrderStatus
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(
        number: String, planCode: String, schoolCode: String, basis: PaymentBasis, certificateCode: String, level: CertificateLevel?,
        subjectCode: String?, count: Int, unitFee: Double, amount: Double, status: PaymentOrderStatus, createdAt: Date,
        confirmedAt: Date?
    ) {
        self.number = number
        self.planCode = planCode
        self.schoolCode = schoolCode
        self.basis = basis
        self.certificateCode = certificateCode
        self.level = level
        self.subjectCode = subjectCode
        self.count = count
        self.unitFee = unitFee
        self.amount = amount
        self.status = status
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
    }
}
