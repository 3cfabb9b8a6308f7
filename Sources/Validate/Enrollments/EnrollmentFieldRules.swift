import Domain
import Foundation

/// An enrollment row's values after the cell rules.
struct EnrollmentCells: Sendable {
    let row: Int
    let failures: [Failure]
    let planCode: String?
    let idNumber: String?
    let name: String?
    let certificate: String?
    let level: CertificateLevel?
    let subject: String?
    let audience: String?
}

/// The cell rules of an enrollment row.
struct EnrollmentFieldRules: Sendable {
    let action: EnrollmentAction
    let schema: TableSchema
    let layout: EnrollmentColumns.Layout

    init(action: EnrollmentAction) {
        self.action = action
        schema = EnrollmentColumns.schema(for: action)
        layout = EnrollmentColumns.Layout(action)
    }

    func read(_ cells: RowCells) -> EnrollmentCells {
        var judge = RowJudge(cells: cells, schema: schema)
        let plan = judge.text(layout.plan, maxLength: 50).map(Normalize.code)
        var idNumber: String?
        if let cell = judge.cell(layout.idNumber) {
            if cell.type == .number {
                judge.fail(.idNumericCell, column: layout.idNumber, value: cell.text, "证件号码被存成了数字，末尾几位已丢失；请将该列设置为文本格式后重新填写")
            } else {
                idNumber = Normalize.idNumber(cell.text)
            }
        }
        let name = layout.name.flatMap { judge.text($0, maxLength: 50) }
        let certificate = judge.text(layout.certificate, maxLength: 100)
        let level = layout.level.flatMap { judge.choice($0, CertificateLevel.self) }
        let subject = layout.subject.flatMap { judge.text($0, maxLength: 100) }
        let audience = layout.audience.flatMap { judge.text($0, maxLength: 50) }
        return EnrollmentCells(
            row: cells.row, failures: judge.failures, planCode: plan, idNumber: idNumber, name: name, certificate: certificate,
            level: level, subject: subject, audience: audience)
    }
}
