public import Domain

/// Column names of the 科目成绩 template (organization side), in template order.
public enum ScoreColumns {
    public static let plan = "考试计划编号"
    public static let ticket = "准考证号"
    public static let idNumber = "证件号码"
    public static let subject = "科目"
    public static let score = "成绩"

    public static let schema = TableSchema(
        title: "科目成绩", sheetNames: ["科目成绩", "成绩", "成绩登记"],
        columns: [
            ColumnSpec(plan, required: true, aliases: ["计划编号", "考试计划"], hint: "目录中的考试计划编号", text: true),
            ColumnSpec(ticket, required: false, aliases: ["准考证"], hint: "准考证号与证件号码至少填一项", text: true),
            ColumnSpec(idNumber, required: false, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true),
            ColumnSpec(subject, required: true, aliases: ["科目代码", "科目名称", "考试科目"], hint: "考生已报考的科目代码或名称"),
            ColumnSpec(score, required: true, aliases: ["分数", "科目成绩"], hint: "0 至满分的数字，或“缺考”"),
        ])
}

extension ScoreColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let plan = schema.position(ScoreColumns.plan)
        public static let ticket = schema.position(ScoreColumns.ticket)
        public static let idNumber = schema.position(ScoreColumns.idNumber)
        public static let subject = schema.position(ScoreColumns.subject)
        public static let score = schema.position(ScoreColumns.score)
    }
}
