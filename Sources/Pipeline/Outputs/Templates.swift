public import Domain
import Foundation
import Render
import Validate

/// The import kinds `kaowu template` and `kaowu import` know, with their schemas.
public enum TemplateKind: String, CaseIterable, Sendable {
    case candidates, candidatesUpdate = "candidates-update", catalog
    case sites, rooms
    case proctors, teachers
    case enrollmentsCertificate = "enrollments-certificate", enrollmentsSubject = "enrollments-subject"
    case enrollmentsDelete = "enrollments-delete"
    case schedule, scores, issuance

    public var title: String {
        switch self {
        case .candidates: "考生信息导入模板"
        case .candidatesUpdate: "批量修改考生信息模板"
        case .catalog: "目录（参考数据）导入模板"
        case .sites: "考核站点申报导入模板"
        case .rooms: "考场信息导入模板"
        case .proctors: "监考人员导入模板"
        case .teachers: "教师信息导入模板"
        case .enrollmentsCertificate: "按证书报考导入模板"
        case .enrollmentsSubject: "按科目报考导入模板"
        case .enrollmentsDelete: "批量删除报考模板"
        case .schedule: "排考导入模板（培训评价组织）"
        case .scores: "科目成绩导入模板（培训评价组织）"
        case .issuance: "签发决定导入模板（考核站点或培训评价组织）"
        }
    }

    public func schemas(category: CandidateCategory) -> [TableSchema] {
        switch self {
        case .candidates, .candidatesUpdate: [CandidateColumns.schema(for: category)]
        case .catalog: CatalogSheet.allCases.map(\.schema)
        case .sites: [SiteColumns.schema]
        case .rooms: [RoomColumns.schema]
        case .proctors: [ProctorColumns.schema]
        case .teachers: [TeacherColumns.schema]
        case .enrollmentsCertificate: [EnrollmentColumns.schema(for: .byCertificate)]
        case .enrollmentsSubject: [EnrollmentColumns.schema(for: .bySubject)]
        case .enrollmentsDelete: [EnrollmentColumns.schema(for: .delete)]
        case .schedule: [ScheduleColumns.schema]
        case .scores: [ScoreColumns.schema]
        case .issuance: [IssuanceColumns.schema]
        }
    }
}

/// Writes import templates from the same schemas the importer reads, so they never drift:
/// an instructions row, the header (required columns marked `*`, hints as comments),
/// drop-down lists for closed lists, and ID/phone columns formatted as text.
public enum TemplateWriter {
    static let dataRows = 10_000

    public static func write(_ kind: TemplateKind, category: CandidateCategory, to path: String) throws {
        try OutputFile(path).write { temporary in try write(kind, category: category, temporary: temporary, named: path) }
    }

    private static func write(_ kind: TemplateKind, category: CandidateCategory, temporary: String, named path: String) throws {
        do {
            let writer = try XlsxWorkbookWriter(path: temporary, constantMemory: false)
            for schema in kind.schemas(category: category) {
                let sheet = try writer.addSheet(named: schema.sheetNames.first ?? schema.title)
                let notes = schema.columns.filter { !$0.hint.isEmpty }.map { "\($0.name)：\($0.hint)" }
                let instructions = "填写说明：带 * 的列为必填；请从第 3 行开始填写，不要修改表头。" + notes.joined(separator: "；")
                try sheet.write(instructions, row: 0, column: 0, style: .note)
                for (column, spec) in schema.columns.enumerated() {
                    try sheet.write((spec.required ? "*" : "") + spec.name, row: 1, column: column, style: .header)
                    if !spec.hint.isEmpty { try sheet.comment(spec.hint, row: 1, column: column) }
                    try sheet.setColumns(column, column, width: spec.text ? 22 : 16, style: spec.text ? .text : .plain)
                    if !spec.choices.isEmpty {
                        try sheet.dropDown(firstRow: 2, lastRow: dataRows + 1, column: column, values: spec.choices)
                    }
                }
                sheet.freezeRows(2)
            }
            try writer.close()
        } catch {
            throw KaowuError(.outputWrite, "无法写入模板文件 \(path)", cause: error.description)
        }
    }
}
