import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing

@testable import Pipeline

/// The 监考人员 import, the organization's certification state machine, removals, the export.
@Suite struct ProctorImportTests {
    static let school = "S4101001"
    static let header = ["*姓名", "*证件号码", "*手机号", "性别", "职称", "*监考证书"]

    /// A resident ID born in 1985 (age 41); an odd `sequence` is male.
    static func id(_ sequence: Int) -> String { TestRoot.id(sequence, birth: "19850101") }

    static func row(_ sequence: Int, name: String = "王老师", certificates: String = "C-WEB") -> [String] {
        [name, id(sequence), "13900139000", sequence % 2 == 1 ? "男" : "女", "讲师", certificates]
    }

    func importProctors(_ test: TestRoot, _ rows: [[String]], school: String = ProctorImportTests.school, dryRun: Bool = false) throws
        -> ImportOutcome
    {
        let file = try test.workbook("proctors-\(UUID().uuidString).xlsx", rows: rows, header: ProctorImportTests.header)
        return try Imports.proctors(
            test.request(kind: "proctors", file: file, tenant: school, dryRun: dryRun), root: test.root, schoolCode: school)
    }

    func states(_ test: TestRoot, _ idNumber: String) throws -> [String: ProctorCertificationStatus] {
        let found = try #require(try test.store().proctor(idNumber: idNumber))
        return Dictionary(uniqueKeysWithValues: found.certificates.map { ($0.certificateCode, $0.status) })
    }

    /// Every rule of the proctors row, each in its own row of one file, with the code it gives.
    @Test func everyRuleFailsItsRowWithItsCode() throws {
        let test = try TestRoot()
        let wrongCheck = String(Self.id(9).dropLast()) + (Self.id(9).hasSuffix("0") ? "1" : "0")
        let cases: [([String], [String])] = [
            (Self.row(1, certificates: "C-WEB、大数据应用开发"), []),
            (["王", Self.id(2), "13900139000", "", "", "C-WEB"], ["name.format"]),
            (["王老师", "12345", "13900139000", "", "", "C-WEB"], ["id.format"]),
            (["王老师", "410102198501011", "13900139000", "", "", "C-WEB"], ["id.legacy15"]),
            (["王老师", "#410102198501010000", "13900139000", "", "", "C-WEB"], ["id.numeric-cell"]),
            (["王老师", wrongCheck, "13900139000", "", "", "C-WEB"], ["id.checksum"]),
            (["王老师", TestRoot.id(10, birth: "20100101"), "13900139000", "", "", "C-WEB"], ["id.birthdate"]),
            (["王老师", Self.id(11), "1390013900", "", "", "C-WEB"], ["phone.format"]),
            (["王老师", Self.id(13), "13900139000", "未知", "", "C-WEB"], ["enum.invalid"]),
            (["王老师", Self.id(15), "13900139000", "女", "", "C-WEB"], ["gender.mismatch"]),
            (["王老师", Self.id(17), "13900139000", "", String(repeating: "职", count: 51), "C-WEB"], ["text.too-long"]),
            (["王老师", Self.id(19), "13900139000", "", "", "C-WEB；不存在的证书"], ["certificate.not-found"]),
            (["王老师", Self.id(21), "13900139000", "", "", ""], ["required"]),
            (["", "", "", "男", "", ""], ["required", "required", "required", "required"]),
            (Self.row(1, name: "王五"), ["proctor.mismatch"]),  // row 1's ID under another name
            (Self.row(1, certificates: "C-BDA"), []),  // the same person again: certificates are added
        ]
        let outcome = try importProctors(test, cases.map(\.0))
        let failures = try test.failureCodes(outcome)
        for (index, (_, expected)) in cases.enumerated() {
            #expect(failures[index + 3] ?? [] == expected, "sheet row \(index + 3)")
        }
        #expect(outcome.record.succeeded == 2)
        #expect(outcome.record.failed == cases.count - 2)
        #expect(try tableCount(test.store(), "proctors") == 1)
        #expect(try states(test, Self.id(1)) == ["C-WEB": .pending, "C-BDA": .pending])
        let failedRows = try readRows(try #require(outcome.failedRowsPath))
        #expect(failedRows.count == cases.count - 2 + 1)
    }

    @Test func anotherSchoolCannotRegisterTheSameProctor() throws {
        let test = try TestRoot()
        #expect(try importProctors(test, [Self.row(1)]).record.succeeded == 1)
        let other = try importProctors(test, [Self.row(1, certificates: "C-BDA")], school: "S4401002")
        #expect(try test.failureCodes(other) == [3: ["proctor.exists"]])
        #expect(try states(test, Self.id(1)) == ["C-WEB": .pending])
        #expect(try test.store().proctor(idNumber: Self.id(1))?.proctor.schoolCode == Self.school)
    }

    @Test func dryRunChangesNothing() throws {
        let test = try TestRoot()
        let outcome = try importProctors(test, [Self.row(1), Self.row(3)], dryRun: true)
        #expect(outcome.record.status == .dryRun)
        #expect(outcome.record.succeeded == 2)
        #expect(try tableCount(test.store(), "proctors") == 0)
        #expect(try tableCount(test.store(), "proctor_certificates") == 0)
    }

    // MARK: certification state machine

    func decide(_ test: TestRoot, _ sequence: Int, _ certificate: String, _ decision: ProctorCertificationStatus, org: String? = nil)
        throws
    {
        try ProctorCommands.decide(
            root: test.root, idNumber: Self.id(sequence), certificate: certificate, decision: decision, organizationCode: org,
            reason: decision == .rejected ? "未参加考评员培训" : nil, clock: TestRoot.clock)
    }

    /// 待认证 → 已认证 and 待认证 → 认证不通过; nothing leaves 已认证; 认证不通过 returns to
    /// 待认证 only by importing the certificate again.
    @Test func certificationTransitions() throws {
        let test = try TestRoot()
        _ = try importProctors(test, [Self.row(1, certificates: "C-WEB、C-BDA")])

        try decide(test, 1, "C-WEB", .certified, org: "ORG001")
        #expect(try states(test, Self.id(1)) == ["C-WEB": .certified, "C-BDA": .pending])
        let certified = try #require(try test.store().proctor(idNumber: Self.id(1))?.certificates.first { $0.certificateCode == "C-WEB" })
        #expect(certified.decidedAt == TestRoot.clock.now)
        #expect(kaowuErrorCode { try decide(test, 1, "C-WEB", .certified) } == .proctorState)
        #expect(kaowuErrorCode { try decide(test, 1, "C-WEB", .rejected) } == .proctorState)

        try decide(test, 1, "大数据应用开发", .rejected)
        let rejected = try #require(try test.store().proctor(idNumber: Self.id(1))?.certificates.first { $0.certificateCode == "C-BDA" })
        #expect(rejected.status == .rejected)
        #expect(rejected.reason == "未参加考评员培训")
        #expect(kaowuErrorCode { try decide(test, 1, "C-BDA", .certified) } == .proctorState)
        #expect(kaowuErrorCode { try decide(test, 1, "C-BDA", .rejected) } == .proctorState)

        // Importing again resubmits the rejected certificate and leaves the certified one alone.
        _ = try importProctors(test, [Self.row(1, certificates: "C-WEB、C-BDA")])
        #expect(try states(test, Self.id(1)) == ["C-WEB": .certified, "C-BDA": .pending])
        try decide(test, 1, "C-BDA", .certified)
        #expect(try states(test, Self.id(1)) == ["C-WEB": .certified, "C-BDA": .certified])
    }

    @Test func decisionsNeedAnApplicationAndTheOwningOrganization() throws {
        let test = try TestRoot()
        _ = try importProctors(test, [Self.row(1)])
        #expect(kaowuErrorCode { try decide(test, 1, "C-BDA", .certified) } == .proctorNotApplied)
        #expect(kaowuErrorCode { try decide(test, 3, "C-WEB", .certified) } == .proctorNotFound)
        #expect(kaowuErrorCode { try decide(test, 1, "C-XYZ", .certified) } == .certificateNotFound)
        #expect(kaowuErrorCode { try decide(test, 1, "C-WEB", .certified, org: "ORG999") } == .organizationMismatch)
        #expect(try states(test, Self.id(1)) == ["C-WEB": .pending])
    }

    /// Removing a certificate: pending and rejected ones may go, a certified one may not, and
    /// never the last one. Deleting a proctor: only while nothing is certified, and only by
    /// the proctor's school.
    @Test func removalsRespectCertification() throws {
        let test = try TestRoot()
        _ = try importProctors(test, [Self.row(1, certificates: "C-WEB、C-BDA"), Self.row(3, certificates: "C-WEB、C-BDA")])
        let root = test.root
        func remove(_ sequence: Int, _ certificate: String, school: String = ProctorImportTests.school) -> KaowuError.Code? {
            kaowuErrorCode {
                try ProctorCommands.removeCertificate(root: root, schoolCode: school, idNumber: Self.id(sequence), certificate: certificate)
            }
        }
        func delete(_ sequence: Int, school: String = ProctorImportTests.school) -> KaowuError.Code? {
            kaowuErrorCode { try ProctorCommands.delete(root: root, schoolCode: school, idNumber: Self.id(sequence)) }
        }

        try decide(test, 1, "C-WEB", .certified)
        #expect(remove(1, "C-WEB") == .proctorCertified)
        #expect(delete(1) == .proctorCertified)
        #expect(remove(1, "C-BDA") == nil)  // pending: removable
        #expect(try states(test, Self.id(1)) == ["C-WEB": .certified])

        try decide(test, 3, "C-WEB", .rejected)
        #expect(remove(3, "C-WEB", school: "S4401002") == .proctorNotFound)
        #expect(delete(3, school: "S4401002") == .proctorNotFound)
        #expect(remove(3, "C-WEB") == nil)  // rejected: removable
        #expect(remove(3, "C-BDA") == .proctorLastCertificate)
        #expect(remove(3, "C-WEB") == .proctorNotApplied)
        #expect(delete(3) == nil)
        #expect(try test.store().proctor(idNumber: Self.id(3)) == nil)
        #expect(try tableCount(test.store(), "proctor_certificates") == 1)
    }

    // MARK: export

    func read(_ path: String) throws -> [[Int: String]] { try readRows(path) }

    @Test func exportListsEachCertificateWithItsState() throws {
        let test = try TestRoot()
        _ = try importProctors(test, [Self.row(1, certificates: "C-WEB、C-BDA"), Self.row(4, name: "赵老师")])
        _ = try importProctors(test, [Self.row(5, name: "钱老师", certificates: "C-BDA")], school: "S4401002")
        try decide(test, 1, "C-WEB", .certified)
        try decide(test, 1, "C-BDA", .rejected)

        let output = test.path("监考人员.xlsx")
        let count = try Exports.proctors(
            root: test.root, schoolCode: Self.school, organizationCode: nil, status: nil, certificate: nil, output: output)
        #expect(count == 3)
        let rows = try read(output)
        #expect(
            rows[0] == [
                0: "院校代码", 1: "院校名称", 2: "姓名", 3: "证件号码", 4: "手机号", 5: "性别", 6: "职称", 7: "证书编号", 8: "监考证书", 9: "认证状态",
                10: "认证意见", 11: "认证时间",
            ])
        let byCertificate = Dictionary(
            uniqueKeysWithValues: rows.dropFirst().filter { $0[3] == Self.id(1) }.map { ($0[7] ?? "", $0) })
        #expect(byCertificate["C-WEB"]?[9] == "已认证")
        #expect(byCertificate["C-WEB"]?[11] != nil)
        #expect(byCertificate["C-BDA"]?[9] == "认证不通过")
        #expect(byCertificate["C-BDA"]?[10] == "未参加考评员培训")
        #expect(byCertificate["C-BDA"]?[8] == "大数据应用开发")
        #expect(byCertificate["C-BDA"]?[5] == "男")
        let other = try #require(rows.dropFirst().first { $0[3] == Self.id(4) })
        #expect(other[9] == "待认证")
        #expect(other[1] == "郑州职业技术学院")

        // The organization's view: every school, filtered by state and certificate.
        let pending = test.path("待认证.xlsx")
        #expect(
            try Exports.proctors(
                root: test.root, schoolCode: nil, organizationCode: "ORG001", status: .pending, certificate: "大数据应用开发", output: pending)
                == 1)
        #expect(try read(pending).dropFirst().map { $0[3] } == [Self.id(5)])
        #expect(
            try Exports.proctors(
                root: test.root, schoolCode: nil, organizationCode: "ORG001", status: .pending, certificate: nil, output: pending) == 2)
    }
}
