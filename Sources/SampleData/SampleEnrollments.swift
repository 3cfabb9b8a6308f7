import Domain
import Foundation
import Render
import Validate

extension SampleData {
    /// The plan and certificate levels the enrollment sample enrolls every valid candidate in
    /// (按证书): two rows per candidate, so N candidates make about 2N rows.
    static let enrollmentPlan = "P2026-01"
    static let enrollmentTargets: [(certificate: String, level: CertificateLevel)] = [("C-WEB", .intermediate), ("C-BDA", .junior)]

    /// Seats per sample room: a classroom or a lab.
    static let roomSeats = 40

    /// Writes `sites.xlsx` (考核站点: the first school's own C-BDA site, submitted for review) and
    /// `rooms.xlsx` (考场 of the sample plan at that school: for each subject enough 40-seat rooms
    /// for every candidate, but one room fewer for the practical subject WEB-P, so `kaowu
    /// schedule` seats the sample with a deliberate shortfall), the steps between the catalog and
    /// the enrollments in the demo.
    static func writeSitesAndRooms(directory: String, rooms candidates: Int) throws {
        let school = schoolCodes[0]
        let sites: [[String]] = [["C-BDA", "河南省郑州市新郑市龙湖镇泰山路1号 实训楼", "", "", YesNo.yes.label]]
        let needed = max(1, (candidates + roomSeats - 1) / roomSeats)
        let subjects: [(certificate: String, subject: String, building: String, kind: String, rooms: Int)] = [
            ("C-WEB", "WEB-T", "信息楼", "机房", needed), ("C-WEB", "WEB-P", "实训楼", "实训室", max(1, needed - 1)),
            ("C-BDA", "BDA-T", "图书馆", "机房", needed),
        ]
        var roomRows: [[String]] = []
        for (floor, subject) in subjects.enumerated() {
            for index in 0..<subject.rooms {
                let name = "\(subject.building) \(floor + 1)\(String(format: "%02d", index + 1)) \(subject.kind)"
                roomRows.append([
                    enrollmentPlan, school, subject.certificate, subject.subject, name, "河南省郑州市新郑市龙湖镇泰山路1号 " + name,
                    String(roomSeats), "",
                ])
            }
        }
        for (path, schema, rows) in [
            (directory + "/sites.xlsx", SiteColumns.schema, sites), (directory + "/rooms.xlsx", RoomColumns.schema, roomRows),
        ] {
            let writer = try XlsxWorkbookWriter(path: path)
            try writeSheet(schema, rows: rows, in: writer, markRequired: true)
            try writer.close()
        }
    }

    /// Writes `enrollments.xlsx` (按证书报考) as the valid candidate rows are generated: one row
    /// per certificate of the sample plan, a share of them deliberately bad (each breaking one
    /// rule); its own random stream, so asking for it leaves candidates.xlsx unchanged.
    final class EnrollmentSampler {
        /// One way a bad enrollment row breaks a rule.
        enum Defect: CaseIterable {
            case unknownPlan, unknownCertificate, missingLevel, nameMismatch, duplicate, missingName
        }

        let writer: XlsxWorkbookWriter
        let sheet: XlsxSheetWriter
        let badRatio: Double
        var random: SeededRandom
        var rows = 0
        var bad = 0
        private var previous: [String] = []

        /// 科目成绩 of the valid rows, written beside them.
        let scores: ScoreSampler

        init(path: String, badRatio: Double, seed: UInt64) throws {
            scores = try ScoreSampler(path: (path as NSString).deletingLastPathComponent + "/scores.xlsx", seed: seed)
            writer = try XlsxWorkbookWriter(path: path)
            sheet = try SampleData.templateSheet(
                EnrollmentColumns.schema(for: .byCertificate), note: "填写说明：带 * 的列为必填；证件号码列为文本格式。", in: writer)
            self.badRatio = badRatio
            random = SeededRandom(seed: seed ^ 0x656E_726C)
        }

        /// The rows of one valid candidate.
        func add(idNumber: String, name: String) throws {
            for target in SampleData.enrollmentTargets {
                var values = [SampleData.enrollmentPlan, idNumber, name, target.certificate, target.level.label]
                if badRatio > 0, Double(random.next(1_000_000)) < badRatio * 1_000_000 {
                    bad += 1
                    switch Defect.allCases[random.next(Defect.allCases.count)] {
                    case .unknownPlan: values[0] = "P2099-09"
                    case .unknownCertificate: values[3] = "C-NONE"
                    case .missingLevel: values[4] = ""
                    case .nameMismatch: values[2] = name + "某"
                    case .duplicate: if !previous.isEmpty { values = previous } else { values[0] = "P2099-09" }
                    case .missingName: values[2] = ""
                    }
                } else {
                    previous = values
                    try scores.add(idNumber: idNumber, certificate: target.certificate)
                }
                let row = rows + 2
                for (column, value) in values.enumerated() where !value.isEmpty {
                    try sheet.write(value, row: row, column: column)
                }
                rows += 1
            }
        }

        func close() throws {
            try writer.close()
            try scores.writer.close()
        }
    }

    /// A sheet laid out as kaowu's templates are: a note on the first row, the header (required
    /// columns marked `*`) on the second; data rows follow from row 3.
    static func templateSheet(_ schema: TableSchema, note: String, in writer: XlsxWorkbookWriter) throws -> XlsxSheetWriter {
        let sheet = try writer.addSheet(named: schema.sheetNames[0])
        try sheet.setColumns(0, schema.columns.count - 1, width: 18)
        try sheet.write(note, row: 0, column: 0, style: .note)
        for (column, spec) in schema.columns.enumerated() {
            try sheet.write((spec.required ? "*" : "") + spec.name, row: 1, column: column, style: .header)
        }
        return sheet
    }

    /// The subjects each sample certificate level has (as the catalog sheet lists them).
    static let sampleSubjects: [String: [String]] = ["C-WEB": ["WEB-T", "WEB-P"], "C-BDA": ["BDA-T"]]

    /// Writes `scores.xlsx` (科目成绩, by 证件号码): a score for every subject of every valid
    /// enrollment row; about 6% 缺考 and 10% below the pass mark of 60, the rest passing.
    final class ScoreSampler {
        let writer: XlsxWorkbookWriter
        let sheet: XlsxSheetWriter
        var random: SeededRandom
        var rows = 0

        init(path: String, seed: UInt64) throws {
            writer = try XlsxWorkbookWriter(path: path)
            sheet = try SampleData.templateSheet(
                ScoreColumns.schema, note: "填写说明：准考证号与证件号码至少填一项；成绩为 0 至满分的数字，缺考填写“缺考”。", in: writer)
            random = SeededRandom(seed: seed ^ 0x7363_6F72)
        }

        func add(idNumber: String, certificate: String) throws {
            for subject in SampleData.sampleSubjects[certificate] ?? [] {
                let draw = random.next(100)
                let score = draw < 6 ? SubjectScore.absentLabel : draw < 16 ? String(30 + random.next(30)) : String(60 + random.next(39))
                let row = rows + 2
                for (column, value) in [SampleData.enrollmentPlan, "", idNumber, subject, score].enumerated() where !value.isEmpty {
                    try sheet.write(value, row: row, column: column)
                }
                rows += 1
            }
        }
    }
}
