public import Domain

/// Column names of the 排考 template (organization side), in template order.
public enum ScheduleColumns {
    public static let plan = "考试计划编号"
    public static let idNumber = "证件号码"
    public static let subject = "科目"
    public static let site = "考核站点"
    public static let room = "考场名称"
    public static let seat = "座位号"
    public static let ticket = "准考证号"

    public static let schema = TableSchema(
        title: "排考", sheetNames: ["排考", "排考信息", "考场安排"],
        columns: [
            ColumnSpec(plan, required: true, aliases: ["计划编号", "考试计划"], hint: "目录中的考试计划编号", text: true),
            ColumnSpec(idNumber, required: true, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true),
            ColumnSpec(subject, required: true, aliases: ["科目代码", "科目名称", "考试科目"], hint: "考生已报考的科目代码或名称"),
            ColumnSpec(site, required: true, aliases: ["考核站点名称", "考点"], hint: "考核站点名称，或其所属院校代码"),
            ColumnSpec(room, required: true, aliases: ["考场"], hint: "该站点为该科目设置的考场名称"),
            ColumnSpec(seat, required: true, aliases: ["座位"], hint: "1 至考场座位数", text: true),
            ColumnSpec(ticket, required: false, aliases: ["准考证"], hint: "留空则按 计划-院校-序号 生成", text: true),
        ])
}

extension ScheduleColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let plan = schema.position(ScheduleColumns.plan)
        public static let idNumber = schema.position(ScheduleColumns.idNumber)
        public static let subject = schema.position(ScheduleColumns.subject)
        public static let site = schema.position(ScheduleColumns.site)
        public static let room = schema.position(ScheduleColumns.room)
        public static let seat = schema.position(ScheduleColumns.seat)
        public static let ticket = schema.position(ScheduleColumns.ticket)
    }
}
