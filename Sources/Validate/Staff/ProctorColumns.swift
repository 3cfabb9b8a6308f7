public import Domain

/// Column names of the 监考人员 template, in template order.
public enum ProctorColumns {
    public static let name = "姓名"
    public static let idNumber = "证件号码"
    public static let mobile = "手机号"
    public static let gender = "性别"
    public static let title = "职称"
    public static let certificates = "监考证书"

    public static let schema = TableSchema(
        title: "监考人员信息",
        sheetNames: ["监考人员信息", "监考人员"],
        columns: [
            ColumnSpec(name, required: true, aliases: ["监考人员姓名", "教师姓名"], hint: "2–50 个汉字或英文字母，可含“·”"),
            ColumnSpec(idNumber, required: true, aliases: ["身份证号", "身份证号码", "证件号"], hint: "18 位居民身份证号码，本列为文本格式", text: true),
            ColumnSpec(mobile, required: true, aliases: ["手机号码", "联系电话"], hint: "11 位手机号", text: true),
            ColumnSpec(gender, required: false, hint: "从下拉列表选择；不填时按身份证号码判断", choices: Gender.labels),
            ColumnSpec(title, required: false, aliases: ["职务职称"], hint: "选填，如 讲师、副教授"),
            ColumnSpec(
                certificates, required: true, aliases: ["证书", "证书名称"], hint: "证书名称或证书编号；多个证书用顿号、逗号或分号分隔"),
        ])

    /// What separates several certificates in one 监考证书 cell.
    public static let separators: Set<Character> = ["、", ",", ";", "，", "；", "\n"]
}

extension ProctorColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let name = schema.position(ProctorColumns.name)
        public static let idNumber = schema.position(ProctorColumns.idNumber)
        public static let mobile = schema.position(ProctorColumns.mobile)
        public static let gender = schema.position(ProctorColumns.gender)
        public static let title = schema.position(ProctorColumns.title)
        public static let certificates = schema.position(ProctorColumns.certificates)
    }
}
