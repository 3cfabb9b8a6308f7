import Domain
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
    public let draft: TeacherDraft
    let password: PendingPassword?
}

/// An initial password being hashed on a worker; `value()` waits for it.
final class PendingPassword: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<InitialPassword, KaowuError>?

    func fulfil(_ result: Result<InitialPassword, KaowuError>) {
        self.result = result
        done.signal()
    }

    func value() throws -> InitialPassword {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("signalled without a result") }
        return try result.get()
    }
}

/// Issues passwords on a concurrent queue, at most one per core at a time: yescrypt costs
/// ~30 ms, so the prepare thread only hands the work out and every core hashes (a 200-row
/// import spent 6.8 s hashing on one thread). The bound keeps memory and threads flat.
final class PasswordMint: @unchecked Sendable {
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "kaowu.passwords", attributes: .concurrent)

    init(width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        slots = DispatchSemaphore(value: width)
    }

    /// Waits for a free slot, then starts one password.
    func issue() -> PendingPassword {
        slots.wait()
        let pending = PendingPassword()
        queue.async { [slots] in
            do {
                pending.fulfil(.success(try Passwords.issue()))
            } catch {
                pending.fulfil(.failure(KaowuError.wrap(error, code: "password.hash", message: "无法生成初始密码")))
            }
            slots.signal()
        }
        return pending
    }
}

/// 教师 import: a valid row creates the teacher's account (the mobile number) with the hash
/// of a new initial password, and queues the password's SMS in the import's outbox.
public struct TeacherImport: ImportKind {
    var rules: TeacherRules
    let store: Store
    let outbox: SMSOutbox?
    /// Nil without an outbox (`--dry-run`): no password is generated, nobody could receive it.
    let mint: PasswordMint?

    public var schema: TableSchema { rules.schema }

    init(store: Store, schoolCode: String, recordID: String, idRules: IDNumberRules, outbox: SMSOutbox?) {
        self.store = store
        self.outbox = outbox
        mint = outbox == nil ? nil : PasswordMint()
        rules = TeacherRules(
            fields: TeacherFieldRules(schoolCode: schoolCode, idRules: idRules), recordID: recordID,
            directory: StoreTeacherDirectory(store: store))
    }

    public var prepare: @Sendable (RowCells) -> TeacherPrepared {
        let fields = rules.fields
        let mint = mint
        return { cells in
            let draft = fields.prepare(cells)
            guard let mint, draft.failures.isEmpty else { return TeacherPrepared(draft: draft, password: nil) }
            return TeacherPrepared(draft: draft, password: mint.issue())
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

    /// Where an import's SMS outbox ends up: beside its record.
    public static func outboxPath(root: DataRoot, recordID: String) -> String {
        SMSOutbox.path(in: root.recordDirectory(recordID))
    }
}

/// One SMS to send: the only place a plain initial password is ever written.
public struct SMSMessage: Sendable {
    public let mobile: String
    public let name: String
    public let text: String

    static func initialPassword(mobile: String, name: String, password: String) -> SMSMessage {
        SMSMessage(
            mobile: mobile, name: name,
            text: "【1+X证书信息管理服务平台】\(name)老师您好，学校已为您开通“1+X师资培训门户”账号。账号：\(mobile)，初始密码：\(password)。"
                + "首次登录后请立即修改初始密码，请勿将密码告知他人。")
    }
}

/// The SMS outbox workbook of one teachers import (手机号, 姓名, 短信内容), written while the
/// rows are stored and closed inside the import's transaction: an import whose outbox cannot
/// be written changes nothing. The file is created owner-only (0600) before libxlsxwriter
/// writes it, and moved beside the record after the commit.
public final class SMSOutbox {
    public static let fileName = "sms-outbox.xlsx"

    /// The outbox's place in a record's directory.
    static func path(in recordDirectory: String) -> String { recordDirectory + "/" + fileName }
    static let table = ExportTable<SMSMessage>(
        sheetName: "短信发送",
        columns: [
            ExportColumn("手机号", .text, width: 14) { .text($0.mobile) },
            ExportColumn("姓名", .text, width: 12) { .text($0.name) },
            ExportColumn("短信内容", .text, width: 100) { .text($0.text) },
        ])

    let temporaryPath: String
    private var workbook: XlsxWorkbookWriter?
    private var sheet: ExportSheetWriter<SMSMessage>?
    private var closed = false
    /// Set once the file is handed over (or must be kept): `discard` then leaves it alone.
    private var keep = false
    public private(set) var count = 0

    init(temporaryPath: String) { self.temporaryPath = temporaryPath }

    /// Adds one message; the workbook is created with the first (no message, no file).
    func add(_ message: SMSMessage) throws {
        if sheet == nil {
            let manager = FileManager.default
            try manager.createDirectory(atPath: (temporaryPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard manager.createFile(atPath: temporaryPath, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw KaowuError("outbox.write", "无法创建短信发送文件")
            }
            let opened = try XlsxWorkbookWriter(path: temporaryPath, constantMemory: true)
            workbook = opened
            sheet = try ExportSheetWriter(SMSOutbox.table, in: opened)
        }
        try sheet?.append(message)
        count += 1
    }

    /// Writes the workbook (nothing when no message was added).
    func close() throws {
        guard !closed else { return }
        closed = true
        do {
            try sheet?.finish()
            try workbook?.close()
        } catch {
            throw KaowuError("outbox.write", "无法写入短信发送文件，导入未做任何修改", cause: String(describing: error))
        }
        workbook = nil
        sheet = nil
    }

    /// Moves the closed outbox to `path`; returns the path, or nil when there was no message.
    @discardableResult
    func deliver(to path: String) throws -> String? {
        guard count > 0 else { return nil }
        keep = true
        do {
            try DurableFile.sync(temporaryPath)
            try DurableFile.rename(temporaryPath, to: path)
        } catch {
            throw KaowuError("outbox.move", "短信发送文件未能写入记录目录，导入未做任何修改", cause: String(describing: error))
        }
        return path
    }

    /// Removes an outbox that was not delivered (a refused import or a dry run).
    func discard() {
        guard !keep else { return }
        if !closed { try? close() }
        try? FileManager.default.removeItem(atPath: temporaryPath)
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
        let rules = try StaffSupport.idRules(root: root, clock: request.clock)
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
                    throw KaowuError("file.empty", "文件“\(fileName)”中没有工作表")
                }
                let messages =
                    request.dryRun
                    ? nil : SMSOutbox(temporaryPath: root.recordsPath + "/" + RecordOutputs.temporaryPrefix + recordID + "-sms.xlsx")
                outbox = messages
                let pass = SheetPass(TeacherImport(store: store, schoolCode: school, recordID: recordID, idRules: rules, outbox: messages))
                return { stage in
                    try stage.drain(rowsOf: pass, sheet: sheet.name, reader: reader)
                    if stage.counts.total == 0 {
                        throw KaowuError("file.empty", "文件“\(fileName)”中没有数据行（表头下方为空）")
                    }
                    try messages?.close()
                }
            }
        }
    }
}

/// The teacher account's lifecycle: 未激活 → 已激活 when the teacher signs in with the initial
/// password (the portal then asks for a new one).
public enum TeacherJobs {
    /// `kaowu teachers activate`: checks `password` against the stored hash and activates the
    /// account. Neither the password nor the hash appears in any error.
    @discardableResult
    public static func activate(root: DataRoot, mobile: String, password: String, clock: Clock) throws -> Teacher {
        let store = try root.openStore()
        let account = FieldRules.mobile(CellValue(type: .string, text: mobile)) ?? Normalize.code(mobile)
        return try store.transaction {
            guard let found = try store.teacherCredential(mobile: account) else {
                throw KaowuError("teacher.not-found", "没有账号为“\(account)”的教师")
            }
            guard Passwords.verify(password, against: found.passwordHash) else {
                throw KaowuError("teacher.password", "账号“\(account)”的密码不正确")
            }
            var teacher = found.teacher
            if teacher.status == .inactive {
                try store.activateTeacher(mobile: account, at: clock.now)
                teacher.status = .active
                teacher.activatedAt = clock.now
            }
            return teacher
        }
    }
}
