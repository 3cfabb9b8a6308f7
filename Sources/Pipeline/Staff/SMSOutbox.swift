import Domain
import Foundation
import Ingest
import Render
import Store
import Validate

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

    /// Where an import's SMS outbox ends up: beside its record.
    public static func path(root: DataRoot, recordID: String) -> String { path(in: root.recordDirectory(recordID)) }
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
                throw KaowuError(.outboxWrite, "无法创建短信发送文件")
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
            throw KaowuError(.outboxWrite, "无法写入短信发送文件，导入未做任何修改", cause: String(describing: error))
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
            throw KaowuError(.outboxMove, "短信发送文件未能写入记录目录，导入未做任何修改", cause: String(describing: error))
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
