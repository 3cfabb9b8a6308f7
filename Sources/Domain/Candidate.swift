import Foundation

/// A person registered by one school (院校考生 or 社会考生); the ID number is the identity.
public struct Candidate: Hashable, Sendable {
    public var schoolCode: String
    public var category: CandidateCategory
    public var name: String
    public var pinyin: String
    public var idType: IDType
    public var idNumber: String
    public var mobile: String
    public var major: String?
    public var majorLevel: MajorLevel?
    public var entranceYear: Int?
    public var employer: String?
    public var status: CandidateStatus

    public init(
        schoolCode: String, category: CandidateCategory, name: String, pinyin: String, idType: IDType,
        idNumber: String, mobile: String, major: String?, majorLevel: MajorLevel?, entranceYear: Int?,
        employer: String?, status: CandidateStatus
    ) {
        self.schoolCode = schoolCode
        self.category = category
        self.name = name
        self.pinyin = pinyin
        self.idType = idType
        self.idNumber = idNumber
        self.mobile = mobile
        self.major = major
        self.majorLevel = majorLevel
        self.entranceYear = entranceYear
        self.employer = employer
        self.status = status
    }
}

/// Who owns a registered ID number, as much as a rule may know about it.
public struct CandidateOwnership: Hashable, Sendable {
    public let schoolCode: String
    public let status: CandidateStatus
    public let name: String
    public let idType: IDType
    /// The import that created the candidate, and the last one that updated it: a match with
    /// the running import means the ID already appeared earlier in the same file.
    public let createdByRecord: String
    public let updatedByRecord: String?
    /// The stored photo it points at, if any (a replaced one is deleted once unreferenced).
    public let photo: String?

    public init(
        schoolCode: String, status: CandidateStatus, name: String, idType: IDType, createdByRecord: String,
        updatedByRecord: String?, photo: String? = nil
    ) {
        self.schoolCode = schoolCode
        self.status = status
        self.name = name
        self.idType = idType
        self.createdByRecord = createdByRecord
        self.updatedByRecord = updatedByRecord
        self.photo = photo
    }
}

/// Whether rows create candidates (导入) or change existing ones (批量修改考生信息).
public enum CandidateImportMode: Sendable {
    case create, update
}
