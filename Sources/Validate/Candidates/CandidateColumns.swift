public import Domain

/// Column names of the candidates templates (院校考生 / 社会考生), in template order.
public enum CandidateColumns {
    public static let name = "姓名"
    public static let pinyin = "姓名拼音"
    public static let idType = "证件类型"
    public static let idNumber = "证件号码"
    public static let mobile = "手机号"
    public static let major = "就读专业"
    public static let majorLevel = "专业层次"
    public static let entranceYear = "入学年份"
    public static let employer = "工作单位"

    public static func schema(for category: CandidateCategory) -> TableSchema {
        let school = category == .school
        return TableSchema(
            title: category == .school ? "院校考生信息" : "社会考生信息",
            sheetNames: ["考生信息", category.label],
            columns: [
                ColumnSpec(name, required: true, aliases: ["考生姓名"], hint: "2–50 个汉字或英文字母，可含“·”"),
                ColumnSpec(pinyin, required: true, aliases: ["拼音"], hint: "英文字母和空格，如 zhang san"),
                ColumnSpec(idType, required: true, hint: "从下拉列表选择", choices: IDType.labels),
                ColumnSpec(idNumber, required: true, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true),
                ColumnSpec(mobile, required: true, aliases: ["手机号码", "联系电话"], hint: "11 位手机号", text: true),
                ColumnSpec(major, required: school, aliases: ["专业"], hint: school ? "院校考生必填" : "选填"),
                ColumnSpec(majorLevel, required: school, hint: "从下拉列表选择", choices: MajorLevel.labels),
                ColumnSpec(entranceYear, required: school, aliases: ["入学年度"], hint: "四位年份，如 2024", text: true),
                ColumnSpec(employer, required: false, aliases: ["单位"], hint: school ? "选填" : "社会考生填写"),
            ])
    }
}

extension CandidateColumns {
    /// Where each column sits in the schema, resolved by name (both categories' schemas list
    /// the same columns in the same order; a test holds them to it).
    public enum At {
        public static let name = schema(for: .school).position(CandidateColumns.name)
        public static let pinyin = schema(for: .school).position(CandidateColumns.pinyin)
        public static let idType = schema(for: .school).position(CandidateColumns.idType)
        public static let idNumber = schema(for: .school).position(CandidateColumns.idNumber)
        public static let mobile = schema(for: .school).position(CandidateColumns.mobile)
        public static let major = schema(for: .school).position(CandidateColumns.major)
        public static let majorLevel = schema(for: .school).position(CandidateColumns.majorLevel)
        public static let entranceYear = schema(for: .school).position(CandidateColumns.entranceYear)
        public static let employer = schema(for: .school).position(CandidateColumns.employer)
    }
}
