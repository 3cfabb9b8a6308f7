public import Domain
import Foundation
import Render
import Store
import Validate

/// The proctors and teachers exports (批量导出监考人员 / 教师).
extension Exports {
    static let proctorStatusHeader = "认证状态"
    static let teacherStatusHeader = "账号状态"

    /// 监考人员: one row per (proctor, certificate), since each certificate has its own state.
    static let proctorTable = ExportTable<ProctorCertificateRow>(
        sheetName: "监考人员",
        columns: [
            ExportColumn("院校代码", .text) { .text($0.proctor.schoolCode) },
            ExportColumn("院校名称", .text, width: 24) { .text($0.schoolName) },
            ExportColumn(ProctorColumns.name, .text, width: 12) { .text($0.proctor.name) },
            ExportColumn(ProctorColumns.idNumber, .text, width: 22) { .text($0.proctor.idNumber) },
            ExportColumn(ProctorColumns.mobile, .text, width: 14) { .text($0.proctor.mobile) },
            ExportColumn(ProctorColumns.gender, .text) { .label($0.proctor.gender) },
            ExportColumn(ProctorColumns.title, .text, width: 12) { .of($0.proctor.title) },
            ExportColumn("证书编号", .text) { .text($0.certificate.certificateCode) },
            ExportColumn(ProctorColumns.certificates, .text, width: 20) { .text($0.certificate.certificateName) },
            ExportColumn(proctorStatusHeader, .text, width: 12) { .label($0.certificate.status) },
            ExportColumn("认证意见", .text, width: 24) { .of($0.certificate.reason) },
            ExportColumn("认证时间", .dateTime) { $0.certificate.decidedAt.map { .date($0) } },
        ])

    /// 教师: the template's columns, the account status and when it was activated. Never a
    /// password or its hash (the store query does not read it).
    static let teacherTable = ExportTable<Teacher>(
        sheetName: "教师信息",
        columns: [
            ExportColumn(TeacherColumns.name, .text, width: 12) { .text($0.name) },
            ExportColumn(TeacherColumns.mobile, .text, width: 14) { .text($0.mobile) },
            ExportColumn(TeacherColumns.idNumber, .text, width: 22) { .of($0.idNumber) },
            ExportColumn(TeacherColumns.gender, .text) { .label($0.gender) },
            ExportColumn(TeacherColumns.major, .text, width: 18) { .of($0.major) },
            ExportColumn(TeacherColumns.title, .text, width: 12) { .of($0.title) },
            ExportColumn(TeacherColumns.email, .text, width: 24) { .of($0.email) },
            ExportColumn(teacherStatusHeader, .text) { .label($0.status) },
            ExportColumn("激活时间", .dateTime) { $0.activatedAt.map { .date($0) } },
        ])

    /// Exports proctors of one school, or those applying for one organization's certificates
    /// (at least one of the two), optionally one state and/or one certificate (code or name).
    public static func proctors(
        root: DataRoot, schoolCode: String?, organizationCode: String?, status: ProctorCertificationStatus?, certificate: String?,
        output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        guard schoolCode != nil || organizationCode != nil else {
            throw KaowuError(.exportScope, "请用 --school 或 --org 指定导出哪个单位的监考人员")
        }
        let school = try schoolCode.map { try store.existingSchool($0).code }
        let organization = try organizationCode.map { try store.existingOrganization($0) }
        let certificateCode = try certificate.map { text -> String in
            guard let code = CertificateIndex(try store.certificateList()).code(for: text) else {
                throw KaowuError(.certificateNotFound, "目录中没有证书“\(text)”")
            }
            return code
        }
        return try write(proctorTable, to: output, progress: progress) { row in
            try store.forEachProctorCertificate(
                schoolCode: school, organizationCode: organization, status: status, certificateCode: certificateCode, row)
        }
    }

    /// Exports the teachers of one school, optionally one account status.
    public static func teachers(root: DataRoot, schoolCode: String, status: TeacherStatus?, output: String, progress: RowProgress? = nil)
        throws -> Int
    {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        return try write(teacherTable, to: output, progress: progress) { row in
            try store.forEachTeacher(schoolCode: school, status: status, row)
        }
    }
}
