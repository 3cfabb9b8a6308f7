public import Domain
import Foundation
import Render
import Store
import Validate

/// Exports of sites and rooms, and of the catalog's organizations and schools (MISSION.md
/// section 7): declared tables over streamed store queries, written by `Exports.write`.
extension Exports {
    /// 考核站点 list: the site with its school and certificate named, its status and the
    /// organization's return reason.
    static let siteTable = ExportTable<SiteRoomStore.SiteListing>(
        sheetName: "考核站点",
        columns: [
            ExportColumn("院校代码", .text) { .text($0.entry.site.schoolCode) },
            ExportColumn("院校名称", .text, width: 24) { .text($0.schoolName) },
            ExportColumn("证书代码", .text) { .text($0.entry.site.certificateCode) },
            ExportColumn("证书名称", .text, width: 20) { .text($0.certificateName) },
            ExportColumn("考核站点名称", .text, width: 36) { .text($0.entry.site.name) },
            ExportColumn(SiteColumns.address, .text, width: 36) { .text($0.entry.site.address) },
            ExportColumn(SiteColumns.contact, .text) { .of($0.entry.contact) },
            ExportColumn(SiteColumns.phone, .text, width: 16) { .of($0.entry.phone) },
            ExportColumn("状态", .text) { .label($0.entry.site.status) },
            ExportColumn("退回原因", .text, width: 24) { .of($0.entry.returnReason) },
        ])

    /// 考场信息 list; the status column is computed from `clock` and the plan's scheduling window.
    static func roomTable(clock: Clock) -> ExportTable<SiteRoomStore.RoomListing> {
        ExportTable(
            sheetName: "考场信息",
            columns: [
                ExportColumn(RoomColumns.plan, .text, width: 14) { .text($0.room.key.planCode) },
                ExportColumn("考试计划名称", .text, width: 28) { .text($0.planName) },
                ExportColumn("院校代码", .text) { .text($0.room.schoolCode) },
                ExportColumn(RoomColumns.site, .text, width: 36) { .text($0.siteName) },
                ExportColumn("证书代码", .text) { .text($0.room.key.certificateCode) },
                ExportColumn("证书名称", .text, width: 20) { .text($0.certificateName) },
                ExportColumn(RoomColumns.level, .text, width: 8) { .label($0.room.level) },
                ExportColumn("科目代码", .text) { .text($0.room.subjectCode) },
                ExportColumn("科目名称", .text, width: 16) { .text($0.subjectName) },
                ExportColumn(RoomColumns.name, .text, width: 16) { .text($0.room.key.name) },
                ExportColumn(RoomColumns.type, .text) { .label($0.room.type) },
                ExportColumn(RoomColumns.address, .text, width: 36) { .text($0.room.address) },
                ExportColumn(RoomColumns.seats, .integer) { .of($0.room.seats) },
                ExportColumn(RoomColumns.status, .text) { .label(RoomStatus.at(clock.now, scheduling: $0.scheduling)) },
            ])
    }

    /// 培训评价组织 list, with the catalog's columns.
    static let organizationTable = ExportTable<Organization>(
        sheetName: "培训评价组织",
        columns: [
            ExportColumn("组织代码", .text) { .text($0.code) },
            ExportColumn("组织名称", .text, width: 32) { .text($0.name) },
            ExportColumn("联系人", .text) { .of($0.contact) },
            ExportColumn("联系电话", .text, width: 16) { .of($0.phone) },
            ExportColumn("印章文件", .text, width: 24) { .of($0.sealPath) },
        ])

    /// 试点院校 list, with the catalog's columns.
    static let schoolTable = ExportTable<School>(
        sheetName: "试点院校",
        columns: [
            ExportColumn("院校代码", .text) { .text($0.code) },
            ExportColumn("院校名称", .text, width: 28) { .text($0.name) },
            ExportColumn("省份", .text) { .text($0.province) },
            ExportColumn("联系人", .text) { .of($0.contact) },
            ExportColumn("联系电话", .text, width: 16) { .of($0.phone) },
            ExportColumn("站点负责人", .text) { .of($0.siteHead) },
            ExportColumn("签章文件", .text, width: 24) { .of($0.stampPath) },
        ])

    /// Sites, all or one school's, certificate's and/or status; returns the count written.
    public static func sites(
        root: DataRoot, schoolCode: String?, certificate: String?, status: SiteStatus?, output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let sites = SiteRoomStore(store)
        let school = try schoolCode.map { try store.existingSchool($0).code }
        let certificateCode = try certificate.map { reference in
            guard let found = try sites.certificate(reference: Normalize.code(reference)) ?? sites.certificate(reference: reference) else {
                throw KaowuError(.certificateNotFound, "证书“\(reference)”不在目录中")
            }
            return found.code
        }
        return try write(siteTable, to: output, progress: progress) { row in
            try sites.forEachSite(schoolCode: school, certificateCode: certificateCode, status: status, row)
        }
    }

    /// Rooms, all or one school's and/or plan's, with their status at `clock`.
    public static func rooms(
        root: DataRoot, schoolCode: String?, planCode: String?, clock: Clock, output: String, progress: RowProgress? = nil
    ) throws -> Int {
        let store = try root.openStore()
        let sites = SiteRoomStore(store)
        let school = try schoolCode.map { try store.existingSchool($0).code }
        let plan = try planCode.map { try RoomCommands.existingPlan($0, sites: sites).code }
        return try write(roomTable(clock: clock), to: output, progress: progress) { row in
            try sites.forEachRoom(schoolCode: school, planCode: plan, row)
        }
    }

    public static func organizations(root: DataRoot, output: String, progress: RowProgress? = nil) throws -> Int {
        let sites = SiteRoomStore(try root.openStore())
        return try write(organizationTable, to: output, progress: progress) { row in try sites.forEachOrganization(row) }
    }

    /// Schools, all or a plan's participating schools.
    public static func schools(root: DataRoot, planCode: String?, output: String, progress: RowProgress? = nil) throws -> Int {
        let sites = SiteRoomStore(try root.openStore())
        let plan = try planCode.map { try RoomCommands.existingPlan($0, sites: sites).code }
        return try write(schoolTable, to: output, progress: progress) { row in try sites.forEachSchool(planCode: plan, row) }
    }
}
