import Domain
import Foundation
import Ingest
import TestSupport
import Testing

/// A one-sheet workbook of inline strings, written with the project's ZipWriter: just enough
/// for the reader, so the test builds its input files without the Render module.
enum MinimalWorkbook {
    static func write(_ path: String, rows: [[String]]) throws {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let package = "http://schemas.openxmlformats.org/package/2006/relationships"
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\"><sheetData>"
        for (index, row) in rows.enumerated() {
            sheet += "<row r=\"\(index + 1)\">"
            for (column, text) in row.enumerated() where !text.isEmpty {
                let letter = String(UnicodeScalar(UInt8(65 + column)))
                sheet += "<c r=\"\(letter)\(index + 1)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c>"
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        let parts = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let writer = try ZipWriter(path: path)
        for (name, text) in parts { try writer.add(name: name, bytes: Array(text.utf8)) }
        try writer.close()
    }
}

/// Sites and rooms end to end on the real binary: sample → init → catalog → sites (import,
/// create, the status machine) → rooms (import, clock rules, delete) → exports read back.
@Suite(.serialized) struct RoomCLITests {
    static let school = "S1101003"
    static let site = "北京电子科技职业学院Web 前端开发考核站点"
    static let scheduling = "--now=2026-12-22T09:00:00+08:00"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    static func codes(_ object: [String: Any], _ key: String) -> [String] {
        (object[key] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test func sitesRoomsAndExports() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            let school = RoomCLITests.school
            #expect(try cli.run(["sample", "--out", "s", "--candidates", "10", "--seed", "5"]).status == 0)
            #expect(try cli.run(["init", "root"]).status == 0)
            #expect(try cli.run(["catalog", "import", "s/catalog.xlsx", "--root", "root", now]).status == 0)
            let templates = try cli.run(["template"])
            #expect(templates.out.contains("sites\t") && templates.out.contains("rooms\t"))
            #expect(try cli.run(["template", "rooms", "-o", "rooms-template.xlsx"]).status == 0)

            // Sites: imported and submitted, approved by the organization; a second one created,
            // submitted, returned, then refused approval while returned.
            try MinimalWorkbook.write(
                directory + "/sites.xlsx",
                rows: [["*证书", "*考点地址", "联系人", "联系电话", "提交审核"], ["C-WEB", "北京市大兴区 1 号 实训楼", "赵老师", "13800138000", "是"]])
            let sites = try cli.run(["import", "sites", "sites.xlsx", "--root", "root", "--school", school, now, "--json"])
            #expect(sites.status == 0, "\(sites.out) \(sites.err)")
            #expect(try RoomCLITests.json(sites.out)["succeeded"] as? Int == 1)
            let approve = try cli.run([
                "sites", "approve", "--root", "root", "--org", "ORG001", "--school", school, "--certificate", "C-WEB",
            ])
            #expect(approve.status == 0, "\(approve.out) \(approve.err)")
            let create = try cli.run([
                "sites", "create", "--root", "root", "--school", school, "--certificate", "C-BDA", "--address", "某地址", "--submit",
            ])
            #expect(create.status == 0, "\(create.out) \(create.err)")
            let returned = try cli.run([
                "sites", "return", "--root", "root", "--org", "ORG001", "--school", school, "--certificate", "C-BDA", "--reason", "地址不详",
            ])
            #expect(returned.status == 0, "\(returned.out) \(returned.err)")
            let refused = try cli.run([
                "sites", "approve", "--root", "root", "--org", "ORG001", "--school", school, "--certificate", "C-BDA", "--json",
            ])
            #expect(refused.status == 3)
            #expect(RoomCLITests.codes(try RoomCLITests.json(refused.out), "refusals") == ["site.locked"])

            // Rooms: two valid rows and one with too many seats (exit 3, the valid ones stored).
            let header = ["*考试计划编号", "*考核站点", "*证书", "*科目", "*考场名称", "*考场地址", "*座位数"]
            try MinimalWorkbook.write(
                directory + "/rooms.xlsx",
                rows: [
                    header, ["P2026-01", RoomCLITests.site, "C-WEB", "WEB-T", "101", "实训楼 101", "40"],
                    ["P2026-01", school, "C-WEB", "实操技能", "实训室", "实训楼 2 层", "30"],
                    ["P2026-01", school, "C-WEB", "WEB-T", "102", "实训楼 102", "600"],
                ])
            let rooms = try cli.run(["import", "rooms", "rooms.xlsx", "--root", "root", "--school", school, now, "--json"])
            #expect(rooms.status == 3, "\(rooms.out) \(rooms.err)")
            let roomsJSON = try RoomCLITests.json(rooms.out)
            #expect(roomsJSON["succeeded"] as? Int == 2)
            #expect(RoomCLITests.codes(roomsJSON, "failures") == ["room.seats"])

            // Inside the scheduling window: fewer seats refused, and no deletion.
            try MinimalWorkbook.write(
                directory + "/fewer.xlsx", rows: [header, ["P2026-01", RoomCLITests.site, "C-WEB", "WEB-T", "101", "实训楼 101", "30"]])
            let fewer = try cli.run([
                "import", "rooms", "fewer.xlsx", "--root", "root", "--school", school, RoomCLITests.scheduling, "--json",
            ])
            #expect(fewer.status == 3)
            #expect(RoomCLITests.codes(try RoomCLITests.json(fewer.out), "failures") == ["room.seats"])
            let locked = try cli.run([
                "rooms", "delete", "--root", "root", "--school", school, "--plan", "P2026-01", "--certificate", "C-WEB", "--name", "实训室",
                RoomCLITests.scheduling, "--json",
            ])
            #expect(locked.status == 3)
            #expect(RoomCLITests.codes(try RoomCLITests.json(locked.out), "refusals") == ["room.locked"])
            let deleted = try cli.run([
                "rooms", "delete", "--root", "root", "--school", school, "--plan", "P2026-01", "--certificate", "C-WEB", "--name", "实训室",
                now,
            ])
            #expect(deleted.status == 0, "\(deleted.out) \(deleted.err)")
            let copy = try cli.run(["rooms", "copy", "--root", "root", "--school", school, "--from", "P2026-01", "--to", "P2026-01", now])
            #expect(copy.status == 3)  // the same plan: every room is already there

            // Exports, read back.
            let roomExport = try cli.run([
                "export", "rooms", "--root", "root", "--school", school, "--plan", "P2026-01", RoomCLITests.scheduling, "-o",
                "rooms-out.xlsx",
            ])
            #expect(roomExport.status == 0, "\(roomExport.err)")
            let roomRows = try readRows(directory + "/rooms-out.xlsx")
            #expect(roomRows.count == 2)
            #expect(roomRows[1][3] == RoomCLITests.site)
            #expect(roomRows[1][9] == "101")
            #expect(roomRows[1][10] == "机考考场")
            #expect(roomRows[1][12] == "40")
            #expect(roomRows[1][13] == "排考中")

            #expect(try cli.run(["export", "sites", "--root", "root", "--status", "已通过", "-o", "sites-out.xlsx"]).status == 0)
            let siteRows = try readRows(directory + "/sites-out.xlsx")
            #expect(siteRows.count == 5)  // the sample's three approved sites and this school's
            #expect(siteRows.contains { $0[0] == school && $0[4] == RoomCLITests.site && $0[8] == "已通过" })
            #expect(try cli.run(["export", "sites", "--root", "root", "--school", school, "--status", "审核退回", "-o", "r.xlsx"]).status == 0)
            #expect(try readRows(directory + "/r.xlsx").dropFirst().map { $0[9] } == ["地址不详"])

            #expect(try cli.run(["export", "schools", "--root", "root", "-o", "schools.xlsx"]).status == 0)
            #expect(try readRows(directory + "/schools.xlsx").count == 4)
            #expect(try cli.run(["export", "organizations", "--root", "root", "-o", "orgs.xlsx"]).status == 0)
            #expect(try readRows(directory + "/orgs.xlsx").dropFirst().map { $0[0] } == ["ORG001"])
        }
    }
}
