import Concurrency
public import Domain
import Foundation
import Ingest
import Render
import Store
import Validate

/// The store as the teacher rules' read-only directory.
struct StoreTeacherDirectory: TeacherDirectory {
    let store: Store
    func teacherAccount(mobile: String) throws -> TeacherAccountOwnership? {
        try store.teacherAccount(mobile: mobile).map { TeacherAccountOwnership(schoolCode: $0.schoolCode, createdByRecord: $0.recordID) }
    }
}

/// A teacher row after the pure stage: the cell rules' draft and, for a row that passed them,
/// its initial password, being generated and hashed off the store thread.
public struct TeacherPrepared: Sendable {
    let draft: TeacherDraft
    let password: Future<InitialPassword>?
}

/// 教师 import: a valid row creates the teacher's account (the mobile number) with the hash
/// of a new initial password, and queues the password's SMS in the import's outbox.
struct TeacherImport: ImportKind {
    var rules: TeacherRules
    let store: Store
    let outbox: SMSOutbox?
    /// Hashes initial passwords on every core, at most one per core at a time: yescrypt costs
    /// ~30 ms, so the prepare thread only hands the work out. Nil without an outbox
    /// (`--dry-run`): no password is generated, nobody could receive it.
    let mint: WorkerPool?

    public var schema: TableSchema { rules.schema }

    init(store: Store, schoolCode: String, recordID: String, idRules: IDNumberRules, outbox: SMSOutbox?) {
        self.store = store
        self.outbox = outbox
        mint = outbox == nil ? nil : WorkerPool()
        rules = TeacherRules(
            fields: TeacherFieldRules(schoolCode: schoolCode, idRules: idRules), recordID: recordID,
            directory: StoreTeacherDirectory(store: store))
    }

    var makePreparer: @Sendable () -> Preparer<RowCells, TeacherPrepared> {
        let fields = rules.fields
        let mint = mint
        return {
            Preparer { cells in
                let draft = fields.prepare(cells)
                guard let mint, draft.failures.isEmpty else { return TeacherPrepared(draft: draft, password: nil) }
                return TeacherPrepared(
                    draft: draft,
                    password: mint.submit {
                        do {
                            return try Passwords.issue()
                        } catch {
                            throw KaowuError.wrap(error, code: .passwordHash, message: "无法生成初始密码")
                        }
                    })
            }
        }
    }

    public mutating func validate(_ prepared: TeacherPrepared) throws -> Validated<TeacherPrepared> {
        let verdict = try rules.validate(prepared.draft)
        return Validated(value: verdict.value == nil ? nil : prepared, failures: verdict.failures, warnings: verdict.warnings)
    }

    /// Stores the account; the index on the mobile decides if another row took it meanwhile.
    public mutating func apply(_ prepared: TeacherPrepared) throws -> [Failure] {
        let teacher = prepared.draft.teacher
        let password = try prepared.password?.value()
        // A dry run stores "*", which no password ever matches; it is rolled back anyway.
        let inserted = try store.insertTeacherIfAbsent(teacher, passwordHash: password?.hash ?? "*", recordID: rules.recordID)
        guard inserted else {
            return [
                Failure(
                    code: .teacherExists, row: prepared.draft.row, column: TeacherColumns.mobile, value: teacher.mobile,
                    reason: "该手机号已注册为教师账号，不能重复注册")
            ]
        }
        if let password, let outbox {
            try outbox.add(SMSMessage.initialPassword(mobile: teacher.mobile, name: teacher.name, password: password.plain))
        }
        return []
    }
}

extension Imports {
    /// 教师 for one school, through `ImportJob.execute` rather than `run`: the SMS outbox must
    /// be closed after the last row and before the commit (an outbox that cannot be written
    /// refuses the import), which `run` has no step for. The outbox is moved beside the record
    /// before it commits (and removed with it when the commit does not happen). `--dry-run`
    /// generates no password and writes no outbox.
    public static func teachers(
        _ request: ImportRequest, root: DataRoot, schoolCode: String, report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        let rules = try root.staffIDRules(clock: request.clock)
        var bound = request
        bound.tenant = school
        let fileName = (request.file as NSString).lastPathComponent
        var outbox: SMSOutbox?
        defer { outbox?.discard() }
        return try withoutActuallyEscaping(report) { report in
            try ImportJob.execute(
                bound, root: root, store: store,
                report: report,
                outputs: { directory in try outbox?.deliver(to: SMSOutbox.path(in: directory)) }
            ) { recordID in
                let reader = try XlsxReader(path: request.file)
                let schema = TeacherColumns.schema
                guard let sheet = reader.sheets.first(where: { schema.sheetNames.contains($0.name) }) ?? reader.firstVisibleSheet else {
                    throw KaowuError(.fileEmpty, "文件“\(fileName)”中没有工作表")
                }
                let messages =
                    request.dryRun
                    ? nil : SMSOutbox(temporaryPath: root.recordsPath + "/" + RecordOutputs.temporaryPrefix + recordID + "-sms.xlsx")
                outbox = messages
                let pass = SheetPass(TeacherImport(store: store, schoolCode: school, recordID: recordID, idRules: rules, outbox: messages))
                return { stage in
                    try stage.drain(rowsOf: pass, sheet: sheet.name, reader: reader)
                    if stage.counts.total == 0 {
                        throw KaowuError(.fileEmpty, "文件“\(fileName)”中没有数据行（表头下方为空）")
                    }
                    try messages?.close()
                }
            }
        }
    }
}
