import Domain
import Ingest
import SampleData
import TestSupport
import Testing
import Validate

@Suite struct SamplePhotoTests {
    /// Sample photos look like real uploads: every rule passes and the size is a real JPEG's.
    @Test(arguments: [1, 2, 3, 42, 1000, 99_999] as [UInt64])
    func samplePhotoPassesEveryRule(seed: UInt64) throws {
        let jpeg = try SamplePhotos.jpeg(seed: seed)
        #expect((8_000...25_000).contains(jpeg.count), "\(jpeg.count) bytes")
        for scale in [1, 8] {
            let facts = try PhotoInspector(jpegScale: scale).facts(jpeg)
            #expect(facts.format == .jpeg && facts.width == 295 && facts.height == 413)
            let border = try #require(facts.border)
            #expect(PhotoSpec.isRed(border), "\(border)")
            #expect(PhotoRules.check(facts, entryName: "110101200001011237.jpg", row: 2).isEmpty)
        }
    }

    @Test func samplePhotosAreDeterministicAndDiffer() throws {
        #expect(try SamplePhotos.jpeg(seed: 5) == SamplePhotos.jpeg(seed: 5))
        #expect(try SamplePhotos.jpeg(seed: 5) != SamplePhotos.jpeg(seed: 6))
    }

    /// Each deliberately bad photo fails with exactly the code it was made for.
    @Test(arguments: SamplePhotos.Defect.allCases)
    func badSamplePhotoFailsItsRule(defect: SamplePhotos.Defect) throws {
        let bad = try SamplePhotos.bad(defect, seed: 3)
        let entry = "110101200001011237." + bad.fileExtension
        let failures: [Failure]
        do {
            failures = PhotoRules.check(try PhotoInspector().facts(bad.bytes), entryName: entry, row: 2)
        } catch {  // typed: an ImageError
            failures = [PhotoRules.unreadable(format: error.format, entryName: entry, row: 2)]
        }
        #expect(failures.map(\.code) == [bad.expectedCode], "\(failures.map(\.message))")
    }

    @Test func badPhotoBySeedCoversEveryDefect() throws {
        let defects = try Set((0..<100 as Range<UInt64>).map { try SamplePhotos.bad(seed: $0).defect })
        #expect(defects == Set(SamplePhotos.Defect.allCases))
    }
}
