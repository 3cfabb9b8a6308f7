import Domain
import TestSupport
import Testing

@testable import Validate

@Suite struct CandidateRulesTests {
    func judge(_ overrides: [Int: CellValue], cleared: Set<Int> = [], category: CandidateCategory = .school) throws -> Validated<Candidate>
    {
        var rules = Fixture.rules(category: category)
        return try rules.validate(Fixture.row(overrides, cleared: cleared))
    }

    @Test func validRowBecomesACandidateWithoutPhoto() throws {
        let result = try judge([:])
        let candidate = try #require(result.value)
        #expect(result.failures.isEmpty)
        #expect(candidate.status == .noPhoto)
        #expect(candidate.majorLevel == .higherVocational)
        #expect(candidate.entranceYear == 2024)
        #expect(candidate.schoolCode == "S1")
    }

    /// Every rule of the candidates row: a bad value in one column and the code it must give.
    @Test(arguments: [
        (0, "张", "name.format"), (0, "张三3", "name.format"), (0, "·张三", "name.format"), (0, "Mary  Jane", "name.format"),
        (0, String(repeating: "张", count: 51), "name.format"),
        (1, "zhang_san", "pinyin.format"), (1, "张三", "pinyin.format"), (1, "zhang  san", "pinyin.format"),
        (2, "身份证", "enum.invalid"),
        (3, "12345", "id.format"),
        (4, "1380013800", "phone.format"), (4, "12800138000", "phone.format"), (4, "138-0013-800a", "phone.format"),
        (5, String(repeating: "专", count: 51), "text.too-long"),
        (6, "本科", "enum.invalid"),
        (7, "1999", "year.range"), (7, "2028", "year.range"), (7, "24", "year.range"), (7, "二〇二四", "year.range"),
        (8, String(repeating: "单", count: 101), "text.too-long"),
    ])
    func badValueGivesItsCode(_ column: Int, _ value: String, _ code: String) throws {
        let result = try judge([column: Fixture.text(value)])
        #expect(result.value == nil)
        #expect(failureCodes(result.failures) == [code])
        let failure = try #require(result.failures.first)
        #expect(failure.row == 3)
        #expect(failure.value == value)
        #expect(failure.message.contains("第3行"))
        #expect(failure.message.contains("【\(Fixture.rules().schema.columns[column].name)】"))
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7])
    func requiredColumnsForSchoolCandidates(_ column: Int) throws {
        let result = try judge([:], cleared: [column])
        #expect(failureCodes(result.failures) == ["required"])
    }

    @Test func socialCandidatesNeedNoMajorLevelOrYear() throws {
        let result = try judge([8: Fixture.text("某某科技有限公司")], cleared: [5, 6, 7], category: .social)
        #expect(result.failures.isEmpty)
        #expect(result.value?.employer == "某某科技有限公司")
        #expect(result.value?.category == .social)
    }

    @Test(arguments: ["张三", "欧阳娜娜", "阿依古丽·买买提", "Mary Jane", "John"])
    func acceptedNames(_ name: String) throws {
        #expect(try judge([0: Fixture.text(name)]).failures.isEmpty)
    }

    @Test(arguments: ["+8613800138000", "8613800138000", "138 0013 8000", "138-0013-8000", "１３８００１３８０００"])
    func phoneVariantsAreNormalized(_ phone: String) throws {
        let result = try judge([4: Fixture.text(phone)])
        #expect(result.failures.isEmpty)
        #expect(result.value?.mobile == "13800138000")
    }

    @Test func phoneInANumberCellIsAccepted() throws {
        #expect(try judge([4: CellValue(type: .number, text: "13800138000")]).failures.isEmpty)
    }

    @Test func nextYearIsTheLastAllowedEntranceYear() throws {
        #expect(try judge([7: Fixture.text("2027")]).failures.isEmpty)
        #expect(try judge([7: Fixture.text("2000")]).failures.isEmpty)
    }

    @Test func aRowReportsEveryFailureNotJustTheFirst() throws {
        let result = try judge([0: Fixture.text("1"), 4: Fixture.text("1"), 6: Fixture.text("x"), 7: Fixture.text("1")])
        #expect(Set(failureCodes(result.failures)) == ["name.format", "phone.format", "enum.invalid", "year.range"])
    }

    @Test func idAlreadyInThisSchool() throws {
        let directory = MemoryDirectory()
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S1", status: .noPhoto, name: "张三", idType: .residentID, createdByRecord: "R0", updatedByRecord: nil)
        var rules = Fixture.rules(directory)
        let result = try rules.validate(Fixture.row())
        #expect(failureCodes(result.failures) == ["candidate.exists"])
        #expect(result.failures[0].message.contains("请勿重复导入"))
    }

    @Test func idRegisteredByAnotherSchoolIsRefusedWithoutNamingIt() throws {
        let directory = MemoryDirectory()
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "OTHER-SCHOOL", status: .verified, name: "张三", idType: .residentID, createdByRecord: "R0",
            updatedByRecord: nil)
        var rules = Fixture.rules(directory)
        let result = try rules.validate(Fixture.row())
        #expect(failureCodes(result.failures) == ["candidate.exists"])
        #expect(!result.failures[0].message.contains("OTHER-SCHOOL"))
    }

    @Test func duplicateOfAnEarlierValidRowFoundThroughTheStore() throws {
        let directory = MemoryDirectory()
        // The earlier row of the same import (record R1) was stored.
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S1", status: .noPhoto, name: "张三", idType: .residentID, createdByRecord: "R1", updatedByRecord: nil)
        var rules = Fixture.rules(directory)
        #expect(failureCodes(try rules.validate(Fixture.row(row: 9)).failures) == ["duplicate.in-file"])
    }

    @Test func duplicateOfAnEarlierFailedRowNamesThatRow() throws {
        var rules = Fixture.rules()
        let first = try rules.validate(Fixture.row([4: Fixture.text("bad")], row: 4))
        #expect(failureCodes(first.failures) == ["phone.format"])
        let second = try rules.validate(Fixture.row(row: 7))
        #expect(failureCodes(second.failures) == ["duplicate.in-file"])
        #expect(second.failures[0].message.contains("第4行"))
        let third = try rules.validate(Fixture.row(row: 8))
        #expect(failureCodes(third.failures) == ["duplicate.in-file"])
    }

    @Test func updateNeedsACandidateOfThisSchool() throws {
        let directory = MemoryDirectory()
        var rules = Fixture.rules(directory, mode: .update)
        #expect(failureCodes(try rules.validate(Fixture.row()).failures) == ["candidate.not-found"])
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S2", status: .noPhoto, name: "张三", idType: .residentID, createdByRecord: "R0", updatedByRecord: nil)
        var otherSchool = Fixture.rules(directory, mode: .update)
        #expect(failureCodes(try otherSchool.validate(Fixture.row()).failures) == ["candidate.not-found"])
    }

    @Test func verifiedCandidateKeepsNameAndIDType() throws {
        let directory = MemoryDirectory()
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S1", status: .verified, name: "张三", idType: .residentID, createdByRecord: "R0", updatedByRecord: nil)
        var rules = Fixture.rules(directory, mode: .update)
        #expect(try rules.validate(Fixture.row([4: Fixture.text("13900139000")])).failures.isEmpty)
        var renamed = Fixture.rules(directory, mode: .update)
        let result = try renamed.validate(Fixture.row([0: Fixture.text("张四")]))
        #expect(failureCodes(result.failures) == ["candidate.locked"])
    }

    @Test func unverifiedCandidateMayChangeName() throws {
        let directory = MemoryDirectory()
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S1", status: .pendingVerification, name: "张三", idType: .residentID, createdByRecord: "R0",
            updatedByRecord: nil)
        var rules = Fixture.rules(directory, mode: .update)
        #expect(try rules.validate(Fixture.row([0: Fixture.text("张四")])).failures.isEmpty)
    }

    @Test func duplicateInsideAnUpdateFile() throws {
        let directory = MemoryDirectory()
        directory.owners[Fixture.id()] = CandidateOwnership(
            schoolCode: "S1", status: .noPhoto, name: "张三", idType: .residentID, createdByRecord: "R0", updatedByRecord: "R1")
        var rules = Fixture.rules(directory, mode: .update)
        #expect(failureCodes(try rules.validate(Fixture.row()).failures) == ["duplicate.in-file"])
    }
}

@Suite struct FieldRulesTests {
    @Test(arguments: [("０１２３ＡＢｃ", "0123ABc"), ("a　b", "a b"), ("plain", "plain")])
    func halfWidth(_ input: String, _ expected: String) {
        #expect(Normalize.halfWidth(input) == expected)
    }

    @Test func codeRemovesSpaces() {
        #expect(Normalize.code(" １２ 3 ") == "123")
    }

    @Test func sameComparesBytesThenCanonicalEquivalence() {
        #expect(Normalize.same("张三", "张三"))
        #expect(Normalize.same("caf\u{E9}", "cafe\u{301}"))
        #expect(!Normalize.same("张三", "张四"))
        #expect(!Normalize.same("张三", "张三 "))
    }

    @Test func textLengthCountsCharactersNotBytes() {
        let schema = TableSchema(title: "t", sheetNames: ["t"], columns: [ColumnSpec("专业", required: true)])
        var fits = RowJudge(cells: RowCells(row: 2, values: [CellValue(type: .string, text: "机电一体化技术")]), schema: schema)
        #expect(fits.text(0, maxLength: 7) == "机电一体化技术")  // 21 bytes, 7 characters
        var long = RowJudge(cells: RowCells(row: 2, values: [CellValue(type: .string, text: "机电一体化技术")]), schema: schema)
        #expect(long.text(0, maxLength: 6) == nil)
        #expect(long.failures.map(\.code) == [.textTooLong])
    }

    @Test func pinyinAllowsUmlaut() {
        #expect(FieldRules.isPinyin("lü bu"))
        #expect(!FieldRules.isPinyin(" lu"))
    }
}

/// Formula error values (`t="e"`) are no text: reading one fails `cell.error` (issue 13).
@Suite struct CellErrorTests {
    @Test(arguments: Array(0...8))
    func errorCellFailsItsOwnCode(column: Int) throws {
        var rules = Fixture.rules(category: .school)
        let result = try rules.validate(Fixture.row([column: CellValue(type: .error, text: "#N/A")]))
        #expect(result.value == nil)
        #expect(failureCodes(result.failures) == ["cell.error"])
        let failure = try #require(result.failures.first)
        #expect(failure.message.contains("单元格是公式错误值 #N/A"))
    }

    @Test func longValuesAreQuotedCutShort() {
        let long = String(repeating: "名", count: 300)
        let failure = Failure(code: .nameFormat, row: 3, column: "姓名", value: long, reason: "x")
        #expect(failure.message == "第3行【姓名】值“" + String(repeating: "名", count: 50) + "…”：x")
        #expect(Failure.quoted("短") == "短")
    }
}

extension CellErrorTests {
    /// The site's contact phone was read straight from the row: an error cell was a bad phone.
    @Test(arguments: Array(0...4))
    func siteRowErrorCellFailsItsOwnCode(column: Int) throws {
        let rules = SiteRules(schoolCode: "S1", schoolName: "甲学院", recordID: "R1", directory: SiteRulesTests.Directory())
        var values: [CellValue?] = ["C1", "某路1号", "王老师", "13800138000", "是"].map { CellValue(type: .string, text: $0) }
        values[column] = CellValue(type: .error, text: "#DIV/0!")
        let verdict = try rules.validate(RowCells(row: 3, values: values))
        #expect(failureCodes(verdict.failures) == ["cell.error"])
    }
}
