public import Domain
import Foundation

/// Column names of the 考场 template, in template order.
public enum RoomColumns {
    public static let plan = "考试计划编号"
    public static let site = "考核站点"
    public static let certificate = "证书"
    public static let subject = "科目"
    public static let name = "考场名称"
    public static let address = "考场地址"
    public static let seats = "座位数"
    public static let level = "等级"
    /// Export-only columns.
    public static let type = "考场类型"
    public static let status = "考场状态"

    public static let seatRange = 1...500

    public static let schema = TableSchema(
        title: "考场信息", sheetNames: ["考场信息", "考场"],
        columns: [
            ColumnSpec(plan, required: true, aliases: ["计划编号", "考试计划"], hint: "目录中的考试计划编号", text: true),
            ColumnSpec(site, required: true, aliases: ["考核站点名称", "考点"], hint: "考核站点名称，或其所属院校代码（借考时填承办院校）"),
            ColumnSpec(certificate, required: true, aliases: ["证书代码", "证书名称", "考试证书"], hint: "证书代码或证书名称"),
            ColumnSpec(subject, required: true, aliases: ["科目代码", "科目名称", "考试科目"], hint: "科目代码或名称；考场类型按科目的考试类型自动生成"),
            ColumnSpec(name, required: true, aliases: ["考场"], hint: "机房、教室或实训室的名字，如 107 室、13 号机房"),
            ColumnSpec(address, required: true, aliases: ["地址"], hint: "尽量精确到门牌号，将印在准考证上"),
            ColumnSpec(seats, required: true, aliases: ["考位数", "座位数量"], hint: "1–500 的整数", text: true),
            ColumnSpec(level, required: false, aliases: ["证书等级"], hint: "科目在多个等级中同名时必填", choices: CertificateLevel.labels),
        ])
}

extension RoomColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let plan = schema.position(RoomColumns.plan)
        public static let site = schema.position(RoomColumns.site)
        public static let certificate = schema.position(RoomColumns.certificate)
        public static let subject = schema.position(RoomColumns.subject)
        public static let name = schema.position(RoomColumns.name)
        public static let address = schema.position(RoomColumns.address)
        public static let seats = schema.position(RoomColumns.seats)
        public static let level = schema.position(RoomColumns.level)
    }
}
