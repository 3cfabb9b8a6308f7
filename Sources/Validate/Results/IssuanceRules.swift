public import Domain

/// Column names of the 签发 decisions template (a site or an organization), in template order.
public enum IssuanceColumns {
    public static let number = "证书编号"
    public static let idNumber = "证件号码"
    public static let certificate = "证书"
    public static let decision = "决定"
    public static let reason = "拒绝理由"

    public static let schema = TableSchema(
        title: "签发", sheetNames: ["签发", "颁证签发", "发证记录"],
        columns: [
            ColumnSpec(number, required: false, aliases: ["证书号"], hint: "证书编号，或填写证件号码和证书", text: true),
            ColumnSpec(idNumber, required: false, aliases: ["身份证号", "身份证号码", "证件号"], hint: "本列为文本格式，请勿改为数字", text: true),
            ColumnSpec(certificate, required: false, aliases: ["证书代码", "证书名称"], hint: "证书代码（与证件号码一起使用）"),
            ColumnSpec(decision, required: true, aliases: ["签发决定", "审核结果"], hint: "同意 或 拒绝", choices: IssuanceDecision.labels),
            ColumnSpec(reason, required: false, aliases: ["理由", "拒绝原因"], hint: "拒绝时必填"),
        ])

    public enum At {
        public static let number = schema.position(IssuanceColumns.number)
        public static let idNumber = schema.position(IssuanceColumns.idNumber)
        public static let certificate = schema.position(IssuanceColumns.certificate)
        public static let decision = schema.position(IssuanceColumns.decision)
        public static let reason = schema.position(IssuanceColumns.reason)
    }
}

/// The read-only view of the store a decision row is checked against: the tenant's own
/// issuance records only (another tenant's number reads as unknown).
public protocol IssuanceDirectory {
    func issuance(number: String) throws -> IssuanceListing?
    func issuances(idNumber: String, certificateCode: String) throws -> [IssuanceListing]
}

/// A valid decision row: the record, the decision, its reason and the status it leads to.
public struct IssuanceChange: Sendable {
    public let number: String
    public let decision: IssuanceDecision
    public let reason: String?
    public let status: IssuanceStatus
}

/// Every rule of the 签发 row (MISSION.md section 3): the record is named by its certificate
/// number or by ID number and certificate (exactly one of the tenant's); the decision is 同意 or
/// 拒绝, a rejection with its reason; the record's status allows this side's decision (an
/// approval is final); a record decided twice in the file fails the later row.
public struct IssuanceRules {
    public let side: IssuanceSide
    private let directory: any IssuanceDirectory
    private var decided: Set<String> = []

    public init(side: IssuanceSide, directory: any IssuanceDirectory) {
        self.side = side
        self.directory = directory
    }

    public var schema: TableSchema { IssuanceColumns.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<IssuanceChange> {
        var judge = RowJudge(cells: cells, schema: schema)
        let at = IssuanceColumns.At.self
        var target: IssuanceListing?
        if judge.cells[at.number] != nil, let number = judge.text(at.number, maxLength: 40).map(Normalize.code) {
            target = try directory.issuance(number: number)
            if target == nil { judge.fail(.issuanceNotFound, column: at.number, value: number, "没有这个证书编号的颁证记录") }
        } else if judge.cells[at.idNumber] != nil || judge.cells[at.certificate] != nil {
            let id = judge.text(at.idNumber, maxLength: 40).map { Normalize.code($0).uppercased() }
            let certificate = judge.text(at.certificate, maxLength: 100).map(Normalize.code)
            if id == nil { judge.fail(.required, column: at.idNumber, value: "", "未填写证书编号时，证件号码和证书必填") }
            if certificate == nil { judge.fail(.required, column: at.certificate, value: "", "未填写证书编号时，证件号码和证书必填") }
            if let id, let certificate {
                let found = try directory.issuances(idNumber: id, certificateCode: certificate)
                if found.count == 1 {
                    target = found[0]
                } else if found.isEmpty {
                    judge.fail(.issuanceNotFound, column: at.idNumber, value: id, "该考生没有这个证书的颁证记录")
                } else {
                    judge.fail(.issuanceNotFound, column: at.idNumber, value: id, "该考生有多条这个证书的颁证记录，请填写证书编号")
                }
            }
        } else {
            judge.fail(.required, column: at.number, value: "", "请填写证书编号，或证件号码和证书")
        }
        let decision = judge.choice(at.decision, IssuanceDecision.self)
        let reason = judge.cells[at.reason] == nil ? nil : judge.text(at.reason, maxLength: 200)
        if decision == .reject, reason == nil {
            judge.fail(.issuanceReason, column: at.reason, value: "", "拒绝签发必须填写拒绝理由")
        }
        guard judge.failures.isEmpty, let target, let decision else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        let number = target.issuance.certificateNumber
        if decided.contains(number) {
            judge.fail(.duplicateInFile, column: at.number, value: number, "该颁证记录在本文件前面已有决定")
        } else if target.issuance.status.after(decision, by: side) == nil {
            judge.fail(.issuanceState, column: at.decision, value: decision.label, target.issuance.status.refusal(for: side))
        }
        guard judge.failures.isEmpty, let status = target.issuance.status.after(decision, by: side) else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        decided.insert(number)
        return Validated(
            value: IssuanceChange(number: number, decision: decision, reason: decision == .reject ? reason : nil, status: status),
            failures: [], warnings: judge.warnings)
    }
}
