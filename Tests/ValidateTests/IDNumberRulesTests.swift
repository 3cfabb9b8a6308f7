import Domain
import TestSupport
import Testing

@testable import Validate

@Suite struct IDNumberRulesTests {
    func check(_ text: String, type: IDType = .residentID, cellType: CellType = .string) -> IDNumberRules.Outcome {
        Fixture.idRules.check(CellValue(type: cellType, text: text), type: type, row: 5, column: "证件号码")
    }

    @Test func validResidentIDPasses() {
        let outcome = check(Fixture.id())
        #expect(outcome.failures.isEmpty)
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.normalized == Fixture.id())
    }

    @Test func knownCheckDigitExample() {
        // GB 11643 worked example: 11010519491231002X.
        #expect(IDNumberRules.checkCharacter(forFirst17: "11010519491231002") == "X")
    }

    @Test func lowerCaseXAndFullWidthDigitsAreNormalized() {
        let id = "11010519491231002X"
        let fullWidth = "１１０１０５１９４９１２３１００２x"
        // Born 1949: older than 70, so only the age rule may fail; the number itself normalizes.
        let outcome = check(fullWidth)
        #expect(outcome.normalized == id)
        #expect(!failureCodes(outcome.failures).contains("id.format"))
        #expect(!failureCodes(outcome.failures).contains("id.checksum"))
    }

    @Test(arguments: [
        ("11010120000101123", "id.format"),  // 17 characters
        ("1101012000010112345", "id.format"),  // 19 characters
        ("11010120000101A234", "id.format"),  // letter inside
        ("110101000101123", "id.legacy15"),  // old 15-digit number
    ])
    func shapeFailures(_ text: String, _ code: String) {
        #expect(failureCodes(check(text).failures) == [code])
    }

    @Test func numberCellIsRejectedWithAdvice() {
        let outcome = check("1.10101199003077e+17", cellType: .number)
        #expect(failureCodes(outcome.failures) == ["id.numeric-cell"])
        #expect(outcome.failures[0].message.contains("文本"))
    }

    @Test func wrongCheckDigit() {
        let valid = Fixture.id()
        let wrong = String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
        let outcome = check(wrong)
        #expect(failureCodes(outcome.failures) == ["id.checksum"])
        #expect(outcome.failures[0].message.contains("校验码"))
    }

    @Test func unknownProvinceFails() {
        let outcome = check(Fixture.id("990101"))
        #expect(failureCodes(outcome.failures) == ["id.region"])
        #expect(outcome.failures[0].message.contains("99"))
    }

    @Test func hongKongPrefixIsNotAResidentIDProvince() {
        #expect(failureCodes(check(Fixture.id("810000")).failures) == ["id.region"])
    }

    @Test func unknownSixDigitRegionIsOnlyAWarning() {
        let outcome = check(Fixture.id("110199"))
        #expect(outcome.failures.isEmpty)
        #expect(failureCodes(outcome.warnings) == ["id.region-unknown"])
    }

    @Test func abolishedRegionIsStillKnown() {
        // 110103 崇文区 was merged into 东城区 in 2010; IDs issued there keep the code for life.
        let outcome = check(Fixture.id("110103", "19900101"))
        #expect(outcome.failures.isEmpty)
        #expect(outcome.warnings.isEmpty)
    }

    @Test(arguments: ["20001301", "20000230", "20010229", "18991231"])
    func impossibleBirthDates(_ birth: String) {
        #expect(failureCodes(check(Fixture.id("110101", birth)).failures) == ["id.birthdate"])
    }

    @Test func leapDayIsReal() {
        #expect(check(Fixture.id("110101", "20080229")).failures.isEmpty)
    }

    @Test func birthDateInTheFuture() {
        let outcome = check(Fixture.id("110101", "20261124"))
        #expect(failureCodes(outcome.failures) == ["id.birthdate"])
        #expect(outcome.failures[0].message.contains("晚于今天"))
    }

    @Test(arguments: [("20121123", true), ("20121124", false), ("19551124", true), ("19551123", false)])
    func ageWindowIsFourteenToSeventy(_ birth: String, _ allowed: Bool) {
        let outcome = check(Fixture.id("110101", birth))
        #expect(outcome.failures.isEmpty == allowed)
        if !allowed { #expect(failureCodes(outcome.failures) == ["id.birthdate"]) }
    }

    @Test func everyPartIsReportedTogether() {
        // Bad province, impossible date and (almost surely) wrong check digit in one number.
        let outcome = check("990101200013011230")
        #expect(Set(failureCodes(outcome.failures)).isSuperset(of: ["id.region", "id.birthdate"]))
    }

    @Test(arguments: [
        (IDType.hongKongMacauPermit, "H12345678", true), (.hongKongMacauPermit, "M1234567890", true),
        (.hongKongMacauPermit, "A12345678", false), (.taiwanPermit, "12345678", true), (.taiwanPermit, "1234567", false),
        (.passport, "E12345678", true), (.passport, "E1", false), (.passport, "E-1234567", false),
        (.foreignerPermanentResidence, "USA123456789012", true), (.foreignerPermanentResidence, "US1234567890123", false),
    ])
    func otherDocumentFormats(_ type: IDType, _ number: String, _ valid: Bool) {
        let outcome = check(number, type: type)
        #expect(outcome.failures.isEmpty == valid)
        if !valid { #expect(failureCodes(outcome.failures) == ["id.format"]) }
    }

    @Test func residencePermitUsesTheCheckDigit() {
        let valid = Fixture.id("810000", "19900101")
        #expect(check(valid, type: .hmtResidencePermit).failures.isEmpty)
        let wrong = String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
        #expect(failureCodes(check(wrong, type: .hmtResidencePermit).failures) == ["id.checksum"])
        #expect(failureCodes(check(Fixture.id("110101"), type: .hmtResidencePermit).failures) == ["id.format"])
    }

    @Test func regionTableHasHistoricCodesAndProvinces() {
        #expect(Fixture.regions.count > 3000)
        #expect(Fixture.regions.contains(code: 110103))
        #expect(Fixture.regions.provincePrefixes.contains(11))
        #expect(Fixture.regions.provincePrefixes.contains(65))
        #expect(!Fixture.regions.provincePrefixes.contains(81))
    }
}
