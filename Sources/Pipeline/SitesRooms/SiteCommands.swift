public import Domain
import Foundation
import Store
import Validate

/// What a site or room command did: how many it changed (or copied), and each one refused with its reason.
public struct SiteRoomSummary: Sendable {
    public var changed = 0
    public var refusals: [Failure] = []
}

/// The site status machine as commands: a school creates, submits, withdraws (撤销) and deletes
/// its sites; the organization that owns the certificate approves or returns them. Each
/// command commits in one transaction; a site the action is not allowed for is refused, the
/// others change.
public enum SiteCommands {
    /// `kaowu sites create`: one site through the same rules as an imported row.
    public static func create(
        root: DataRoot, schoolCode: String, certificate: String, address: String, contact: String?, phone: String?, submit: Bool
    ) throws -> SiteRoomSummary {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode)
        let rules = SiteRules(
            schoolCode: school.code, schoolName: school.name, recordID: "create-" + UUID().uuidString,
            directory: StoreSiteDirectory(sites: SiteRoomStore(store)))
        let cell = { (text: String?) in text.map { CellValue(type: .string, text: $0.trimmingCharacters(in: .whitespaces)) } }
        let cells = RowCells(
            row: 1, values: [cell(certificate), cell(address), cell(contact), cell(phone), cell(submit ? YesNo.yes.label : nil)])
        return try store.transaction {
            var summary = SiteRoomSummary()
            let verdict = try rules.validate(cells)
            if let change = verdict.value {
                try SiteRoomStore(store).save(change.entry)
                summary.changed = 1
            }
            summary.refusals = verdict.failures
            return summary
        }
    }

    /// `kaowu sites submit|withdraw|delete` (a school's own sites) and `approve|return` (an
    /// organization's certificates). `actor` is the school or organization code; a site of
    /// another school (or a certificate of another organization) is refused as not found.
    public static func perform(
        _ action: SiteAction, root: DataRoot, actor: String, schoolCode: String, certificates: [String], reason: String? = nil
    ) throws -> SiteRoomSummary {
        let store = try root.openStore()
        let sites = SiteRoomStore(store)
        let school = try store.existingSchool(schoolCode)
        let byOrganization = action == .approve || action == .returnForRevision
        if byOrganization { _ = try store.existingOrganization(actor) }
        if action == .returnForRevision, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw KaowuError(.reasonRequired, "审核退回必须填写退回原因（--reason）")
        }
        return try store.transaction {
            var summary = SiteRoomSummary()
            for (index, reference) in certificates.enumerated() {
                let refuse = { (code: FailureCode, why: String) in
                    summary.refusals.append(
                        Failure(code: code, row: index + 1, column: SiteColumns.certificate, value: reference, reason: why))
                }
                let certificate = try sites.certificate(reference: Normalize.code(reference)) ?? sites.certificate(reference: reference)
                guard let certificate,
                    var entry = try sites.site(schoolCode: school.code, certificateCode: certificate.code),
                    !byOrganization || certificate.organizationCode == Normalize.code(actor)
                else {
                    refuse(.referenceNotFound, "院校“\(school.code)”没有该证书的考核站点")
                    continue
                }
                guard let next = action.next(from: entry.site.status) else {
                    refuse(.siteLocked, action.refusal(in: entry.site.status))
                    continue
                }
                if action == .delete {
                    if try sites.siteUseCount(schoolCode: school.code, certificateCode: certificate.code) > 0 {
                        refuse(.siteInUse, "该考核站点已设置考场或已分配借考，不能删除")
                        continue
                    }
                    try sites.deleteSite(schoolCode: school.code, certificateCode: certificate.code)
                } else {
                    entry.site.status = next
                    entry.returnReason = action == .returnForRevision ? reason : nil
                    try sites.save(entry)
                }
                summary.changed += 1
            }
            return summary
        }
    }
}
