public import Foundation

/// A 考核站点 as a school keeps it: the catalog's columns plus what the school fills in when it
/// applies (contact, phone) and what the organization says when it returns the application.
public struct SiteEntry: Hashable, Sendable {
    public var site: AssessmentSite
    public var contact, phone: String?
    /// Why the organization returned the application (审核退回), shown to the school.
    public var returnReason: String?
    /// The import that last wrote the site: a second row of the same file finds its own record here.
    public var recordID: String?

    public init(site: AssessmentSite, contact: String?, phone: String?, returnReason: String?, recordID: String?) {
        self.site = site
        self.contact = contact
        self.phone = phone
        self.returnReason = returnReason
        self.recordID = recordID
    }
}

/// What makes a room unique (MISSION.md rooms row): one name per plan, site and certificate.
public struct RoomKey: Hashable, Sendable {
    public var planCode: String
    /// The site's school: the school itself, or the host of a borrowed (借考) site.
    public var siteSchoolCode: String
    public var certificateCode: String
    public var name: String

    public init(planCode: String, siteSchoolCode: String, certificateCode: String, name: String) {
        self.planCode = planCode
        self.siteSchoolCode = siteSchoolCode
        self.certificateCode = certificateCode
        self.name = name
    }
}

/// 考场: a room of a site, set by a school for one subject of a certificate in one exam plan.
public struct ExamRoom: Hashable, Sendable {
    public var key: RoomKey
    /// The school that set the room; only it may change or delete the room.
    public var schoolCode: String
    public var level: CertificateLevel
    public var subjectCode: String
    /// Derived from the subject's exam type, never typed in.
    public var type: RoomType
    public var address: String
    public var seats: Int
    /// The import (or copy) that last wrote the room.
    public var recordID: String?

    public init(
        key: RoomKey, schoolCode: String, level: CertificateLevel, subjectCode: String, type: RoomType, address: String, seats: Int,
        recordID: String?
    ) {
        self.key = key
        self.schoolCode = schoolCode
        self.level = level
        self.subjectCode = subjectCode
        self.type = type
        self.address = address
        self.seats = seats
        self.recordID = recordID
    }
}

extension RoomType {
    /// A subject sits only in a room of its own exam type, so the room takes the subject's.
    public init(examType: ExamType) {
        switch examType {
        case .computer: self = .computer
        case .practical: self = .practical
        case .written: self = .written
        }
    }
}

extension RoomStatus {
    /// The manual's status flow: 未排考 before the plan's scheduling window, 排考中 inside it
    /// (both ends included), 已结束 after it. Computed from the clock, never stored.
    public static func at(_ now: Date, scheduling: Window) -> RoomStatus {
        if now < scheduling.start { return .unscheduled }
        return now <= scheduling.end ? .scheduling : .ended
    }
}
