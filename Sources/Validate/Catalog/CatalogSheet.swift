public import Domain
import Foundation

/// The sheets of the catalog workbook, in the order they are imported (later sheets refer
/// to earlier ones).
public enum CatalogSheet: String, CaseIterable, Sendable {
    case organizations, schools, certificates, subjects, plans, sessions, sites, allocations

    public var schema: TableSchema {
        switch self {
        case .organizations:
            TableSchema(
                title: "培训评价组织", sheetNames: ["培训评价组织"],
                columns: [
                    ColumnSpec("组织代码", required: true), ColumnSpec("组织名称", required: true),
                    ColumnSpec("联系人", required: false), ColumnSpec("联系电话", required: false, text: true),
                    ColumnSpec("印章文件", required: false, hint: "PNG 文件路径"),
                ])
        case .schools:
            TableSchema(
                title: "院校", sheetNames: ["院校", "试点院校"],
                columns: [
                    ColumnSpec("院校代码", required: true), ColumnSpec("院校名称", required: true), ColumnSpec("省份", required: true),
                    ColumnSpec("联系人", required: false), ColumnSpec("联系电话", required: false, text: true),
                    ColumnSpec("站点负责人", required: false), ColumnSpec("签章文件", required: false, hint: "PNG 文件路径"),
                ])
        case .certificates:
            TableSchema(
                title: "证书", sheetNames: ["证书"],
                columns: [
                    ColumnSpec("证书代码", required: true), ColumnSpec("证书名称", required: true), ColumnSpec("组织代码", required: true),
                    ColumnSpec("等级", required: true, hint: "初级、中级、高级，多个用“、”分隔"),
                    ColumnSpec("适用专业", required: false, hint: "多个用“、”分隔；留空表示不限专业"),
                ])
        case .subjects:
            TableSchema(
                title: "科目", sheetNames: ["科目"],
                columns: [
                    ColumnSpec("证书代码", required: true), ColumnSpec("等级", required: true, choices: CertificateLevel.labels),
                    ColumnSpec("科目代码", required: true), ColumnSpec("科目名称", required: true),
                    ColumnSpec("考试类型", required: true, choices: ExamType.labels),
                    ColumnSpec("参考对象", required: true, hint: "所有考生，或某一类考生的名称"),
                    ColumnSpec("满分", required: true), ColumnSpec("及格分", required: true),
                ])
        case .plans:
            TableSchema(
                title: "考试计划", sheetNames: ["考试计划"],
                columns: [
                    ColumnSpec("计划编号", required: true), ColumnSpec("计划名称", required: true), ColumnSpec("组织代码", required: true),
                    ColumnSpec("证书", required: true, hint: "证书代码，多个用“、”分隔"),
                    ColumnSpec("参与院校", required: true, hint: "院校代码，多个用“、”分隔"),
                    ColumnSpec("报考方式", required: true, choices: EnrollmentMode.labels),
                    ColumnSpec("报名开始", required: true), ColumnSpec("报名结束", required: true),
                    ColumnSpec("排考开始", required: true), ColumnSpec("排考结束", required: true),
                    ColumnSpec("成绩登记开始", required: true), ColumnSpec("成绩登记结束", required: true),
                    ColumnSpec("公示结束", required: true),
                    ColumnSpec("按证书收费", required: false, hint: "元/证书"), ColumnSpec("按科目收费", required: false, hint: "元/科目"),
                    ColumnSpec("缴费后排考", required: false, hint: "不填：计划收费时只排已缴费的报考", choices: YesNo.labels),
                ])
        case .sessions:
            TableSchema(
                title: "考试安排", sheetNames: ["考试安排", "科目安排"],
                columns: [
                    ColumnSpec("计划编号", required: true), ColumnSpec("证书代码", required: true),
                    ColumnSpec("等级", required: true, choices: CertificateLevel.labels), ColumnSpec("科目代码", required: true),
                    ColumnSpec("开始时间", required: true), ColumnSpec("结束时间", required: true),
                ])
        case .sites:
            TableSchema(
                title: "考核站点", sheetNames: ["考核站点"],
                columns: [
                    ColumnSpec("院校代码", required: true), ColumnSpec("证书代码", required: true),
                    ColumnSpec("站点名称", required: false, hint: "留空则生成：院校名称+证书名称+考核站点"),
                    ColumnSpec("地址", required: true), ColumnSpec("状态", required: true, choices: SiteStatus.labels),
                ])
        case .allocations:
            TableSchema(
                title: "借考分配", sheetNames: ["借考分配", "借考"],
                columns: [
                    ColumnSpec("计划编号", required: true), ColumnSpec("院校代码", required: true),
                    ColumnSpec("证书代码", required: true), ColumnSpec("承办院校代码", required: true),
                ])
        }
    }

    /// Only organizations and schools are needed for a usable catalog; the rest is optional.
    public var isRequired: Bool { self == .schools }
}

/// A decoded catalog row, ready to be stored.
public enum CatalogEntry: Sendable {
    case organization(Organization)
    case school(School)
    case certificate(Certificate)
    case subject(Subject)
    case plan(ExamPlan)
    case session(PlanSession)
    case site(AssessmentSite)
    case allocation(SiteAllocation)
}
