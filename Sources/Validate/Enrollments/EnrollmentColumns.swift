public import Domain
import Foundation

/// Column names of the enrollment templates, and where each sits in each template.
public enum EnrollmentColumns {
    public static let plan = "考试计划编号"
    public static let idNumber = "证件号码"
    public static let name = "姓名"
    public static let certificate = "证书"
    public static let level = "等级"
    public static let subject = "科目"
    public static let audience = "参考对象类型"

    public static func schema(for action: EnrollmentAction) -> TableSchema {
        let plan = ColumnSpec(EnrollmentColumns.plan, required: true, aliases: ["计划编号", "考试计划"], hint: "如 P2026-01")
        let id = ColumnSpec(idNumber, required: true, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true)
        let person = ColumnSpec(name, required: true, aliases: ["考生姓名"], hint: "与考生信息中的姓名一致")
        let certificate = ColumnSpec(
            EnrollmentColumns.certificate, required: true, aliases: ["证书名称", "证书代码", "证书编号"], hint: "证书代码或名称")
        let level = ColumnSpec(
            EnrollmentColumns.level, required: true, aliases: ["证书等级"], hint: "从下拉列表选择", choices: CertificateLevel.labels)
        let audience = ColumnSpec(EnrollmentColumns.audience, required: false, hint: "有面向特定参考对象的科目时必填")
        switch action {
        case .byCertificate:
            return TableSchema(
                title: "按证书报考", sheetNames: ["按证书报考", "报考信息"], columns: [plan, id, person, certificate, level, audience])
        case .bySubject:
            let subject = ColumnSpec(EnrollmentColumns.subject, required: true, aliases: ["科目名称", "科目代码"], hint: "科目代码或名称")
            return TableSchema(
                title: "按科目报考", sheetNames: ["按科目报考", "报考信息"], columns: [plan, id, person, certificate, level, subject, audience])
        case .delete:
            let subject = ColumnSpec(EnrollmentColumns.subject, required: false, aliases: ["科目名称", "科目代码"], hint: "不填则删除该证书的全部科目")
            return TableSchema(title: "批量删除报考", sheetNames: ["批量删除报考", "删除报考"], columns: [plan, id, certificate, subject])
        }
    }

    /// Schema positions of each column in one action's template (nil: not in it), resolved by
    /// name from that action's schema.
    struct Layout: Sendable {
        let plan: Int, idNumber: Int, certificate: Int
        let name: Int?, level: Int?, subject: Int?, audience: Int?

        init(_ action: EnrollmentAction) {
            let schema = EnrollmentColumns.schema(for: action)
            plan = schema.position(EnrollmentColumns.plan)
            idNumber = schema.position(EnrollmentColumns.idNumber)
            certificate = schema.position(EnrollmentColumns.certificate)
            name = schema.index(of: EnrollmentColumns.name)
            level = schema.index(of: EnrollmentColumns.level)
            subject = schema.index(of: EnrollmentColumns.subject)
            audience = schema.index(of: EnrollmentColumns.audience)
        }
    }
}
