import Domain
import Foundation
import Ingest
import Render
import Validate

/// `kaowu sample`: a realistic, seed-deterministic dataset — the catalog workbook and one
/// school's candidates workbook (valid GB 11643 IDs, unique by construction, and a share of
/// deliberately bad rows, each breaking one rule). Rows are written as they are generated, so
/// a million-row file costs constant memory.
public enum SampleData {
    public struct Options: Sendable {
        public var directory: String
        public var candidates: Int
        public var badRatio: Double
        public var seed: UInt64
        /// Also write `photos.zip`: one photo per valid candidate, named by ID number.
        public var photos: Bool
        /// Also write `enrollments.xlsx` (按证书报考): two rows per valid candidate, and the
        /// `sites.xlsx` and `rooms.xlsx` they need.
        public var enrollments: Bool

        public init(
            directory: String, candidates: Int, badRatio: Double, seed: UInt64, photos: Bool = false, enrollments: Bool = false
        ) {
            self.directory = directory
            self.candidates = candidates
            self.badRatio = badRatio
            self.seed = seed
            self.photos = photos
            self.enrollments = enrollments
        }
    }

    public struct Summary: Sendable {
        public let catalogPath: String
        public let candidatesPath: String
        public let rows: Int
        public let badRows: Int
        /// `photos.zip` and its entries (of which deliberately bad), when asked for.
        public let photosPath: String?
        public let photoCount: Int
        public let badPhotos: Int
        /// Every photo archive: `photos.zip`, then `photos-2.zip`, … once one holds as many
        /// entries as a photo import accepts.
        public var photoArchives: [String] = []
        /// `enrollments.xlsx` and its rows (of which deliberately bad), when asked for.
        public var enrollmentsPath: String?
        public var enrollmentRows = 0
        public var badEnrollmentRows = 0
        /// Rows of `scores.xlsx` (written with the enrollments).
        public var scoreRows = 0
    }

    /// Writes the photos archive as the valid rows are generated, a share of them deliberately
    /// bad; its own random stream, so `--photos` leaves candidates.xlsx unchanged.
    final class PhotoSampler {
        private(set) var writer: ZipWriter
        let badRatio: Double
        var random: SeededRandom
        var count = 0
        var bad = 0
        /// The archives written so far; a new one starts when the current one is full.
        private(set) var paths: [String]

        init(path: String, badRatio: Double, seed: UInt64) throws {
            writer = try ZipWriter(path: path)
            paths = [path]
            self.badRatio = badRatio
            random = SeededRandom(seed: seed ^ 0x7068_6F74)
        }

        func add(idNumber: String, seed: UInt64) throws {
            if count > 0, count % ZipLimits.photoArchive.maxEntries == 0, let first = paths.first {
                try writer.close()
                let next = String(first.dropLast(".zip".count)) + "-\(paths.count + 1).zip"
                writer = try ZipWriter(path: next)
                paths.append(next)
            }
            count += 1
            if badRatio > 0, Double(random.next(1_000_000)) < badRatio * 1_000_000 {
                bad += 1
                let photo = try SamplePhotos.bad(seed: seed)
                try writer.add(name: idNumber + "." + photo.fileExtension, bytes: photo.bytes)
            } else {
                try writer.add(name: idNumber + ".jpg", bytes: try SamplePhotos.jpeg(seed: seed))
            }
        }
    }

    public static let schoolCodes = ["S4101001", "S4401002", "S1101003"]

    public static func generate(_ options: Options) throws -> Summary {
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        let catalogPath = options.directory + "/catalog.xlsx"
        let candidatesPath = options.directory + "/candidates.xlsx"
        let photosPath = options.directory + "/photos.zip"
        // The sample's files are replaced in place: each must be a regular file (or absent) and
        // outside any data root, like every other file kaowu writes where the user says.
        for name in [
            "catalog.xlsx", "candidates.xlsx", "photos.zip", "enrollments.xlsx", "sites.xlsx", "rooms.xlsx", "scores.xlsx", "seal.png",
            "signature.png",
        ] {
            _ = try OutputFile(options.directory + "/" + name)
        }
        do {
            try writeCatalog(to: catalogPath)
            let photos = options.photos ? try PhotoSampler(path: photosPath, badRatio: options.badRatio, seed: options.seed) : nil
            let enrollmentsPath = options.directory + "/enrollments.xlsx"
            let enrollments =
                options.enrollments ? try EnrollmentSampler(path: enrollmentsPath, badRatio: options.badRatio, seed: options.seed) : nil
            let bad = try writeCandidates(options, to: candidatesPath, photos: photos, enrollments: enrollments)
            try photos?.writer.close()
            try enrollments?.close()
            if options.enrollments {
                try writeSitesAndRooms(directory: options.directory, rooms: options.candidates)
                for (name, bytes) in [("seal.png", try SampleStamps.seal()), ("signature.png", try SampleStamps.signature())] {
                    try OutputFile(options.directory + "/" + name).write { temporary in
                        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
                    }
                }
            }
            var summary = Summary(
                catalogPath: catalogPath, candidatesPath: candidatesPath, rows: options.candidates, badRows: bad,
                photosPath: photos == nil ? nil : photosPath, photoCount: photos?.count ?? 0, badPhotos: photos?.bad ?? 0)
            summary.photoArchives = photos?.paths ?? []
            if let enrollments {
                summary.enrollmentsPath = enrollmentsPath
                summary.enrollmentRows = enrollments.rows
                summary.badEnrollmentRows = enrollments.bad
                summary.scoreRows = enrollments.scores.rows
            }
            return summary
        } catch let error as XlsxWriteError {
            throw KaowuError(.outputWrite, "无法写入示例数据", cause: error.description)
        } catch let error as ZipError {
            throw KaowuError(.outputWrite, "无法写入示例照片压缩包", cause: error.description)
        }
    }

    // MARK: catalog

    private static func writeCatalog(to path: String) throws {
        let writer = try XlsxWorkbookWriter(path: path)
        let sheets: [(CatalogSheet, [[String]])] = [
            (.organizations, [["ORG001", "工业和信息化职业技能评价中心", "王老师", "01088886666", ""]]),
            (
                .schools,
                [
                    ["S4101001", "郑州职业技术学院", "河南省", "李老师", "037166668888", "张院长", ""],
                    ["S4401002", "深圳信息职业技术学院", "广东省", "陈老师", "075526668888", "刘院长", ""],
                    ["S1101003", "北京电子科技职业学院", "北京市", "赵老师", "01066668888", "孙院长", ""],
                ]
            ),
            (
                .certificates,
                [
                    // Every sample major may sit both certificates, so each valid sample candidate
                    // can enroll in both (the enrollment sample: two rows per candidate).
                    ["C-WEB", "Web 前端开发", "ORG001", "初级、中级、高级", majors.joined(separator: "、")],
                    ["C-BDA", "大数据应用开发", "ORG001", "初级、中级", majors.joined(separator: "、")],
                ]
            ),
            (
                .subjects,
                [
                    ["C-WEB", "中级", "WEB-T", "理论知识", "机考", "所有考生", "100", "60"],
                    ["C-WEB", "中级", "WEB-P", "实操技能", "实操", "所有考生", "100", "60"],
                    ["C-BDA", "初级", "BDA-T", "理论知识", "机考", "所有考生", "100", "60"],
                ]
            ),
            (
                .plans,
                [
                    [
                        "P2026-01", "2026年第一批次1+X证书考试", "ORG001", "C-WEB、C-BDA", "S4101001、S4401002、S1101003", "按证书",
                        "2026-09-01 00:00", "2026-12-20 23:59", "2026-12-21 00:00", "2027-01-05 23:59",
                        "2027-01-16 00:00", "2027-01-31 23:59", "2027-02-15 23:59", "300", "",
                    ]
                ]
            ),
            (
                .sessions,
                [
                    ["P2026-01", "C-WEB", "中级", "WEB-T", "2027-01-10 09:00", "2027-01-10 10:30"],
                    ["P2026-01", "C-WEB", "中级", "WEB-P", "2027-01-10 13:30", "2027-01-10 16:00"],
                    ["P2026-01", "C-BDA", "初级", "BDA-T", "2027-01-11 09:00", "2027-01-11 11:00"],
                ]
            ),
            (
                .sites,
                [
                    ["S4101001", "C-WEB", "", "河南省郑州市新郑市龙湖镇泰山路1号 信息楼", "已通过"],
                    ["S4401002", "C-WEB", "", "广东省深圳市龙岗区龙翔大道2188号 实训楼", "已通过"],
                    ["S4401002", "C-BDA", "", "广东省深圳市龙岗区龙翔大道2188号 实训楼", "已通过"],
                ]
            ),
            (.allocations, [["P2026-01", "S4101001", "C-BDA", "S4401002"]]),
        ]
        for (kind, rows) in sheets {
            try writeSheet(kind.schema, rows: rows, in: writer, markRequired: false)
        }
        try writer.close()
    }

    /// One sheet of a sample workbook: the schema's header (required columns marked `*` as in
    /// the templates, when asked) and the rows as text cells.
    static func writeSheet(_ schema: TableSchema, rows: [[String]], in writer: XlsxWorkbookWriter, markRequired: Bool) throws {
        let sheet = try writer.addSheet(named: schema.sheetNames[0])
        for (column, spec) in schema.columns.enumerated() {
            try sheet.write((markRequired && spec.required ? "*" : "") + spec.name, row: 0, column: column, style: .header)
        }
        for (index, row) in rows.enumerated() {
            for (column, value) in row.enumerated() where !value.isEmpty {
                try sheet.write(value, row: index + 1, column: column, style: .text)
            }
        }
    }

    // MARK: candidates

    private static let surnames: [(String, String)] = [
        ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
        ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
        ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"), ("郑", "zheng"),
        ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("欧阳", "ouyang"), ("司马", "sima"),
    ]
    private static let given: [(String, String)] = [
        ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
        ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"),
        ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("华", "hua"), ("文", "wen"),
        ("浩", "hao"), ("宇", "yu"), ("轩", "xuan"), ("涵", "han"), ("欣", "xin"), ("怡", "yi"), ("博", "bo"),
        ("晨", "chen"), ("思", "si"), ("佳", "jia"), ("俊", "jun"), ("鑫", "xin"), ("婷", "ting"), ("雪", "xue"),
    ]
    private static let regions = [
        "410102", "410105", "410122", "440305", "440106", "110101", "110105", "310104", "510107", "420106", "330106", "320102",
    ]
    public static let majors = ["计算机应用技术", "软件技术", "大数据技术", "电子商务", "会计", "机电一体化技术", "工业机器人技术", "物流管理"]

    /// One way a bad row breaks a rule, so the sample exercises every common mistake.
    enum Defect: CaseIterable {
        case checksum, numericCell, legacy15, region, birthdate, phone, level, year, name, pinyin, missingMajor, duplicate, idType
    }

    private static func writeCandidates(_ options: Options, to path: String, photos: PhotoSampler?, enrollments: EnrollmentSampler?)
        throws -> Int
    {
        var random = SeededRandom(seed: options.seed)
        let schema = CandidateColumns.schema(for: .school)
        let writer = try XlsxWorkbookWriter(path: path)
        let sheet = try writer.addSheet(named: "考生信息")
        try sheet.setColumns(0, schema.columns.count - 1, width: 18)
        try sheet.write("填写说明：带 * 的列为必填；证件号码列为文本格式。", row: 0, column: 0, style: .note)
        for (column, spec) in schema.columns.enumerated() {
            try sheet.write((spec.required ? "*" : "") + spec.name, row: 1, column: column, style: .header)
        }
        let firstDay = 9131  // 1995-01-01 as days since 1970
        let daySpan = 5113  // through 2008-12-31
        var bad = 0
        var previousID = ""
        for index in 0..<options.candidates {
            let surname = surnames[random.next(surnames.count)]
            let parts = (0..<(random.next(100) < 35 ? 1 : 2)).map { _ in given[random.next(given.count)] }
            var name = surname.0 + parts.map(\.0).joined()
            var pinyin = surname.1 + " " + parts.map(\.1).joined()
            let day = firstDay + (index / 1000) % daySpan
            let (year, month, dayOfMonth) = ExcelDate.civil(fromDays: day)
            let first17 = regions[random.next(regions.count)] + String(format: "%04d%02d%02d%03d", year, month, dayOfMonth, index % 1000)
            var idNumber = first17 + String(IDNumberRules.checkCharacter(forFirst17: first17))
            var idType = IDType.residentID.label
            var phone = ["13", "15", "17", "18", "19"][random.next(5)] + String(format: "%09d", random.next(1_000_000_000))
            var major = majors[random.next(majors.count)]
            var level = [MajorLevel.secondaryVocational, .higherVocational, .vocationalBachelor][random.next(3)].label
            var entrance = String(2019 + random.next(7))
            var numericID = false
            if options.badRatio > 0, Double(random.next(1_000_000)) < options.badRatio * 1_000_000 {
                bad += 1
                switch Defect.allCases[random.next(Defect.allCases.count)] {
                case .checksum:
                    let wrong = IDNumberRules.checkCharacter(forFirst17: first17) == "0" ? "1" : "0"
                    idNumber = first17 + wrong
                case .numericCell: numericID = true
                case .legacy15: idNumber = String(first17.prefix(6) + first17.dropFirst(8).prefix(6) + first17.suffix(3))
                case .region:
                    let moved = "99" + first17.dropFirst(2)
                    idNumber = moved + String(IDNumberRules.checkCharacter(forFirst17: moved))
                case .birthdate:
                    let moved = first17.prefix(10) + "13" + first17.dropFirst(12)
                    idNumber = moved + String(IDNumberRules.checkCharacter(forFirst17: String(moved)))
                case .phone: phone = "1" + String(phone.dropFirst(2))
                case .level: level = "本科"
                case .year: entrance = "1998"
                case .name: name += "2"
                case .pinyin: pinyin = "zh@ng"
                case .missingMajor: major = ""
                case .duplicate: idNumber = previousID.isEmpty ? first17 + "Z" : previousID
                case .idType: idType = "身份证"
                }
            } else {
                previousID = idNumber
                try photos?.add(idNumber: idNumber, seed: options.seed &+ UInt64(index))
                try enrollments?.add(idNumber: idNumber, name: name)
            }
            let row = index + 2
            try sheet.write(name, row: row, column: 0)
            try sheet.write(pinyin, row: row, column: 1)
            try sheet.write(idType, row: row, column: 2)
            if numericID, let number = Double(first17 + "0") {
                try sheet.write(number, row: row, column: 3)
            } else {
                try sheet.write(idNumber, row: row, column: 3)
            }
            try sheet.write(phone, row: row, column: 4)
            if !major.isEmpty { try sheet.write(major, row: row, column: 5) }
            try sheet.write(level, row: row, column: 6)
            if let number = Double(entrance) { try sheet.write(number, row: row, column: 7) }
        }
        try writer.close()
        return bad
    }
}
