import Domain
import TestSupport
import Testing

@testable import Validate

/// A catalog view with fixed contents.
struct FixedCatalog: CatalogDirectory {
    var organizations: Set<String> = ["ORG1"]
    var schools: Set<String> = ["S1", "S2"]
    var certificates: Set<String> = ["C1"]
    var plans: Set<String> = ["P1"]
    func organizationExists(code: String) -> Bool { organizations.contains(code) }
    func schoolExists(code: String) -> Bool { schools.contains(code) }
    func certificateExists(code: String) -> Bool { certificates.contains(code) }
    func certificateHasLevel(code: String, level: CertificateLevel) -> Bool { certificates.contains(code) && level != .senior }
    func subjectExists(certificateCode: String, level: CertificateLevel, code: String) -> Bool { code == "T1" }
    func planExists(code: String) -> Bool { plans.contains(code) }
    func siteExists(schoolCode: String, certificateCode: String) -> Bool { schoolCode == "S2" }
    func schoolName(code: String) -> String? { "某学院" }
    func certificateName(code: String) -> String? { "某证书" }
}

@Suite struct CatalogRulesTests {
    let rules = CatalogRules(directory: FixedCatalog())

    func cells(_ values: [String]) -> RowCells {
        RowCells(row: 2, values: values.map { $0.isEmpty ? nil : CellValue(type: .string, text: $0) })
    }

    @Test func schoolRow() throws {
        let result = try rules.validate(cells(["Ｓ９", "某学院", "河南省", "", "", "", ""]), sheet: .schools)
        guard case .school(let school) = try #require(result.value) else { Issue.record("not a school"); return }
        #expect(school.code == "S9")
    }

    @Test func certificateNeedsItsOrganizationAndRealLevels() throws {
        let result = try rules.validate(cells(["C2", "某证书", "ORG9", "初级、特级", ""]), sheet: .certificates)
        #expect(Set(failureCodes(result.failures)) == ["reference.not-found", "enum.invalid"])
    }

    @Test func subjectPassMarkCannotExceedFullMarks() throws {
        let result = try rules.validate(cells(["C1", "中级", "T1", "理论", "机考", "所有考生", "100", "120"]), sheet: .subjects)
        #expect(failureCodes(result.failures) == ["value.format"])
        let level = try rules.validate(cells(["C1", "高级", "T1", "理论", "机考", "所有考生", "100", "60"]), sheet: .subjects)
        #expect(failureCodes(level.failures) == ["reference.not-found"])
    }

    @Test func planWindowsMustBeOrdered() throws {
        let row = [
            "P2", "计划", "ORG1", "C1", "S1、S2", "按证书", "2026-09-01", "2026-08-01", "2026-12-21", "2027-01-05",
            "2027-01-16", "2027-01-31", "2027-02-15", "300", "",
        ]
        let result = try rules.validate(cells(row), sheet: .plans)
        #expect(failureCodes(result.failures) == ["value.format"])
    }

    @Test func planListsAreCheckedItemByItem() throws {
        let row = [
            "P2", "计划", "ORG1", "C1,C9", "S1；S7", "按科目", "2026-09-01", "2026-12-20 23:59", "2026-12-21", "2027-01-05",
            "2027-01-16", "2027-01-31", "2027-02-15", "", "50",
        ]
        let result = try rules.validate(cells(row), sheet: .plans)
        #expect(result.failures.map(\.value) == ["C9", "S7"])
    }

    /// 缴费后排考: 是/否 as written, blank leaves it to the fee (a plan with a fee seats only
    /// paid enrollments), anything else is refused.
    @Test func planSaysWhetherOnlyPaidEnrollmentsAreSeated() throws {
        func plan(fee: String, paymentRequired: String) throws -> (ExamPlan?, [String]) {
            let row = [
                "P2", "计划", "ORG1", "C1", "S1", "按证书", "2026-09-01", "2026-12-20", "2026-12-21", "2027-01-05",
                "2027-01-16", "2027-01-31", "2027-02-15", fee, "", paymentRequired,
            ]
            let result = try rules.validate(cells(row), sheet: .plans)
            guard case .plan(let plan) = result.value else { return (nil, failureCodes(result.failures)) }
            return (plan, failureCodes(result.failures))
        }
        #expect(try plan(fee: "300", paymentRequired: "").0?.seatsOnlyPaid == true)
        #expect(try plan(fee: "", paymentRequired: "").0?.seatsOnlyPaid == false)
        #expect(try plan(fee: "300", paymentRequired: "否").0?.seatsOnlyPaid == false)
        #expect(try plan(fee: "", paymentRequired: "是").0?.seatsOnlyPaid == true)
        let refused = try plan(fee: "300", paymentRequired: "要")
        #expect(refused.0 == nil && refused.1 == ["enum.invalid"])
    }

    @Test func allocationNeedsAHostSite() throws {
        let bad = try rules.validate(cells(["P1", "S1", "C1", "S1"]), sheet: .allocations)
        #expect(failureCodes(bad.failures) == ["site.invalid"])
        #expect(try rules.validate(cells(["P1", "S1", "C1", "S2"]), sheet: .allocations).failures.isEmpty)
    }

    @Test func siteNameIsGeneratedWhenEmpty() throws {
        let result = try rules.validate(cells(["S1", "C1", "", "郑州市某路1号", "已通过"]), sheet: .sites)
        guard case .site(let site) = try #require(result.value) else { Issue.record("not a site"); return }
        #expect(site.name == "某学院某证书考核站点")
    }

    @Test func listSeparators() {
        #expect(CatalogRules.splitList("a、b,c;d，e；f") == ["a", "b", "c", "d", "e", "f"])
    }
}
