import Domain
import Foundation
import Ingest
import SampleData
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

/// `CandidateCommands`: verify, confirm and delete over a real data root, with photos imported
/// through `Imports.photos`.
@Suite struct CandidateCommandsTests {
    static let school = PhotoRoot.school
    /// A valid 居民身份证 number whose 6-digit region 410199 is not in the table (province 41
    /// is): imported with an `id.region-unknown` warning.
    static let unknownRegionID: String = {
        let first17 = "410199" + "20000101" + "777"
        return first17 + String(TestIDNumber.checkCharacter(first17))
    }()

    static var verifier: OfflineVerifier {
        get throws { OfflineVerifier(idRules: IDNumberRules(regions: try RegionTable.load(), clock: TestRoot.clock)) }
    }

    /// Candidates 1…8 (PhotoRoot) plus the unknown-region one, with photos for `withPhotos`.
    func rootWithPhotos(_ withPhotos: [String]) throws -> PhotoRoot {
        let photos = try PhotoRoot()
        var row = TestRoot.row(0)
        row[3] = CandidateCommandsTests.unknownRegionID
        let outcome = try photos.test.importCandidates(try photos.test.workbook("region.xlsx", rows: [row]))
        #expect(outcome.record.succeeded == 1)
        var warnings: [String] = []
        try photos.test.store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if warning { warnings.append(failure.code.rawValue) }
        }
        #expect(warnings == ["id.region-unknown"])
        if !withPhotos.isEmpty {
            let file = try photos.archive("photos.zip") { zip in
                for (index, id) in withPhotos.enumerated() {
                    try zip.add(name: id + ".jpg", bytes: try SamplePhotos.jpeg(seed: UInt64(100 + index)))
                }
            }
            #expect(try photos.importPhotos(file).outcome.record.succeeded == withPhotos.count)
        }
        return photos
    }

    func verify(_ photos: PhotoRoot) throws -> LifecycleSummary {
        try CandidateCommands.verify(
            root: photos.root, schoolCode: CandidateCommandsTests.school, verifier: try CandidateCommandsTests.verifier)
    }

    func references(_ ids: [String]) -> [CandidateReference] {
        ids.enumerated().map { CandidateReference(row: $0.offset + 1, idNumber: $0.element) }
    }

    // MARK: verify

    @Test func verifySortsPendingCandidatesByTheirChecks() throws {
        let region = CandidateCommandsTests.unknownRegionID
        let photos = try rootWithPhotos([TestRoot.id(1), TestRoot.id(2), region])
        // Candidate 2's photo vanished from disk after the import.
        let lost = try #require(try photos.photo(TestRoot.id(2)))
        try FileManager.default.removeItem(atPath: photos.root.path + "/" + lost)

        let summary = try verify(photos)
        #expect(summary.examined == 3)
        #expect(summary.verified == 1)
        #expect(summary.needsManualCheck == 2)
        #expect(summary.refusals.isEmpty)
        #expect(try photos.status(TestRoot.id(1)) == .verified)
        #expect(try photos.status(TestRoot.id(2)) == .needsManualCheck)
        #expect(try photos.status(region) == .needsManualCheck)
        let reasons = Dictionary(uniqueKeysWithValues: summary.manualReasons.map { ($0.idNumber, $0.reason) })
        #expect(reasons.keys.sorted() == [TestRoot.id(2), region].sorted())
        #expect(reasons[TestRoot.id(2)]?.contains("照片") == true, "\(reasons)")
        #expect(reasons[region]?.contains("410199") == true, "\(reasons)")
        // Candidates without photos are not examined and keep 无照片.
        for id in 3...8 { #expect(try photos.status(TestRoot.id(id)) == .noPhoto) }
        #expect(try photos.status(PhotoRoot.otherSchoolID) == .noPhoto)

        // A second run has nothing left to verify.
        let again = try verify(photos)
        #expect((again.examined, again.verified, again.needsManualCheck) == (0, 0, 0))
        #expect(try photos.status(TestRoot.id(1)) == .verified)
    }

    @Test func verifyOnlyTouchesItsOwnSchool() throws {
        let photos = try rootWithPhotos([TestRoot.id(1)])
        let summary = try CandidateCommands.verify(
            root: photos.root, schoolCode: PhotoRoot.otherSchool, verifier: try CandidateCommandsTests.verifier)
        #expect(summary.examined == 0)
        #expect(try photos.status(TestRoot.id(1)) == .pendingVerification)
        do {
            _ = try CandidateCommands.verify(root: photos.root, schoolCode: "NOPE", verifier: try CandidateCommandsTests.verifier)
            Issue.record("an unknown school must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .schoolNotFound)
        }
    }

    // MARK: confirm

    @Test func confirmMovesOnlyManualChecksToVerified() throws {
        let region = CandidateCommandsTests.unknownRegionID
        let photos = try rootWithPhotos([TestRoot.id(1), region])
        _ = try verify(photos)
        #expect(try photos.status(TestRoot.id(1)) == .verified)
        #expect(try photos.status(region) == .needsManualCheck)
        // Candidate 2 gets a photo after the verify run: 信息待认证.
        let late = try photos.archive("late.zip") { try $0.add(name: TestRoot.id(2) + ".jpg", bytes: try SamplePhotos.jpeg(seed: 7)) }
        #expect(try photos.importPhotos(late).outcome.record.succeeded == 1)
        #expect(try photos.status(TestRoot.id(2)) == .pendingVerification)

        let ids = [region, TestRoot.id(2), TestRoot.id(3), TestRoot.id(1), TestRoot.id(600), PhotoRoot.otherSchoolID]
        let summary = try CandidateCommands.confirm(
            root: photos.root, schoolCode: CandidateCommandsTests.school, idNumbers: references(ids))
        #expect(summary.examined == 6)
        #expect(summary.confirmed == 1)
        #expect(
            summary.refusals.map(\.code.rawValue) == [
                "candidate.unverified", "candidate.unverified", "candidate.locked", "candidate.not-found", "candidate.not-found",
            ])
        #expect(summary.refusals.map(\.row) == [2, 3, 4, 5, 6])
        #expect(summary.refusals.map(\.value) == Array(ids.dropFirst()))
        #expect(try photos.status(region) == .verified)
        #expect(try photos.status(TestRoot.id(2)) == .pendingVerification)
        #expect(try photos.status(TestRoot.id(3)) == .noPhoto)
        #expect(try photos.status(TestRoot.id(1)) == .verified)
        #expect(try photos.status(PhotoRoot.otherSchoolID) == .noPhoto)

        // Confirming again: now 信息准确, so locked.
        let again = try CandidateCommands.confirm(
            root: photos.root, schoolCode: CandidateCommandsTests.school, idNumbers: references([region]))
        #expect(again.confirmed == 0)
        #expect(again.refusals.map(\.code) == [.candidateLocked])
    }

    @Test func confirmReadsTheIDsOfAWorkbook() throws {
        let region = CandidateCommandsTests.unknownRegionID
        let photos = try rootWithPhotos([region])
        _ = try verify(photos)
        #expect(try photos.status(region) == .needsManualCheck)
        var regionRow = TestRoot.row(0)
        regionRow[3] = region
        // Instructions on row 1, header on row 2: the data rows are sheet rows 3 and 4.
        let file = try photos.test.workbook("confirm.xlsx", rows: [regionRow, TestRoot.row(5)])
        let references = try CandidateReference.fromWorkbook(file)
        #expect(references.map(\.idNumber) == [region, TestRoot.id(5)])
        #expect(references.map(\.row) == [3, 4])
        let summary = try CandidateCommands.confirm(root: photos.root, schoolCode: CandidateCommandsTests.school, idNumbers: references)
        #expect(summary.confirmed == 1)
        #expect(summary.refusals.map(\.code) == [.candidateUnverified])
        #expect(summary.refusals.first?.row == 4)
        #expect(try photos.status(region) == .verified)

        // A workbook without an ID column is a file-level refusal.
        let foreign = try photos.test.workbook("foreign.xlsx", rows: [["a", "b"]], header: ["甲", "乙"])
        do {
            _ = try CandidateReference.fromWorkbook(foreign)
            Issue.record("a workbook without 证件号码 must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .fileMissingColumn)
        }
    }

    // MARK: delete

    @Test func deleteRemovesUnenrolledCandidatesAndTheirUnreferencedPhotos() throws {
        let photos = try PhotoRoot()
        let shared = try SamplePhotos.jpeg(seed: 8)
        let file = try photos.archive("photos.zip") { zip in
            try zip.add(name: TestRoot.id(1) + ".jpg", bytes: try SamplePhotos.jpeg(seed: 1))
            try zip.add(name: TestRoot.id(2) + ".jpg", bytes: try SamplePhotos.jpeg(seed: 2))
            try zip.add(name: TestRoot.id(3) + ".jpg", bytes: shared)
            try zip.add(name: TestRoot.id(4) + ".jpg", bytes: shared)
        }
        #expect(try photos.importPhotos(file).outcome.record.succeeded == 4)
        let photo1 = try #require(try photos.photo(TestRoot.id(1)))
        let photo2 = try #require(try photos.photo(TestRoot.id(2)))
        let sharedPath = try #require(try photos.photo(TestRoot.id(3)))
        let store = try photos.test.store()
        try store.connection.execute(
            """
            INSERT INTO enrollment_batches (no, record_id, mode, created_at) VALUES (1, 'R-test', 'byCertificate', '');
            INSERT INTO enrollments (school_code, plan_code, id_number, certificate_code, level, subject_code, batch)
            VALUES ('\(CandidateCommandsTests.school)', 'P2026-01', '\(TestRoot.id(2))', 'C-WEB', 'intermediate', 'WEB-T', 1)
            """)
        #expect(try store.enrollmentCount(idNumber: TestRoot.id(2)) == 1)

        let ids = [TestRoot.id(1), TestRoot.id(2), TestRoot.id(3), TestRoot.id(5), TestRoot.id(600), PhotoRoot.otherSchoolID]
        let summary = try CandidateCommands.delete(root: photos.root, schoolCode: CandidateCommandsTests.school, idNumbers: references(ids))
        #expect(summary.examined == 6)
        #expect(summary.deleted == 3)
        #expect(summary.refusals.map(\.code.rawValue) == ["candidate.enrolled", "candidate.not-found", "candidate.not-found"])
        #expect(summary.refusals.map(\.value) == [TestRoot.id(2), TestRoot.id(600), PhotoRoot.otherSchoolID])
        for id in [1, 3, 5] { #expect(try store.candidateOwnership(idNumber: TestRoot.id(id)) == nil) }
        #expect(try store.candidateCount(schoolCode: CandidateCommandsTests.school) == 5)
        // The enrolled candidate is still there with its photo; another school's is untouched.
        #expect(try photos.status(TestRoot.id(2)) == .pendingVerification)
        #expect(try photos.photo(TestRoot.id(2)) == photo2)
        #expect(try store.candidateOwnership(idNumber: PhotoRoot.otherSchoolID)?.schoolCode == PhotoRoot.otherSchool)
        // Candidate 1's photo had no other reference; candidate 4 still uses the shared one.
        let exists = { (path: String) in FileManager.default.fileExists(atPath: photos.root.path + "/" + path) }
        #expect(!exists(photo1))
        #expect(exists(photo2))
        #expect(exists(sharedPath))
        #expect(photos.photoFiles() == [photo2, sharedPath].sorted())

        // Deleting candidate 4 too frees the shared photo.
        let last = try CandidateCommands.delete(
            root: photos.root, schoolCode: CandidateCommandsTests.school, idNumbers: references([TestRoot.id(4)]))
        #expect(last.deleted == 1)
        #expect(!exists(sharedPath))
    }

    // MARK: update import and the 信息准确 lock

    @Test func updateImportRefusesANameChangeOnAVerifiedCandidate() throws {
        let photos = try rootWithPhotos([TestRoot.id(1)])
        #expect(try verify(photos).verified == 1)
        #expect(try photos.status(TestRoot.id(1)) == .verified)
        let update = try photos.test.workbook(
            "update.xlsx",
            rows: [
                TestRoot.row(1, name: "李四"),  // locked: name change refused
                TestRoot.row(2, name: "王五"),  // 无照片: a name change is fine
            ])
        let outcome = try photos.test.importCandidates(update, mode: .update)
        #expect(outcome.record.status == .partial)
        #expect((outcome.record.total, outcome.record.succeeded, outcome.record.failed) == (2, 1, 1))
        var codes: [String] = []
        try photos.test.store().forEachFailure(recordID: outcome.record.id) { failure, warning in
            if !warning { codes.append(failure.code.rawValue) }
        }
        #expect(codes == ["candidate.locked"])
        let names = Dictionary(
            uniqueKeysWithValues: try photos.test.store().candidates(schoolCode: CandidateCommandsTests.school).map {
                ($0.idNumber, $0.name)
            })
        #expect(names[TestRoot.id(1)] == "张三")
        #expect(names[TestRoot.id(2)] == "王五")
        #expect(try photos.status(TestRoot.id(1)) == .verified)

        // The same row with only a new phone number passes: the phone is not locked.
        let phone = try photos.test.workbook("phone.xlsx", rows: [TestRoot.row(1, phone: "13900139000")])
        let changed = try photos.test.importCandidates(phone, mode: .update)
        #expect(changed.record.status == .succeeded)
        let mobile = try photos.test.store().candidates(schoolCode: CandidateCommandsTests.school).first { $0.idNumber == TestRoot.id(1) }?
            .mobile
        #expect(mobile == "13900139000")
        #expect(try photos.status(TestRoot.id(1)) == .verified)
    }
}
