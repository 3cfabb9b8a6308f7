import Foundation
import TestSupport
import Testing

@testable import Domain

@Suite struct ClockTests {
    @Test(arguments: [
        ("2026-11-23T10:00:00+08:00", "2026-11-23T10:00:00+08:00"), ("2026-11-23T02:00:00Z", "2026-11-23T10:00:00+08:00"),
        ("2026-11-23", "2026-11-23T00:00:00+08:00"), ("2026-11-23 09:30", "2026-11-23T09:30:00+08:00"),
        ("2026/11/23 09:30:15", "2026-11-23T09:30:15+08:00"),
    ])
    func parsesInChinaTime(_ text: String, _ iso: String) throws {
        #expect(try #require(Clock.parse(text)).isoString == iso)
    }

    @Test func rejectsNonsense() {
        #expect(Clock.parse("yesterday") == nil)
        #expect(Clock.parse("2026-13-01") == nil)
    }

    /// The stored form is read without a formatter; it must give the formatter's instant for
    /// every such text, and leave to the formatter what is not a valid time (the formatter
    /// rolls 06-31 over to 07-01; `Clock.parse` keeps doing so).
    @Test func theStoredFormReadsAsTheFormatterReadsIt() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        var random = SeededRandom(seed: 20_261_205)
        var texts = [
            "2024-02-29T23:59:59+08:00", "2000-02-29T00:00:00Z", "1999-12-31T16:00:00-08:00", "2026-12-31T23:59:59+14:00",
            "1970-01-01T00:00:00Z", "2026-03-01T00:00:00+05:45",
        ]
        for _ in 0..<2000 {
            let offset = random.next(27) - 13
            let zone = offset == 0 ? "Z" : String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset), random.next(4) * 15)
            texts.append(
                String(
                    format: "%04d-%02d-%02dT%02d:%02d:%02d%@", 1900 + random.next(250), 1 + random.next(12),
                    1 + random.next(28), random.next(24), random.next(60), random.next(60), zone))
        }
        for text in texts {
            #expect(Clock.internetDateTime(text) != nil && Clock.internetDateTime(text) == iso.date(from: text), "\(text)")
        }
        for day in 29...31 {
            for month in 1...12 {
                let text = String(format: "2100-%02d-%02dT08:00:00+08:00", month, day)
                if let fast = Clock.internetDateTime(text) { #expect(fast == iso.date(from: text), "\(text)") }
                #expect(Clock.parse(text)?.now == iso.date(from: text), "\(text)")
            }
        }
        for invalid in [
            "2026-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:60Z",
            "2026-00-10T10:00:00Z", "2026-11-23T10:00:00+08:60", "2026-11-23T10:00:00", "2026-11-23 10:00:00Z", "２026-11-23T10:00:00Z",
            "2026-11-23T10:00:00+0800", "2026-11-23T10:00:00.5Z",
        ] {
            #expect(Clock.internetDateTime(invalid) == nil, "\(invalid)")
        }
        #expect(Clock.parse("2026-11-23T10:00:00.5Z") != nil)  // fractional seconds: the formatter still reads them
    }

    @Test func todayIsTheChineseCalendarDay() throws {
        // 2026-11-23 20:00 UTC is already 11-24 in China.
        let clock = try #require(Clock.parse("2026-11-23T20:00:00Z"))
        #expect(clock.today == (2026, 11, 24))
    }
}

@Suite struct LabelTests {
    @Test func labelsRoundTrip() {
        for type in IDType.allCases { #expect(IDType(label: type.label) == type) }
        for level in MajorLevel.allCases { #expect(MajorLevel(label: level.label) == level) }
        #expect(IDType(label: "身份证") == nil)
        #expect(CandidateStatus.verified.label == "信息准确")
        #expect(CandidateStatus.verified.locksIdentity)
        #expect(!CandidateStatus.needsManualCheck.locksIdentity)
    }

    @Test func labelIndexFindsCanonicallyEquivalentText() {
        // The same text in two Unicode forms: precomposed é, and e + combining acute accent.
        let index = LabelIndex([("caf\u{E9}", 1), ("护照", 2)])
        #expect(index["caf\u{E9}"] == 1)
        #expect(index["cafe\u{301}"] == 1)
        #expect(index["护照"] == 2)
        #expect(index["cafe"] == nil)
        #expect(index["护"] == nil)
    }

    @Test func everyIDTypeOfTheMissionIsListed() {
        #expect(IDType.labels == ["居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照", "外国人永久居留身份证", "港澳台居民居住证"])
        #expect(MajorLevel.labels == ["中职", "高职专科", "职业本科", "应用型本科", "其他"])
    }
}

@Suite struct FailureTests {
    @Test func messageNamesRowColumnAndValue() {
        let failure = Failure(code: .phoneFormat, row: 12, column: "手机号", value: "123", reason: "手机号应为 11 位数字")
        #expect(failure.message == "第12行【手机号】值“123”：手机号应为 11 位数字")
    }

    @Test func emptyValueIsLeftOut() {
        let failure = Failure(code: .required, row: 3, column: "姓名", value: "", reason: "必填项不能为空")
        #expect(failure.message == "第3行【姓名】：必填项不能为空")
    }
}

@Suite struct TableSchemaTests {
    let schema = TableSchema(
        title: "t", sheetNames: ["s"],
        columns: [
            ColumnSpec("姓名", required: true, aliases: ["考生姓名"]), ColumnSpec("证件号码", required: true), ColumnSpec("备注", required: false),
        ])

    @Test(arguments: ["*姓名", "姓名*", " 姓 名 ", "＊姓名", "姓名（必填）", "考生姓名"])
    func headerVariantsMatch(_ header: String) {
        let match = schema.match(header: [(4, header), (1, "证件号码")])
        #expect(match.sheetColumns[0] == 4)
        #expect(match.sheetColumns[1] == 1)
        #expect(match.missingRequired.isEmpty)
    }

    @Test func missingRequiredColumnsAreNamed() {
        let match = schema.match(header: [(0, "备注"), (1, "其他")])
        #expect(match.missingRequired == ["姓名", "证件号码"])
        #expect(match.matchedCount == 1)
    }

    @Test func headerSearchSkipsTitleRowsAndGivesUpAfterTheLimit() {
        var search = HeaderSearch(schema: schema)
        let title = search.consider(row: 1, cells: [(0, "2026年考生信息导入模板")])
        let header = search.consider(row: 2, cells: [(0, "*姓名"), (1, "证件号码*")])
        #expect(!title)
        #expect(header)
        #expect(search.foundRow == 2)
        #expect(!search.isExhausted)

        var hopeless = HeaderSearch(schema: schema)
        for row in 1...HeaderSearch.rowLimit {
            _ = hopeless.consider(row: row, cells: row == 5 ? [(0, "姓名"), (1, "备注")] : [(0, "x")])
        }
        #expect(hopeless.isExhausted)
        #expect(hopeless.bestRow == 5)
        #expect(hopeless.best?.missingRequired == ["证件号码"])
    }
}
