public import Domain

/// The certificates of the catalog, for resolving what users write in 监考证书 (a code, in
/// any width, or the exact name) without a store lookup per row.
public struct CertificateIndex: Sendable {
    private var byCode: [String: String] = [:]
    private var byName: [String: String] = [:]
    private var names: [String: String] = [:]

    public init(_ certificates: [(code: String, name: String)]) {
        for certificate in certificates {
            byCode[certificate.code.uppercased()] = certificate.code
            byName[certificate.name] = certificate.code
            names[certificate.code] = certificate.name
        }
    }

    /// The certificate code for a code or name as written, or nil.
    public func code(for text: String) -> String? {
        let trimmed = text.trimmingSpaces
        return byCode[Normalize.code(trimmed).uppercased()] ?? byName[trimmed] ?? byName[Normalize.halfWidth(trimmed)]
    }

    public func name(of code: String) -> String? { names[code] }
}

/// Checks shared by the staff imports (proctors, teachers).
public enum StaffFields {
    /// The gender a resident ID (or residence permit) number encodes in its 17th digit.
    public static func gender(fromID idNumber: String) -> Gender? {
        let bytes = Array(idNumber.utf8)
        guard IDNumberRules.isEighteenDigitShape(bytes) else { return nil }
        return (bytes[16] - 48) % 2 == 1 ? .male : .female
    }

    /// Reads 性别 and checks it against a valid ID number; when the cell is empty the ID's
    /// gender is used.
    static func gender(_ judge: inout RowJudge, column: Int, idColumn: Int, idNumber: String?, idValid: Bool) -> Gender? {
        let fromID = idValid ? idNumber.flatMap(gender(fromID:)) : nil
        guard judge.cells[column] != nil else { return fromID }
        guard let given = judge.choice(column, Gender.self) else { return nil }
        if let fromID, fromID != given {
            judge.fail(
                .genderMismatch, column: column, value: given.label,
                "性别与\(judge.schema.columns[idColumn].name)不一致：按号码第 17 位应为“\(fromID.label)”")
            return nil
        }
        return given
    }
}

extension String {
    /// Without leading and trailing spaces (ASCII and ideographic).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// The cell-level rules of a proctor row: pure functions of the cells and the catalog's
/// certificates, so they run on the prepare thread.
public struct ProctorFieldRules: Sendable {
    public let schoolCode: String
    public let idRules: IDNumberRules
    public let certificates: CertificateIndex
    public var schema: TableSchema { ProctorColumns.schema }

    public init(schoolCode: String, idRules: IDNumberRules, certificates: CertificateIndex) {
        self.schoolCode = schoolCode
        self.idRules = idRules
        self.certificates = certificates
    }

    public func prepare(_ cells: RowCells) -> ProctorDraft {
        var judge = RowJudge(cells: cells, schema: ProctorColumns.schema)
        let name = judge.personName(ProctorColumns.At.name)
        var idNumber: String?
        var idValid = false
        if let cell = judge.cell(ProctorColumns.At.idNumber) {
            let outcome = idRules.check(cell, type: .residentID, row: cells.row, column: ProctorColumns.idNumber)
            judge.absorb(failures: outcome.failures, warnings: outcome.warnings)
            idNumber = outcome.normalized
            idValid = outcome.failures.isEmpty
        }
        let mobile = judge.mobile(ProctorColumns.At.mobile)
        let gender = StaffFields.gender(
            &judge, column: ProctorColumns.At.gender, idColumn: ProctorColumns.At.idNumber, idNumber: idNumber, idValid: idValid)
        let title = judge.text(ProctorColumns.At.title, maxLength: 50)
        var codes: [String] = []
        if let cell = judge.cell(ProctorColumns.At.certificates) {
            let parts = cell.text.split(whereSeparator: { ProctorColumns.separators.contains($0) }).map { String($0).trimmingSpaces }
                .filter { !$0.isEmpty }
            if parts.isEmpty { judge.fail(.required, column: ProctorColumns.At.certificates, value: cell.text, "请至少填写一个监考证书") }
            for part in parts {
                guard let code = certificates.code(for: part) else {
                    judge.fail(.certificateNotFound, column: ProctorColumns.At.certificates, value: part, "目录中没有该证书，请填写证书名称或证书编号（多个用顿号分隔）")
                    continue
                }
                if !codes.contains(code) { codes.append(code) }
            }
        }
        let proctor = Proctor(
            schoolCode: schoolCode, idNumber: idNumber ?? "", name: name ?? "", mobile: mobile ?? "", gender: gender, title: title)
        return ProctorDraft(
            row: cells.row, failures: judge.failures, warnings: judge.warnings, proctor: proctor, idNumber: idNumber, name: name,
            certificateCodes: codes)
    }
}

/// A proctor row after the cell-level rules: what the registration checks and the store need.
public struct ProctorDraft: Sendable {
    public let row: Int
    public let failures: [Failure]
    public let warnings: [Failure]
    public let proctor: Proctor
    public let idNumber: String?
    public let name: String?
    public let certificateCodes: [String]
}

/// The read-only view of registered proctors the proctor rules need; it sees the running
/// import's own writes, so a repeated ID in one file is judged against its first row.
public protocol ProctorDirectory {
    func proctorOwnership(idNumber: String) throws -> ProctorOwnership?
}

/// Every rule of the proctors row (MISSION.md section 3): the cell-level `fields`, then the
/// registration check. A repeated ID of the same school and name is not a failure: its
/// certificates are added to the proctor.
public struct ProctorRules {
    public let fields: ProctorFieldRules
    private let directory: any ProctorDirectory

    public init(fields: ProctorFieldRules, directory: any ProctorDirectory) {
        self.fields = fields
        self.directory = directory
    }

    public var schema: TableSchema { fields.schema }

    public func validate(_ cells: RowCells) throws -> Validated<ProctorDraft> { try validate(fields.prepare(cells)) }

    public func validate(_ draft: ProctorDraft) throws -> Validated<ProctorDraft> {
        var failures = draft.failures
        if let idNumber = draft.idNumber, let owner = try directory.proctorOwnership(idNumber: idNumber) {
            if owner.schoolCode != fields.schoolCode {
                failures.append(
                    Failure(
                        code: .proctorExists, row: draft.row, column: ProctorColumns.idNumber, value: idNumber,
                        reason: "该证件号码已被其他单位登记为监考人员，不能重复登记；如有疑问请联系平台"))
            } else if let name = draft.name, name != owner.name {
                failures.append(
                    Failure(
                        code: .proctorMismatch, row: draft.row, column: ProctorColumns.name, value: name,
                        reason: "该证件号码已登记的监考人员姓名为“\(owner.name)”，与本行不一致；同一人再次导入只能增加监考证书"))
            }
        }
        return Validated(value: draft, failures: failures, warnings: draft.warnings)
    }
}
