public import Domain
import Foundation
import Render
import Store
import Validate

/// One stored score as the 科目成绩 export lists it.
struct ScoreRow: Sendable {
    let planCode: String
    let ticket: String?
    let name, idNumber: String
    let session: SessionKey
    let score: SubjectScore?
    let recordID: String
}

/// The scores, results (证书考核详情) and issuance (发证记录) exports (MISSION.md section 7).
extension Exports {
    /// 科目成绩: the import template's columns first, so a corrected export imports again.
    static let scoreTable = ExportTable<ScoreRow>(
        sheetName: "科目成绩",
        columns: [
            ExportColumn(ScoreColumns.plan, .text, width: 12) { .text($0.planCode) },
            ExportColumn(ScoreColumns.ticket, .text, width: 22) { .of($0.ticket) },
            ExportColumn(ScoreColumns.idNumber, .text, width: 22) { .text($0.idNumber) },
            ExportColumn(ScoreColumns.subject, .text) { .text($0.session.subjectCode) },
            ExportColumn(ScoreColumns.score, .text) { .of($0.score?.text) },
            ExportColumn("姓名", .text, width: 12) { .text($0.name) },
            ExportColumn("证书", .text) { .text($0.session.certificateCode) },
            ExportColumn("等级", .text) { .label($0.session.level) },
            ExportColumn("登记导入记录", .text, width: 28) { .text($0.recordID) },
        ])

    /// 证书考核详情: a candidate's result for a certificate level and every subject's score.
    static let resultTable = ExportTable<CandidateResult>(
        sheetName: "证书考核详情",
        columns: [
            ExportColumn("考试计划编号", .text, width: 12) { .text($0.planCode) },
            ExportColumn("院校代码", .text) { .text($0.schoolCode) },
            ExportColumn("姓名", .text, width: 12) { .text($0.name) },
            ExportColumn("证件号码", .text, width: 22) { .text($0.idNumber) },
            ExportColumn("证书", .text) { .text($0.certificateCode) },
            ExportColumn("等级", .text) { .label($0.level) },
            ExportColumn("考证结果", .text) { .label($0.status) },
            ExportColumn("科目成绩明细", .text, width: 48) { result in
                .text(
                    result.subjects.map { subject in
                        "\(subject.subjectCode) \(subject.subjectName) \(subject.score?.text ?? "未登记")（合格 \(SubjectScore.points(subject.passMark).text)）"
                    }.joined(separator: "；"))
            },
        ])

    /// 发证记录: every issuance record with its status, reasons and certificate data.
    static let issuanceTable = ExportTable<IssuanceListing>(
        sheetName: "发证记录",
        columns: [
            ExportColumn("证书编号", .text, width: 20) { .text($0.issuance.certificateNumber) },
            ExportColumn("考试计划编号", .text, width: 12) { .text($0.issuance.planCode) },
            ExportColumn("院校代码", .text) { .text($0.issuance.schoolCode) },
            ExportColumn("姓名", .text, width: 12) { .text($0.name) },
            ExportColumn("证件号码", .text, width: 22) { .text($0.issuance.idNumber) },
            ExportColumn("证书", .text) { .text($0.issuance.certificateCode) },
            ExportColumn("等级", .text) { .label($0.issuance.level) },
            ExportColumn("颁证状态", .text, width: 16) { .label($0.issuance.status) },
            ExportColumn("考核站点拒绝理由", .text, width: 20) { .of($0.issuance.schoolReason) },
            ExportColumn("培训评价组织拒绝理由", .text, width: 20) { .of($0.issuance.organizationReason) },
            ExportColumn("盖章或生成失败原因", .text, width: 24) { .of($0.issuance.stampFailure) },
            ExportColumn("发证日期", .text, width: 12) { .of($0.issuance.issuedOn) },
            ExportColumn("验证码", .text, width: 20) { .of($0.issuance.verificationCode) },
        ])

    public static func scores(
        root: DataRoot, planCode: String, schoolCode: String?, output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let school = try schoolCode.map { try store.existingSchool($0).code }
        return try write(scoreTable, to: output, progress: progress) { row in
            try store.forEachScore(planCode: planCode, schoolCode: school) { ticket, name, id, session, score, record in
                try row(
                    ScoreRow(planCode: planCode, ticket: ticket, name: name, idNumber: id, session: session, score: score, recordID: record)
                )
            }
        }
    }

    public static func results(
        root: DataRoot, planCode: String, schoolCode: String?, output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let school = try schoolCode.map { try store.existingSchool($0).code }
        return try write(resultTable, to: output, progress: progress) { row in
            try store.forEachResult(planCode: planCode, schoolCode: school, row)
        }
    }

    public static func issuances(
        root: DataRoot, schoolCode: String?, organizationCode: String?, planCode: String?, status: IssuanceStatus?, output: String,
        progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let school = try schoolCode.map { try store.existingSchool($0).code }
        return try write(issuanceTable, to: output, progress: progress) { row in
            try store.forEachIssuance(
                schoolCode: school, organizationCode: organizationCode, planCode: planCode, statuses: status.map { [$0] }, row)
        }
    }
}
