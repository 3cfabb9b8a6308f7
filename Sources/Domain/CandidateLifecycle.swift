/// What can happen to a candidate's information status (考生信息状态, MISSION.md section 4).
public enum CandidateEvent: Sendable, Hashable {
    /// A photo passed every photo rule and was stored.
    case photoAccepted
    /// The verifier compared photo and ID: passed → 信息准确, else → 需人工确认.
    case verified(passed: Bool)
    /// A school user confirmed a candidate the verifier could not (人工确认).
    case confirmed

    /// The action's name in messages.
    public var label: String {
        switch self {
        case .photoAccepted: "导入照片"
        case .verified: "认证"
        case .confirmed: "人工确认"
        }
    }
}

/// The one place the status machine lives:
/// 无照片 → (photo) 信息待认证 → (verify) 信息准确 | 需人工确认 → (confirm) 信息准确.
/// A new photo sends 信息待认证 and 需人工确认 back to 信息待认证 (it must be verified again);
/// 信息准确 locks the photo and identity, so nothing moves it.
public enum CandidateLifecycle {
    /// The status after `event`, or a `candidate.locked` / `candidate.unverified` failure reason.
    public static func next(after status: CandidateStatus, on event: CandidateEvent) -> Result<CandidateStatus, Refusal> {
        switch (status, event) {
        case (.noPhoto, .photoAccepted), (.pendingVerification, .photoAccepted), (.needsManualCheck, .photoAccepted):
            return .success(.pendingVerification)
        case (.verified, _):
            return .failure(Refusal(code: .candidateLocked, reason: "考生信息已认证为“信息准确”，不能再\(event.label)"))
        case (.pendingVerification, .verified(let passed)):
            return .success(passed ? .verified : .needsManualCheck)
        case (.needsManualCheck, .confirmed):
            return .success(.verified)
        case (.noPhoto, _):
            return .failure(Refusal(code: .candidateUnverified, reason: "考生尚无照片，请先导入照片再\(event.label)"))
        case (.pendingVerification, .confirmed):
            return .failure(Refusal(code: .candidateUnverified, reason: "考生信息待认证，请先认证；认证未通过的考生才需人工确认"))
        case (.needsManualCheck, .verified):
            return .failure(Refusal(code: .candidateUnverified, reason: "考生需人工确认，请使用人工确认"))
        }
    }

    /// Why a transition is not allowed: a stable code and a Chinese reason.
    public struct Refusal: Error, Sendable, Hashable {
        public let code: FailureCode
        public let reason: String
    }
}
