public import Domain
import Foundation
import Store
import Validate

/// The organization's decisions on proctors' certificates and the school's removals. Each
/// call is one transaction; a refused call changes nothing.
///
/// Per (proctor, certificate): 待认证 → 已认证 | 认证不通过 (by the organization); importing a
/// rejected certificate again submits it again (待认证). A certified certificate is final: it
/// cannot be rejected, removed, or lost by deleting its proctor.
public enum ProctorCommands {
    /// `kaowu proctors certify|reject`: records the organization's decision on a 待认证
    /// certificate. `organizationCode`, when given, must own the certificate.
    @discardableResult
    public static func decide(
        root: DataRoot, idNumber: String, certificate: String, decision: ProctorCertificationStatus, organizationCode: String?,
        reason: String?, clock: Clock
    ) throws -> ProctorCertificate {
        precondition(decision != .pending, "a decision certifies or rejects")
        let store = try root.openStore()
        return try store.transaction {
            let (id, code, current) = try application(store, idNumber: idNumber, certificate: certificate)
            if let organizationCode, try store.certificateOrganization(code: code) != Normalize.code(organizationCode) {
                throw KaowuError(.organizationMismatch, "证书“\(current.certificateName)”不属于培训评价组织“\(organizationCode)”，无权认证")
            }
            guard current.status == .pending else {
                throw KaowuError(
                    .proctorState,
                    "监考证书“\(current.certificateName)”当前为“\(current.status.label)”，只有“\(ProctorCertificationStatus.pending.label)”的证书可以认证或不通过"
                        + (current.status == .rejected ? "；学校重新导入该证书后可再次认证" : ""))
            }
            try store.setProctorCertification(
                idNumber: id, certificateCode: code, status: decision, reason: decision == .rejected ? reason : nil, decidedAt: clock.now)
            var decided = current
            decided.status = decision
            decided.reason = decision == .rejected ? reason : nil
            decided.decidedAt = clock.now
            return decided
        }
    }

    /// `kaowu proctors remove-certificate`: the school withdraws one application. A certified
    /// certificate cannot be removed, nor the last one (delete the proctor instead).
    public static func removeCertificate(root: DataRoot, schoolCode: String, idNumber: String, certificate: String) throws {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        try store.transaction {
            let (id, code, current) = try application(store, idNumber: idNumber, certificate: certificate, school: school)
            if current.status == .certified {
                throw KaowuError(.proctorCertified, "监考证书“\(current.certificateName)”已认证，不能删除")
            }
            guard let found = try store.proctor(idNumber: id), found.certificates.count > 1 else {
                throw KaowuError(.proctorLastCertificate, "这是该监考人员唯一的监考证书，不能删除；如需删除该人员请用 kaowu proctors delete")
            }
            try store.deleteProctorCertificate(idNumber: id, certificateCode: code)
        }
    }

    /// `kaowu proctors delete`: removes a proctor of the school with their applications, unless
    /// any certificate of theirs is certified.
    public static func delete(root: DataRoot, schoolCode: String, idNumber: String) throws {
        let store = try root.openStore()
        let school = try store.existingSchool(schoolCode).code
        try store.transaction {
            let id = Normalize.idNumber(idNumber)
            guard let found = try store.proctor(idNumber: id), found.proctor.schoolCode == school else {
                throw KaowuError(.proctorNotFound, "本校没有证件号码为“\(id)”的监考人员")
            }
            let certified = found.certificates.filter { $0.status == .certified }.map(\.certificateName)
            if !certified.isEmpty {
                throw KaowuError(.proctorCertified, "该监考人员的监考证书“\(certified.joined(separator: "、"))”已认证，不能删除该人员")
            }
            try store.deleteProctor(idNumber: id)
        }
    }

    /// The proctor's application for a certificate (given by code or name); when `school` is
    /// given the proctor must be that school's (a school never learns of another's proctors).
    private static func application(
        _ store: Store, idNumber: String, certificate: String, school: String? = nil
    ) throws -> (idNumber: String, code: String, current: ProctorCertificate) {
        let id = Normalize.idNumber(idNumber)
        guard let code = CertificateIndex(try store.certificateList()).code(for: certificate) else {
            throw KaowuError(.certificateNotFound, "目录中没有证书“\(certificate)”")
        }
        guard let found = try store.proctor(idNumber: id), school == nil || found.proctor.schoolCode == school else {
            throw KaowuError(.proctorNotFound, "没有证件号码为“\(id)”的监考人员")
        }
        guard let current = found.certificates.first(where: { $0.certificateCode == code }) else {
            throw KaowuError(.proctorNotApplied, "监考人员“\(found.proctor.name)”没有申请证书“\(certificate)”的监考资格")
        }
        return (id, code, current)
    }
}
