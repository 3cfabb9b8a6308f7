public import Domain
import Foundation
import Store
import Validate

/// What `kaowu proctors assign` did: assignments kept, added and withdrawn, and the rooms still
/// short of proctors.
public struct ProctorAssignmentOutcome: Encodable, Sendable {
    public let kept, added, withdrawn: Int
    public let shortfalls: [ProctorShortfall]
}

/// `kaowu proctors assign`: proctors for every room session of a plan with candidates, or one
/// proctor for one room by hand, under the same rules (`ProctorAssignment`), inside the plan's
/// scheduling window; each call is one transaction.
public enum ProctorJob {
    public static func assign(root: DataRoot, planCode: String, perRoom: Int, clock: Clock) throws -> ProctorAssignmentOutcome {
        let (store, plan) = try scheduling(root: root, planCode: planCode, clock: clock)
        guard (1...10).contains(perRoom) else { throw KaowuError(.proctorState, "每个考场的监考人数应为 1–10：\(perRoom)") }
        let recordID = RecordID.make(clock: clock)
        return try store.transaction {
            let decided = ProctorAssignment.plan(
                rooms: try rooms(store, plan), proctors: try store.certifiedProctors(planCode: plan.code),
                existing: try store.roomProctors(planCode: plan.code), perRoom: perRoom)
            for assignment in decided.withdrawn { try store.unassignProctor(assignment.idNumber, from: assignment.room) }
            for assignment in decided.added { try store.assignProctor(assignment.idNumber, to: assignment.room, recordID: recordID) }
            return ProctorAssignmentOutcome(
                kept: decided.kept.count, added: decided.added.count, withdrawn: decided.withdrawn.count, shortfalls: decided.shortfalls)
        }
    }

    /// One proctor for one room (`--room NAME`, with `--certificate`/`--site` where the name is
    /// not unique in the plan): certified for the room's certificate, of the school that set
    /// the room, and free at the room's time.
    public static func assign(
        root: DataRoot, planCode: String, room name: String, certificate: String?, site: String?, proctor idNumber: String, clock: Clock
    ) throws {
        let (store, plan) = try scheduling(root: root, planCode: planCode, clock: clock)
        let all = try rooms(store, plan, includeEmpty: true)
        let matches = all.filter {
            $0.room.key.name == name
                && (certificate.map { Normalize.code($0) } ?? $0.room.key.certificateCode) == $0.room.key.certificateCode
                && (site.map { Normalize.code($0) } ?? $0.room.key.siteSchoolCode) == $0.room.key.siteSchoolCode
        }
        guard let target = matches.first else { throw KaowuError(.roomNotFound, "考试计划“\(plan.code)”中没有考场“\(name)”") }
        guard matches.count == 1 else {
            throw KaowuError(.roomNotFound, "考试计划“\(plan.code)”中有多个考场名为“\(name)”，请用 --certificate 和 --site 指明")
        }
        let id = Normalize.code(idNumber).uppercased()
        try store.transaction {
            guard
                try store.certifiedProctors(planCode: plan.code).contains(where: {
                    $0.idNumber == id && $0.schoolCode == target.room.schoolCode && $0.certificateCode == target.room.key.certificateCode
                })
            else {
                throw KaowuError(
                    .proctorState, "监考人员 \(id) 不是院校 \(target.room.schoolCode) 已认证“\(target.room.key.certificateCode)”监考资格的人员")
            }
            let existing = try store.roomProctors(planCode: plan.code)
            if existing.contains(where: { $0.room == target.room.key && $0.idNumber == id }) { return }
            let windows = Dictionary(all.map { ($0.room.key, $0.window) }, uniquingKeysWith: { first, _ in first })
            if let clash = existing.first(where: { assignment in
                assignment.idNumber == id
                    && (windows[assignment.room]?.overlaps(target.window) ?? false)
            }) {
                throw KaowuError(.proctorBusy, "监考人员 \(id) 在同一时间已监考考场“\(clash.room.name)”")
            }
            try store.assignProctor(id, to: target.room.key, recordID: RecordID.make(clock: clock))
        }
    }

    private static func scheduling(root: DataRoot, planCode: String, clock: Clock) throws -> (Store, ExamPlan) {
        let store = try root.openStore()
        let plan = try RoomCommands.existingPlan(planCode, sites: SiteRoomStore(store))
        try ScheduleJob.requireSchedulingWindow(plan, clock: clock, then: "，不能安排监考")
        return (store, plan)
    }

    /// The plan's room sessions (with candidates seated, unless `includeEmpty`).
    private static func rooms(_ store: Store, _ plan: ExamPlan, includeEmpty: Bool = false) throws -> [ProctoredRoom] {
        try store.roomArrangements(planCode: plan.code, schoolCode: nil).compactMap { arrangement in
            guard let window = arrangement.window, includeEmpty || arrangement.seated > 0 else { return nil }
            return ProctoredRoom(room: arrangement.room, window: window)
        }
    }
}
