public import Domain

/// Compares a candidate's photo and ID with an authority. The real platform asks the police
/// registry; kaowu takes any verifier of this shape, and ships an offline one.
public protocol CandidateVerifier: Sendable {
    func verify(_ subject: VerificationSubject) -> VerificationVerdict
}

/// What a verifier sees of a candidate: the ID, and the stored photo as the codec measured it
/// (nil when the file is missing or unreadable).
public struct VerificationSubject: Sendable {
    public let idNumber: String
    public let idType: IDType
    public let photo: PhotoFacts?

    public init(idNumber: String, idType: IDType, photo: PhotoFacts?) {
        self.idNumber = idNumber
        self.idType = idType
        self.photo = photo
    }
}

public enum VerificationVerdict: Sendable, Hashable {
    case passed
    /// Sent to 需人工确认, with the reason a school user sees.
    case needsManualCheck(String)
}

/// The built-in verifier: passes a candidate whose photo passes every photo rule and whose
/// 居民身份证 number passes every strict check (a known region code included: a warning is
/// enough to ask a person); everything else goes to 需人工确认.
public struct OfflineVerifier: CandidateVerifier {
    public let idRules: IDNumberRules

    public init(idRules: IDNumberRules) { self.idRules = idRules }

    public func verify(_ subject: VerificationSubject) -> VerificationVerdict {
        guard let photo = subject.photo else { return .needsManualCheck("照片文件缺失或无法读取") }
        if let problem = PhotoRules.check(photo, entryName: "photo.jpg", row: 0).first {
            return .needsManualCheck("照片不符合要求：\(problem.reason)")
        }
        if photo.border == nil { return .needsManualCheck("照片背景无法判断") }
        guard subject.idType == .residentID else {
            return .needsManualCheck("\(subject.idType.label)无法离线核验，请人工确认")
        }
        let outcome = idRules.check(
            CellValue(type: .string, text: subject.idNumber), type: .residentID, row: 0, column: "证件号码")
        if let problem = outcome.failures.first ?? outcome.warnings.first {
            return .needsManualCheck("证件号码未通过严格核验：\(problem.reason)")
        }
        return .passed
    }
}
