import Domain
import Validate

/// Recognizes a workbook made from another import kind's template, before any row is applied:
/// a 按证书报考 file dropped into 批量删除报考 would delete the enrollments it just made, and a
/// 监考人员 file imported as teachers would create accounts and hand out passwords. The file is
/// another kind's when its header holds every required column of that kind including one this
/// kind does not have, or when its sheet carries that kind's sheet name (and not this kind's)
/// and its header a column of that kind this kind does not have — and in both cases every
/// column of the header belongs to one of the two kinds.
enum TemplateMismatch {
    /// Every schema any import kind reads, with the name users know the kind by.
    static let known: [(label: String, schema: TableSchema)] = TemplateKind.allCases.flatMap { kind in
        let schemas =
            kind == .candidates
            ? CandidateCategory.allCases.map { CandidateColumns.schema(for: $0) } : kind.schemas(category: .school)
        return schemas.map { (kind == .catalog ? "目录·" + $0.title : $0.title, $0) }
    }

    /// The refusal for a sheet `sheet` whose header is `header`, read as `schema`; nil when the
    /// file may well be this kind's.
    static func refusal(schema: TableSchema, sheet: String, header: [(column: Int, text: String)], fileName: String) -> KaowuError? {
        let ownColumns = Set(schema.columns.flatMap(keys))
        for (label, other) in known where other.title != schema.title {
            let match = other.match(header: header)
            // The other kind's columns in this header that this kind has no use for.
            let foreign = zip(other.columns, match.sheetColumns).filter { spec, column in
                column != nil && ownColumns.isDisjoint(with: keys(spec))
            }.map(\.0)
            // A sheet name alone proves little (users copy workbooks and keep the tab's name).
            let sheetSays = other.sheetNames.contains(sheet) && !schema.sheetNames.contains(sheet) && !foreign.isEmpty
            let columnsSay = match.missingRequired.isEmpty && match.matchedCount >= 2 && foreign.contains(where: \.required)
            // A header with columns neither kind knows is no template of the other kind but a
            // list of its own (the enrollments export, read back into 批量删除报考, is one).
            let otherColumns = Set(other.columns.flatMap(keys))
            let strangers = header.map { TableSchema.normalizeHeader($0.text) }.filter {
                !$0.isEmpty && !ownColumns.contains($0) && !otherColumns.contains($0)
            }
            guard sheetSays || columnsSay, strangers.isEmpty else { continue }
            let evidence =
                sheetSays
                ? "工作表名为“\(sheet)”" : "表头含有“\(label)”的必填列（\(other.columns.filter(\.required).map(\.name).joined(separator: "、"))）"
            return KaowuError(
                .fileWrongTemplate,
                "文件“\(fileName)”是“\(label)”的表格（\(evidence)），不能作为“\(schema.title)”导入；未做任何修改。请确认选择的导入类型，或使用 kaowu template 生成的“\(schema.title)”模板"
            )
        }
        return nil
    }

    /// A column's name and aliases as header keys.
    private static func keys(_ spec: ColumnSpec) -> [String] {
        ([spec.name] + spec.aliases).map(TableSchema.normalizeHeader)
    }
}
