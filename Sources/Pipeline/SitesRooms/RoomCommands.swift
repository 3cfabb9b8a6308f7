public import Domain
import Foundation
import Store
import Validate

/// Room commands besides the import: reuse a plan's rooms (沿用之前的考场设置) and delete rooms.
public enum RoomCommands {
    /// `kaowu rooms copy`: the school's rooms of plan `from` set again for plan `to`. Refused as
    /// a whole when the target plan is missing, does not include the school, or its scheduling
    /// has ended; a room the target already has (or whose certificate or site the target does
    /// not allow) is skipped and reported. One transaction.
    public static func copy(root: DataRoot, schoolCode: String, from: String, to: String, clock: Clock) throws -> SiteRoomSummary {
        let store = try root.openStore()
        let sites = SiteRoomStore(store)
        let school = try store.existingSchool(schoolCode).code
        _ = try existingPlan(from, sites: sites)
        let target = try existingPlan(to, sites: sites)
        guard target.schoolCodes.contains(school) else {
            throw KaowuError(.schoolNotInPlan, "院校“\(school)”不在考试计划“\(target.code)”的参与院校中")
        }
        if RoomStatus.at(clock.now, scheduling: target.scheduling) == .ended {
            throw KaowuError(.planClosed, RoomRules.closedReason(target))
        }
        let recordID = "copy-" + UUID().uuidString
        return try store.transaction {
            var summary = SiteRoomSummary()
            for (index, source) in try sites.rooms(schoolCode: school, planCode: Normalize.code(from)).enumerated() {
                var room = source
                room.key.planCode = target.code
                room.recordID = recordID
                let skip = { (code: FailureCode, why: String) in
                    summary.refusals.append(
                        Failure(code: code, row: index + 1, column: RoomColumns.name, value: room.key.name, reason: why))
                }
                let certificate = room.key.certificateCode
                if !target.certificateCodes.contains(certificate) {
                    skip(.certificateNotInPlan, "考试计划“\(target.code)”不包含证书“\(certificate)”，已跳过")
                    continue
                }
                let site = try sites.site(schoolCode: room.key.siteSchoolCode, certificateCode: certificate)
                let host = try sites.allocationHost(planCode: target.code, schoolCode: school, certificateCode: certificate)
                if let problem = RoomRules.siteProblem(site, schoolCode: school, allocationHost: host) {
                    skip(.siteInvalid, problem + "，已跳过")
                    continue
                }
                if try sites.room(room.key) != nil {
                    skip(.roomDuplicate, "考试计划“\(target.code)”中已有同名考场，已跳过")
                    continue
                }
                try sites.save(room)
                summary.changed += 1
            }
            return summary
        }
    }

    /// `kaowu rooms delete`: rooms of the school by name at one site and certificate of a plan;
    /// only a 未排考 room can go. `site` is the site's name or school code (default: the school's own).
    public static func delete(
        root: DataRoot, schoolCode: String, planCode: String, certificate reference: String, site siteReference: String?, names: [String],
        clock: Clock
    ) throws -> SiteRoomSummary {
        let store = try root.openStore()
        let sites = SiteRoomStore(store)
        let school = try store.existingSchool(schoolCode).code
        let plan = try existingPlan(planCode, sites: sites)
        guard let certificate = try sites.certificate(reference: Normalize.code(reference)) ?? sites.certificate(reference: reference)
        else {
            throw KaowuError(.certificateNotFound, "证书“\(reference)”不在目录中")
        }
        let directory = StoreRoomDirectory(sites: sites)
        let siteText = siteReference ?? school
        guard
            let site = try directory.site(reference: siteText, certificateCode: certificate.code)
                ?? directory.site(reference: Normalize.code(siteText), certificateCode: certificate.code)
        else {
            throw KaowuError(.siteInvalid, "找不到证书“\(certificate.code)”的考核站点“\(siteText)”")
        }
        return try store.transaction {
            var summary = SiteRoomSummary()
            for (index, name) in names.enumerated() {
                let refuse = { (code: FailureCode, value: String, why: String) in
                    summary.refusals.append(Failure(code: code, row: index + 1, column: RoomColumns.name, value: value, reason: why))
                }
                let key = RoomKey(planCode: plan.code, siteSchoolCode: site.site.schoolCode, certificateCode: certificate.code, name: name)
                guard let room = try sites.room(key), room.schoolCode == school else {
                    refuse(.roomNotFound, name, "本院校在该考试计划、考核站点和证书下没有这个考场")
                    continue
                }
                if let problem = RoomRules.deletionProblem(room, plan: plan, now: clock.now) {
                    refuse(problem.code, problem.value, problem.reason)
                    continue
                }
                try sites.deleteRoom(key)
                summary.changed += 1
            }
            return summary
        }
    }

    static func existingPlan(_ code: String, sites: SiteRoomStore) throws -> ExamPlan {
        guard let plan = try sites.plan(code: Normalize.code(code)) else {
            throw KaowuError(.planNotFound, "考试计划“\(code)”不存在")
        }
        return plan
    }
}
