import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// The 签发 decision row: naming the record, the decision and its reason, the status it allows.
@Suite struct IssuanceRulesTests {
    final class Directory: IssuanceDirectory {
        var records: [IssuanceListing] = [
            listing("C1-2027-000001", id: "ID1", status: .schoolPending),
            listing("C1-2027-000002", id: "ID2", status: .organizationPending),
            listing("C1-2027-000003", id: "ID3", status: .schoolPending), listing("C1-2027-000004", id: "ID3", status: .schoolPending),
        ]
        static func listing(_ number: String, id: String, status: IssuanceStatus) -> IssuanceListing {
            IssuanceListing(
                issuance: Issuance(
                    id: number, planCode: "P1", idNumber: id, certificateCode: "C1", level: .junior, schoolCode: "S1",
                    organizationCode: "O1",
                    status: status, certificateNumber: number),
                name: "张三", photo: nil)
        }
        func issuance(number: String) throws -> IssuanceListing? { records.first { $0.issuance.certificateNumber == number } }
        func issuances(idNumber: String, certificateCode: String) throws -> [IssuanceListing] {
            records.filter { $0.issuance.idNumber == idNumber && $0.issuance.certificateCode == certificateCode }
        }
    }

    static func row(number: String? = nil, id: String? = nil, certificate: String? = nil, decision: String? = "同意", reason: String? = nil)
        -> RowCells
    {
        RowCells(row: 4, values: [number, id, certificate, decision, reason].map { $0.map { CellValue(type: .string, text: $0) } })
    }

    static func codes(_ row: RowCells, side: IssuanceSide = .school) throws -> [String] {
        var rules = IssuanceRules(side: side, directory: Directory())
        return failureCodes(try rules.validate(row).failures)
    }

    @Test func aRecordIsNamedByNumberOrByIDAndCertificate() throws {
        var rules = IssuanceRules(side: .school, directory: Directory())
        #expect(try rules.validate(Self.row(number: "C1-2027-000001")).value?.status == .organizationPending)
        #expect(try Self.codes(Self.row(id: "ID1", certificate: "C1")) == [])
        #expect(try Self.codes(Self.row(number: "C1-2027-999999")) == ["issuance.not-found"])
        #expect(try Self.codes(Self.row(id: "ID9", certificate: "C1")) == ["issuance.not-found"])
        #expect(try Self.codes(Self.row(id: "ID3", certificate: "C1")) == ["issuance.not-found"])
        #expect(try Self.codes(Self.row(id: "ID1")) == ["required"])
        #expect(try Self.codes(Self.row()) == ["required"])
    }

    @Test func theDecisionAndItsReason() throws {
        #expect(try Self.codes(Self.row(number: "C1-2027-000001", decision: "也许")) == ["enum.invalid"])
        #expect(try Self.codes(Self.row(number: "C1-2027-000001", decision: nil)) == ["required"])
        #expect(try Self.codes(Self.row(number: "C1-2027-000001", decision: "拒绝")) == ["issuance.reason"])
        var rules = IssuanceRules(side: .school, directory: Directory())
        let rejected = try #require(try rules.validate(Self.row(number: "C1-2027-000001", decision: "拒绝", reason: "信息有误")).value)
        #expect(rejected.status == .schoolRejected && rejected.reason == "信息有误")
    }

    @Test func theStatusMustAllowTheSidesDecision() throws {
        #expect(try Self.codes(Self.row(number: "C1-2027-000002")) == ["issuance.state"])
        #expect(try Self.codes(Self.row(number: "C1-2027-000001"), side: .organization) == ["issuance.state"])
        #expect(try Self.codes(Self.row(number: "C1-2027-000002"), side: .organization) == [])
    }

    @Test func aRecordDecidedTwiceInTheFileFailsTheLaterRow() throws {
        var rules = IssuanceRules(side: .school, directory: Directory())
        #expect(try rules.validate(Self.row(number: "C1-2027-000001")).value != nil)
        #expect(failureCodes(try rules.validate(Self.row(id: "ID1", certificate: "C1")).failures) == ["duplicate.in-file"])
    }
}
