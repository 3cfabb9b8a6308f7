public import Domain

/// Column names of the 教师 template, in template order.
public enum TeacherColumns {
    public static let name = "姓名"
    public static let mobile = "手机号"
    public static let idNumber = "证件号码"
    public static let gender = "性别"
    public static let major = "所教专业"
    public static let title = "职称"
    public static let email = "邮箱"

    public static let schema = TableSchema(
        title: "教师信息",
        sheetNames: ["教师信息", "教师"],
        columns: [
            ColumnSpec(name, required: true, aliases: ["教师姓名"], hint: "2–50 个汉字或英文字母，可含“·”"),
            ColumnSpec(mobile, required: true, aliases: ["手机号码", "联系电话", "账号"], hint: "11 位手机号，作为登录账号，不能重复", text: true),
            ColumnSpec(idNumber, required: false, aliases: ["身份证号", "身份证号码", "证件号"], hint: "选填，18 位居民身份证号码，本列为文本格式", text: true),
            ColumnSpec(gender, required: false, hint: "从下拉列表选择", choices: Gender.labels),
            ColumnSpec(major, required: false, aliases: ["专业", "任教专业"], hint: "选填"),
            ColumnSpec(title, required: false, aliases: ["职务职称"], hint: "选填，如 讲师、副教授"),
            ColumnSpec(email, required: false, aliases: ["电子邮箱", "邮件"], hint: "选填，如 name@example.com"),
        ])
}

extension TeacherColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let name = schema.position(TeacherColumns.name)
        public static let mobile = schema.position(TeacherColumns.mobile)
        public static let idNumber = schema.position(TeacherColumns.idNumber)
        public static let gender = schema.position(TeacherColumns.gender)
        public static let major = schema.position(TeacherColumns.major)
        public static let title = schema.position(TeacherColumns.title)
        public static let email = schema.position(TeacherColumns.email)
    }
}
