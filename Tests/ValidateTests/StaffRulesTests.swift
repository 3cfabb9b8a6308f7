import Domain
import TestSupport
import Testing

@testable import Validate

/// In-memory stand-ins for the store's proctor and teacher lookups.
final class MemoryStaffDirectory: ProctorDirectory, TeacherDirectory {
    var proctors: [String: ProctorOwnership] = [:]
    var teachers: [String: TeacherAccountOwnership] = [:]
    func proctorOwnership(idNumber: String) throws -> ProctorOwnership? { proctors[idNumber] }
    func teacherAccount(mobile: String) throws -> TeacherAccountOwnership? { teachers[mobile] }
}

enum StaffFixture {
    static let idRules = IDNumberRules(regions: Fixture.regions, clock: Fixture.clock, minimumAge: 18, maximumAge: 70)
    static let certificates = CertificateIndex([("C-WEB", "Web 前端开发"), ("C-BDA", "大数据应用开发")])
    /// 17th digit 3: male.
    static let maleID = Fixture.id("110101", "19900101", "123")
    static let femaleID = Fixture.id("110101", "19900101", "124")

    static func cells(_ values: [CellValue?], overrides: [Int: CellValue], cleared: Set<Int>) -> RowCells {
        var values = values
        for (position, value) in overrides { values[position] = value }
        for position in cleared { values[position] = nil }
        return RowCells(row: 3, values: values)
    }

    /// A valid proctor row (姓名, 证件号码, 手机号, 性别, 职称, 监考证书) with overrides.
    static func proctorRow(_ overrides: [Int: CellValue] = [:], cleared: Set<Int> = []) -> RowCells {
        cells(
            [
                Fixture.text("王老师"), Fixture.text(maleID), Fixture.text("13900139000"), Fixture.text("男"), Fixture.text("讲师"),
                Fixture.text("C-WEB、大数据应用开发"),
            ], overrides: overrides, cleared: cleared)
    }

    /// A valid teacher row (姓名, 手机号, 证件号码, 性别, 所教专业, 职称, 邮箱) with overrides.
    static func teacherRow(_ overrides: [Int: CellValue] = [:], cleared: Set<Int> = []) -> RowCells {
        cells(
            [
                Fixture.text("李老师"), Fixture.text("13700137000"), Fixture.text(femaleID), Fixture.text("女"), Fixture.text("软件技术"),
                Fixture.text("副教授"), Fixture.text("li@example.com"),
            ], overrides: overrides, cleared: cleared)
    }

    static func proctorRules(_ directory: MemoryStaffDirectory = MemoryStaffDirectory()) -> ProctorRules {
        ProctorRules(fields: ProctorFieldRules(schoolCode: "S1", idRules: idRules, certificates: certificates), directory: directory)
    }

    static func teacherRules(_ directory: MemoryStaffDirectory = MemoryStaffDirectory()) -> TeacherRules {
        TeacherRules(fields: TeacherFieldRules(schoolCode: "S1", idRules: idRules), recordID: "R1", directory: directory)
    }
}

@Suite struct ProctorRulesTests {
    @Test func validRowListsEveryCertificateOnce() throws {
        let result = try StaffFixture.proctorRules().validate(
            StaffFixture.proctorRow([5: Fixture.text(" c-web ，大数据应用开发；C-WEB; Ｃ-ＢＤＡ ")]))
        let draft = try #require(result.value)
        #expect(result.failures.isEmpty)
        #expect(draft.certificateCodes == ["C-WEB", "C-BDA"])
        #expect(draft.proctor.gender == .male)
        #expect(draft.proctor.title == "讲师")
        #expect(draft.proctor.schoolCode == "S1")
    }

    /// Every rule of the proctors row: a bad value in one column and the code it must give.
    @Test(arguments: [
        (0, "王", "name.format"), (0, "王老师1", "name.format"),
        (1, "12345", "id.format"), (1, "110101199001011", "id.legacy15"), (1, Fixture.id("990101", "19900101", "123"), "id.region"),
        (1, Fixture.id("110101", "20100101", "123"), "id.birthdate"),  // 16: too young to proctor
        (1, String(StaffFixture.maleID.dropLast()) + (StaffFixture.maleID.hasSuffix("0") ? "1" : "0"), "id.checksum"),
        (2, "1380013800", "phone.format"), (2, "12800138000", "phone.format"),
        (3, "男性", "enum.invalid"), (3, "女", "gender.mismatch"),
        (4, String(repeating: "职", count: 51), "text.too-long"),
        (5, "C-XYZ", "certificate.not-found"), (5, "C-WEB、人工智能训练师", "certificate.not-found"), (5, "、，", "required"),
    ])
    func badValueGivesItsCode(_ column: Int, _ value: String, _ code: String) throws {
        let result = try StaffFixture.proctorRules().validate(StaffFixture.proctorRow([column: Fixture.text(value)]))
        #expect(result.value == nil)
        #expect(failureCodes(result.failures) == [code])
        let failure = try #require(result.failures.first)
        #expect(failure.row == 3)
        #expect(failure.column == ProctorColumns.schema.columns[column].name)
    }

    @Test func idStoredAsNumberIsRefused() throws {
        let result = try StaffFixture.proctorRules().validate(
            StaffFixture.proctorRow([1: CellValue(type: .number, text: "1.10101199001011E+17")]))
        #expect(failureCodes(result.failures) == ["id.numeric-cell"])
    }

    @Test(arguments: [0, 1, 2, 5])
    func requiredColumns(_ column: Int) throws {
        let result = try StaffFixture.proctorRules().validate(StaffFixture.proctorRow(cleared: [column]))
        #expect(failureCodes(result.failures) == ["required"])
    }

    @Test func genderComesFromTheIDWhenLeftEmpty() throws {
        let result = try StaffFixture.proctorRules().validate(
            StaffFixture.proctorRow([1: Fixture.text(StaffFixture.femaleID)], cleared: [3, 4]))
        #expect(result.value?.proctor.gender == .female)
        #expect(result.value?.proctor.title == nil)
    }

    @Test func registeredIDOfTheSameSchoolAndNameAddsCertificates() throws {
        let directory = MemoryStaffDirectory()
        directory.proctors[StaffFixture.maleID] = ProctorOwnership(schoolCode: "S1", name: "王老师")
        let result = try StaffFixture.proctorRules(directory).validate(StaffFixture.proctorRow())
        #expect(result.failures.isEmpty)
    }

    @Test func registeredIDOfAnotherSchoolIsRefusedWithoutNamingIt() throws {
        let directory = MemoryStaffDirectory()
        directory.proctors[StaffFixture.maleID] = ProctorOwnership(schoolCode: "S2", name: "王老师")
        let result = try StaffFixture.proctorRules(directory).validate(StaffFixture.proctorRow())
        #expect(failureCodes(result.failures) == ["proctor.exists"])
        #expect(!(result.failures.first?.reason.contains("S2") ?? true))
    }

    @Test func registeredIDWithAnotherNameIsAMismatch() throws {
        let directory = MemoryStaffDirectory()
        directory.proctors[StaffFixture.maleID] = ProctorOwnership(schoolCode: "S1", name: "王五")
        let result = try StaffFixture.proctorRules(directory).validate(StaffFixture.proctorRow())
        #expect(failureCodes(result.failures) == ["proctor.mismatch"])
    }
}

@Suite struct TeacherRulesTests {
    @Test func validRowIsAnInactiveAccount() throws {
        var rules = StaffFixture.teacherRules()
        let result = try rules.validate(StaffFixture.teacherRow([1: Fixture.text("+86 137-0013-7000")]))
        let draft = try #require(result.value)
        #expect(draft.teacher.mobile == "13700137000")
        #expect(draft.teacher.status == .inactive)
        #expect(draft.teacher.gender == .female)
        #expect(draft.teacher.email == "li@example.com")
    }

    /// Every rule of the teachers row: a bad value in one column and the code it must give.
    @Test(arguments: [
        (0, "李", "name.format"),
        (1, "1370013700", "phone.format"), (1, "23700137000", "phone.format"),
        (2, "12345", "id.format"),
        (2, String(StaffFixture.femaleID.dropLast()) + (StaffFixture.femaleID.hasSuffix("0") ? "1" : "0"), "id.checksum"),
        (3, "F", "enum.invalid"), (3, "男", "gender.mismatch"),
        (4, String(repeating: "专", count: 51), "text.too-long"),
        (5, String(repeating: "职", count: 51), "text.too-long"),
        (6, "li.example.com", "email.format"), (6, "li@example", "email.format"), (6, "li @example.com", "email.format"),
        (6, "li@example，com", "email.format"), (6, "a@b@example.com", "email.format"),
    ])
    func badValueGivesItsCode(_ column: Int, _ value: String, _ code: String) throws {
        var rules = StaffFixture.teacherRules()
        let result = try rules.validate(StaffFixture.teacherRow([column: Fixture.text(value)]))
        #expect(result.value == nil)
        #expect(failureCodes(result.failures) == [code])
        #expect(result.failures.first?.column == TeacherColumns.schema.columns[column].name)
    }

    @Test(arguments: [0, 1])
    func requiredColumns(_ column: Int) throws {
        var rules = StaffFixture.teacherRules()
        #expect(failureCodes(try rules.validate(StaffFixture.teacherRow(cleared: [column])).failures) == ["required"])
    }

    @Test func optionalColumnsMayBeEmpty() throws {
        var rules = StaffFixture.teacherRules()
        let result = try rules.validate(StaffFixture.teacherRow(cleared: [2, 3, 4, 5, 6]))
        #expect(result.failures.isEmpty)
        #expect(result.value?.teacher.idNumber == nil)
    }

    @Test func accountTakenByThisSchoolAnotherSchoolOrThisFile() throws {
        let directory = MemoryStaffDirectory()
        directory.teachers["13700137000"] = TeacherAccountOwnership(schoolCode: "S1", createdByRecord: "R0")
        directory.teachers["13700137001"] = TeacherAccountOwnership(schoolCode: "S2", createdByRecord: "R0")
        directory.teachers["13700137002"] = TeacherAccountOwnership(schoolCode: "S1", createdByRecord: "R1")
        var rules = StaffFixture.teacherRules(directory)
        let same = try rules.validate(StaffFixture.teacherRow())
        #expect(failureCodes(same.failures) == ["teacher.exists"])
        #expect(same.failures.first?.reason.contains("本校") == true)
        let other = try rules.validate(StaffFixture.teacherRow([1: Fixture.text("13700137001")]))
        #expect(failureCodes(other.failures) == ["teacher.exists"])
        #expect(other.failures.first?.reason.contains("S2") == false)
        let earlierRow = try rules.validate(StaffFixture.teacherRow([1: Fixture.text("13700137002")]))
        #expect(failureCodes(earlierRow.failures) == ["duplicate.in-file"])
    }

    @Test func laterCopyOfAFailedRowsMobileIsADuplicate() throws {
        var rules = StaffFixture.teacherRules()
        let first = try rules.validate(StaffFixture.teacherRow([0: Fixture.text("李")]))
        #expect(failureCodes(first.failures) == ["name.format"])
        let second = try rules.validate(StaffFixture.teacherRow())
        #expect(failureCodes(second.failures) == ["duplicate.in-file"])
        #expect(second.failures.first?.reason.contains("第3行") == true)
    }

    @Test(arguments: ["a@b.cn", "zhang.san+x@mail.example.edu.cn", "ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ"])
    func plausibleAddressesPass(_ email: String) throws {
        var rules = StaffFixture.teacherRules()
        #expect(try rules.validate(StaffFixture.teacherRow([6: Fixture.text(email)])).failures.isEmpty)
    }
}
