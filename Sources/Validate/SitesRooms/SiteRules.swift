public import Domain

/// The read-only view of certificates and sites the site rules need; it sees the running
/// import's own writes (a second row for the same certificate finds the first).
public protocol SiteDirectory {
    /// A certificate by code or exact name: (code, name).
    func certificate(reference: String) throws -> (code: String, name: String)?
    func site(schoolCode: String, certificateCode: String) throws -> SiteEntry?
}

extension SiteAction {
    /// The manual's status machine (试点院校 manual 5.2.4.1): a school edits, deletes or submits a
    /// site only while 未提交 or 审核退回, withdraws (撤销) it only while 待审核 (submitted, not yet
    /// reviewed); the organization approves or returns only what waits for review. The status
    /// after the action, or nil when the action is not allowed; `delete` keeps the status (the
    /// site is removed).
    public func next(from status: SiteStatus) -> SiteStatus? {
        switch (self, status) {
        case (.edit, .notSubmitted), (.edit, .returned), (.delete, .notSubmitted), (.delete, .returned): status
        case (.submit, .notSubmitted), (.submit, .returned): .pendingReview
        case (.withdraw, .pendingReview): .notSubmitted
        case (.approve, .pendingReview): .approved
        case (.returnForRevision, .pendingReview): .returned
        default: nil
        }
    }

    /// Why the action is refused in `status`, in Chinese.
    public func refusal(in status: SiteStatus) -> String {
        switch self {
        case .edit, .delete, .submit: "考核站点状态为“\(status.label)”，只有“未提交”或“审核退回”的考核站点可以\(label)"
        case .withdraw: "考核站点状态为“\(status.label)”，只有已提交且未审核（待审核）的考核站点可以撤销"
        case .approve, .returnForRevision: "考核站点状态为“\(status.label)”，只有“待审核”的考核站点可以\(label)"
        }
    }
}

/// A site row after every rule: the site to store, and whether it replaces an existing one.
public struct SiteChange: Sendable {
    public let entry: SiteEntry
    public let isNew: Bool
}

/// The rules of a 考核站点 row for one school: the certificate exists, the address is given,
/// the phone is a phone number; the name is generated (院校名称+证书名称+考核站点), so one site
/// per (school, certificate); an existing site may be changed only in the states the manual
/// allows, and a certificate appears once per file.
public struct SiteRules {
    public let schoolCode: String
    public let schoolName: String
    public let recordID: String
    private let directory: any SiteDirectory

    public init(schoolCode: String, schoolName: String, recordID: String, directory: any SiteDirectory) {
        self.schoolCode = schoolCode
        self.schoolName = schoolName
        self.recordID = recordID
        self.directory = directory
    }

    public var schema: TableSchema { SiteColumns.schema }

    /// The generated site name the manual asks for.
    public static func siteName(schoolName: String, certificateName: String) -> String {
        schoolName + certificateName + "考核站点"
    }

    public func validate(_ cells: RowCells) throws -> Validated<SiteChange> {
        var judge = RowJudge(cells: cells, schema: schema)
        var certificate: (code: String, name: String)?
        if let text = judge.text(SiteColumns.At.certificate, maxLength: 100) {
            certificate = try directory.certificate(reference: Normalize.code(text))
            if certificate == nil { certificate = try directory.certificate(reference: text) }
            if certificate == nil {
                judge.fail(.referenceNotFound, column: SiteColumns.At.certificate, value: text, "证书不存在，请填写目录中的证书代码或证书名称")
            }
        }
        let address = judge.text(SiteColumns.At.address, maxLength: 200)
        let contact = judge.cells[SiteColumns.At.contact] == nil ? nil : judge.text(SiteColumns.At.contact, maxLength: 50)
        var phone: String?
        if let cell = judge.cell(SiteColumns.At.phone) {
            phone = SiteRules.phone(cell)
            if phone == nil {
                judge.fail(.phoneFormat, column: SiteColumns.At.phone, value: cell.text, "联系电话应为 11 位手机号或固定电话（如 0371-66668888）")
            }
        }
        let submit =
            judge.cells[SiteColumns.At.submit] == nil ? YesNo.no : judge.choice(SiteColumns.At.submit, YesNo.self)

        var existing: SiteEntry?
        if let certificate {
            existing = try directory.site(schoolCode: schoolCode, certificateCode: certificate.code)
            if let existing {
                if existing.recordID == recordID {
                    judge.fail(.duplicateInFile, column: SiteColumns.At.certificate, value: certificate.code, "同一证书在文件中出现多次，每个证书只能申报一个考核站点")
                } else if SiteAction.edit.next(from: existing.site.status) == nil {
                    judge.fail(
                        .siteLocked, column: SiteColumns.At.certificate, value: certificate.code,
                        "该证书已申报考核站点（不允许重复申报）；" + SiteAction.edit.refusal(in: existing.site.status))
                }
            }
        }
        guard judge.failures.isEmpty, let certificate, let address, let submit else {
            return Validated(value: nil, failures: judge.failures, warnings: judge.warnings)
        }
        let current = existing?.site.status ?? .notSubmitted
        let status = submit == .yes ? (SiteAction.submit.next(from: current) ?? current) : current
        let site = AssessmentSite(
            schoolCode: schoolCode, certificateCode: certificate.code,
            name: SiteRules.siteName(schoolName: schoolName, certificateName: certificate.name), address: address, status: status)
        let entry = SiteEntry(
            site: site, contact: contact, phone: phone, returnReason: status == .returned ? existing?.returnReason : nil,
            recordID: recordID)
        return Validated(value: SiteChange(entry: entry, isNew: existing == nil), failures: [], warnings: judge.warnings)
    }

    /// A mobile number, or a landline: digits with an optional area code and extension
    /// separated by hyphens, 7–20 characters.
    public static func phone(_ cell: CellValue) -> String? {
        if let mobile = FieldRules.mobile(cell) { return mobile }
        let text = Normalize.code(cell.text)
        guard (7...20).contains(text.count), text.first?.isNumber == true, text.last?.isNumber == true,
            text.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "-" }), !text.contains("--")
        else { return nil }
        return text
    }
}
