public import Domain

/// Column names of the 考核站点 template, in template order.
public enum SiteColumns {
    public static let certificate = "证书"
    public static let address = "考点地址"
    public static let contact = "联系人"
    public static let phone = "联系电话"
    public static let submit = "提交审核"

    public static let schema = TableSchema(
        title: "考核站点申报", sheetNames: ["考核站点", "考核站点申报"],
        columns: [
            ColumnSpec(certificate, required: true, aliases: ["证书代码", "证书名称", "考核证书"], hint: "证书代码或证书名称"),
            ColumnSpec(address, required: true, aliases: ["地址", "考核站点地址"], hint: "尽量精确到门牌号"),
            ColumnSpec(contact, required: false, hint: "选填"),
            ColumnSpec(phone, required: false, aliases: ["联系方式"], hint: "手机号或固定电话", text: true),
            ColumnSpec(submit, required: false, hint: "填“是”则导入后直接提交培训评价组织审核", choices: YesNo.labels),
        ])
}

extension SiteColumns {
    /// Where each column sits in `schema`, resolved by name.
    public enum At {
        public static let certificate = schema.position(SiteColumns.certificate)
        public static let address = schema.position(SiteColumns.address)
        public static let contact = schema.position(SiteColumns.contact)
        public static let phone = schema.position(SiteColumns.phone)
        public static let submit = schema.position(SiteColumns.submit)
    }
}
