public import Domain
import Foundation
import Render
import Store
import Validate

/// One (site, session) of a plan: its rooms and seats, given and free (考点安排).
struct SiteArrangement: Sendable {
    var siteSchoolCode: String
    var siteName: String?
    var session: SessionKey
    var window: Window?
    var rooms, seats, seated: Int
}

/// The arrangement exports of MISSION.md section 7: 考点安排, 考场安排 and 安排明细, with the
/// statuses the clock gives them.
extension Exports {
    static func seatTable(clock: Clock) -> ExportTable<SeatDetail> {
        ExportTable(
            sheetName: "安排明细",
            columns: [
                ExportColumn("准考证号", .text, width: 26) { .of($0.ticketNumber) },
                ExportColumn("姓名", .text, width: 12) { .text($0.name) },
                ExportColumn("证件号码", .text, width: 22) { .text($0.idNumber) },
                ExportColumn("院校代码", .text) { .text($0.schoolCode) },
                ExportColumn("证书代码", .text) { .text($0.session.certificateCode) },
                ExportColumn("等级", .text, width: 8) { .label($0.session.level) },
                ExportColumn("科目代码", .text) { .text($0.session.subjectCode) },
                ExportColumn("开始时间", .dateTime) { $0.window.map { .date($0.start) } },
                ExportColumn("结束时间", .dateTime) { $0.window.map { .date($0.end) } },
                ExportColumn("考核站点", .text, width: 36) { .text($0.siteName ?? $0.siteSchoolCode) },
                ExportColumn("考场", .text, width: 20) { .text($0.roomName) },
                ExportColumn("考场地址", .text, width: 36) { .of($0.address) },
                ExportColumn("座位号", .integer) { .number(Double($0.seat)) },
                ExportColumn("报考状态", .text) { .label(EnrollmentExamStatus.at(clock.now, seated: true, session: $0.window)) },
            ])
    }

    static func roomArrangementTable(clock: Clock, scheduling: Window) -> ExportTable<RoomArrangement> {
        ExportTable(
            sheetName: "考场安排",
            columns: [
                ExportColumn("考核站点", .text, width: 36) { .text($0.siteName ?? $0.room.key.siteSchoolCode) },
                ExportColumn("考场", .text, width: 20) { .text($0.room.key.name) },
                ExportColumn("考场类型", .text) { .label($0.room.type) },
                ExportColumn("证书代码", .text) { .text($0.room.key.certificateCode) },
                ExportColumn("等级", .text, width: 8) { .label($0.room.level) },
                ExportColumn("科目代码", .text) { .text($0.room.subjectCode) },
                ExportColumn("开始时间", .dateTime) { $0.window.map { .date($0.start) } },
                ExportColumn("结束时间", .dateTime) { $0.window.map { .date($0.end) } },
                ExportColumn("座位数", .integer) { .number(Double($0.room.seats)) },
                ExportColumn("已排", .integer) { .number(Double($0.seated)) },
                ExportColumn("空余", .integer) { .number(Double(max(0, $0.room.seats - $0.seated))) },
                ExportColumn("监考人员", .text, width: 24) { .of($0.proctors) },
                ExportColumn("考场状态", .text) { _ in .label(RoomStatus.at(clock.now, scheduling: scheduling)) },
            ])
    }

    static let siteArrangementTable = ExportTable<SiteArrangement>(
        sheetName: "考点安排",
        columns: [
            ExportColumn("考核站点", .text, width: 36) { .text($0.siteName ?? $0.siteSchoolCode) },
            ExportColumn("院校代码", .text) { .text($0.siteSchoolCode) },
            ExportColumn("证书代码", .text) { .text($0.session.certificateCode) },
            ExportColumn("等级", .text, width: 8) { .label($0.session.level) },
            ExportColumn("科目代码", .text) { .text($0.session.subjectCode) },
            ExportColumn("开始时间", .dateTime) { $0.window.map { .date($0.start) } },
            ExportColumn("结束时间", .dateTime) { $0.window.map { .date($0.end) } },
            ExportColumn("考场数", .integer) { .number(Double($0.rooms)) },
            ExportColumn("座位数", .integer) { .number(Double($0.seats)) },
            ExportColumn("已排", .integer) { .number(Double($0.seated)) },
            ExportColumn("空余", .integer) { .number(Double(max(0, $0.seats - $0.seated))) },
        ])

    /// 安排明细: one row per seated candidate and subject.
    public static func schedule(
        root: DataRoot, planCode: String, schoolCode: String?, clock: Clock, output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let (store, plan, school) = try arrangementScope(root: root, planCode: planCode, schoolCode: schoolCode)
        return try write(seatTable(clock: clock), to: output, progress: progress) { row in
            try store.forEachSeatDetail(planCode: plan.code, schoolCode: school, row)
        }
    }

    /// 考场安排: one row per room, its seats given and free and its status at `clock`.
    public static func roomArrangements(
        root: DataRoot, planCode: String, schoolCode: String?, clock: Clock, output: String, progress: RowProgress? = nil
    ) throws
        -> Int
    {
        let (store, plan, school) = try arrangementScope(root: root, planCode: planCode, schoolCode: schoolCode)
        let rooms = try store.roomArrangements(planCode: plan.code, schoolCode: school)
        return try write(roomArrangementTable(clock: clock, scheduling: plan.scheduling), to: output, progress: progress) { row in
            for room in rooms { try row(room) }
        }
    }

    /// 考点安排: one row per site and subject session.
    public static func siteArrangements(root: DataRoot, planCode: String, schoolCode: String?, output: String, progress: RowProgress? = nil)
        throws -> Int
    {
        let (store, plan, school) = try arrangementScope(root: root, planCode: planCode, schoolCode: schoolCode)
        var sites: [SiteArrangement] = []
        for room in try store.roomArrangements(planCode: plan.code, schoolCode: school) {
            let session = room.room.subjectKey
            if let last = sites.last, last.siteSchoolCode == room.room.key.siteSchoolCode, last.session == session {
                sites[sites.count - 1].rooms += 1
                sites[sites.count - 1].seats += room.room.seats
                sites[sites.count - 1].seated += room.seated
            } else {
                sites.append(
                    SiteArrangement(
                        siteSchoolCode: room.room.key.siteSchoolCode, siteName: room.siteName, session: session, window: room.window,
                        rooms: 1, seats: room.room.seats, seated: room.seated))
            }
        }
        return try write(siteArrangementTable, to: output, progress: progress) { row in
            for site in sites { try row(site) }
        }
    }

    private static func arrangementScope(root: DataRoot, planCode: String, schoolCode: String?) throws -> (Store, ExamPlan, String?) {
        let store = try root.openStore()
        let plan = try RoomCommands.existingPlan(planCode, sites: SiteRoomStore(store))
        let school = try schoolCode.map { try store.existingSchool($0).code }
        return (store, plan, school)
    }
}
