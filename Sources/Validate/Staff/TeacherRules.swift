public import Domain

/// The cell-level rules of a teacher row: pure functions of the cells.
public struct TeacherFieldRules: Sendable {
    public let schoolCode: String
    public let idRules: IDNumberRules
    public var schema: TableSchema { TeacherColumns.schema }

    public init(schoolCode: String, idRules: IDNumberRules) {
        self.schoolCode = schoolCode
        self.idRules = idRules
    }

    public func prepare(_ cells: RowCells) -> TeacherDraft {
        var judge = RowJudge(cells: cells, schema: TeacherColumns.schema)
        let name = judge.personName(TeacherColumns.At.name)
        let mobile = judge.mobile(TeacherColumns.At.mobile)
        var idNumber: String?
        var idValid = false
        if let cell = judge.cell(TeacherColumns.At.idNumber) {
            let outcome = idRules.check(cell, type: .residentID, row: cells.row, column: TeacherColumns.idNumber)
            judge.absorb(failures: outcome.failures, warnings: outcome.warnings)
            idNumber = outcome.normalized
            idValid = outcome.failures.isEmpty
        }
        let gender = StaffFields.gender(
            &judge, column: TeacherColumns.At.gender, idColumn: TeacherColumns.At.idNumber, idNumber: idNumber, idValid: idValid)
        let major = judge.text(TeacherColumns.At.major, maxLength: 50)
        let title = judge.text(TeacherColumns.At.title, maxLength: 50)
        var email: String?
        if let cell = judge.cell(TeacherColumns.At.email) {
            let text = Normalize.halfWidth(cell.text).trimmingSpaces
            if TeacherFieldRules.isEmail(text) {
                email = text
            } else {
                judge.fail(.emailFormat, column: TeacherColumns.At.email, value: cell.text, "邮箱格式不正确，应如 name@example.com")
            }
        }
        let teacher = Teacher(
            schoolCode: schoolCode, mobile: mobile ?? "", name: name ?? "", idNumber: idNumber, gender: gender, major: major,
            title: title, email: email, status: .inactive)
        return TeacherDraft(row: cells.row, failures: judge.failures, warnings: judge.warnings, teacher: teacher, mobile: mobile)
    }

    /// A plain address: `local@domain.tld`, ASCII, at most 100 characters; enough to catch
    /// typos (a missing @, a Chinese comma, a space) without rejecting real addresses.
    public static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 100, let at = bytes.firstIndex(of: 64), bytes.lastIndex(of: 64) == at else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        let localOK = !local.isEmpty && local.allSatisfy { isAlphanumeric($0) || Array("._%+-".utf8).contains($0) }
        let labels = domain.split(separator: 46, omittingEmptySubsequences: false)
        let domainOK =
            labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { isAlphanumeric($0) || $0 == 45 } }
            && (labels.last?.count ?? 0) >= 2
        return localOK && domainOK
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Normalize.isDigit(byte) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}

/// A teacher row after the cell-level rules.
public struct TeacherDraft: Sendable {
    public let row: Int
    public let failures: [Failure]
    public let warnings: [Failure]
    public let teacher: Teacher
    public let mobile: String?
}

/// Who holds a teacher account (a mobile number).
public struct TeacherAccountOwnership: Hashable, Sendable {
    public let schoolCode: String
    public let createdByRecord: String

    public init(schoolCode: String, createdByRecord: String) {
        self.schoolCode = schoolCode
        self.createdByRecord = createdByRecord
    }
}

/// The read-only view of teacher accounts the teacher rules need; it sees the running
/// import's own writes.
public protocol TeacherDirectory {
    func teacherAccount(mobile: String) throws -> TeacherAccountOwnership?
}

/// Every rule of the teachers row: the cell-level `fields`, then the account check — the
/// mobile number is the account, unique in the file and across the platform.
public struct TeacherRules {
    public let fields: TeacherFieldRules
    public let recordID: String
    private let directory: any TeacherDirectory
    /// Mobiles of rows that failed, with their first row: a later copy is still a duplicate.
    private var failedMobiles: [String: Int] = [:]

    public init(fields: TeacherFieldRules, recordID: String, directory: any TeacherDirectory) {
        self.fields = fields
        self.recordID = recordID
        self.directory = directory
    }

    public var schema: TableSchema { fields.schema }

    public mutating func validate(_ cells: RowCells) throws -> Validated<TeacherDraft> { try validate(fields.prepare(cells)) }

    public mutating func validate(_ draft: TeacherDraft) throws -> Validated<TeacherDraft> {
        var failures = draft.failures
        if let mobile = draft.mobile {
            func fail(_ code: FailureCode, _ reason: String) {
                failures.append(Failure(code: code, row: draft.row, column: TeacherColumns.mobile, value: mobile, reason: reason))
            }
            if let first = failedMobiles[mobile] {
                fail(.duplicateInFile, "与本文件第\(first)行的手机号重复，手机号是教师的登录账号，不能重复")
            } else if let owner = try directory.teacherAccount(mobile: mobile) {
                if owner.createdByRecord == recordID {
                    fail(.duplicateInFile, "与本文件前面某一行的手机号重复，手机号是教师的登录账号，不能重复")
                } else if owner.schoolCode == fields.schoolCode {
                    fail(.teacherExists, "本校已导入过该手机号的教师，请勿重复导入")
                } else {
                    fail(.teacherExists, "该手机号已被其他单位注册为教师账号，不能重复注册；如有疑问请联系平台")
                }
            }
            if !failures.isEmpty, failedMobiles[mobile] == nil { failedMobiles[mobile] = draft.row }
        }
        return Validated(value: draft, failures: failures, warnings: draft.warnings)
    }
}
