import Domain
import TestSupport
import Testing

@testable import Validate

/// A photo that passes every rule, changed by `change`.
private func good(_ change: (inout PhotoFacts) -> Void = { _ in }) -> PhotoFacts {
    var facts = PhotoFacts(format: .jpeg, byteCount: 16_000, width: 295, height: 413, border: BorderMean(red: 210, green: 30, blue: 40))
    change(&facts)
    return facts
}

private let name = "110101200001011237.jpg"

@Suite struct PhotoRulesTests {
    @Test func goodPhotoPasses() {
        #expect(PhotoRules.check(good(), entryName: name, row: 2).isEmpty)
        #expect(PhotoRules.check(good { $0.format = .png }, entryName: "x/110101200001011237.PNG", row: 2).isEmpty)
        #expect(PhotoRules.check(good(), entryName: "110101200001011237.JPEG", row: 2).isEmpty)
        #expect(PhotoRules.check(good { $0.byteCount = 5 * 1024 * 1024 }, entryName: name, row: 2).isEmpty)
    }

    /// Each rule with a bad value: its code, and a message naming the value.
    @Test(arguments: [
        (good { $0.format = nil }, name, "photo.format", "不是 JPG 或 PNG"),
        (good { $0.format = .png }, name, "photo.format", "扩展名为 .jpg，但文件内容是 PNG 图片"),
        (good(), "110101200001011237.png", "photo.format", "文件内容是 JPG 图片"),
        (good(), "110101200001011237.gif", "photo.format", "扩展名 .gif 不受支持"),
        (good(), "110101200001011237", "photo.format", "没有扩展名"),
        (good { $0.byteCount = 5 * 1024 * 1024 + 1 }, name, "photo.too-large", "5.1 MB（5242881 字节），超过 5 MB"),
        (
            good {
                $0.width = 300; $0.height = 400
            }, name, "photo.dimensions", "照片尺寸为 300×400 像素，应为 295×413 像素（宽×高）"
        ),
        (
            good {
                $0.width = 413; $0.height = 295
            }, name, "photo.dimensions", "413×295"
        ),
        (good { $0.border = BorderMean(red: 67, green: 142, blue: 219) }, name, "photo.background", "RGB 67, 142, 219"),
        (good { $0.border = BorderMean(red: 150, green: 30, blue: 40) }, name, "photo.background", "RGB 150, 30, 40"),
        (good { $0.border = BorderMean(red: 230, green: 100, blue: 40) }, name, "photo.background", "不是红色"),
        (good { $0.border = BorderMean(red: 230, green: 40, blue: 100) }, name, "photo.background", "不是红色"),
    ])
    func badValueGivesItsCode(_ facts: PhotoFacts, _ entryName: String, _ code: String, _ text: String) throws {
        let failures = PhotoRules.check(facts, entryName: entryName, row: 7)
        #expect(failures.map(\.code.rawValue) == [code])
        let failure = try #require(failures.first)
        #expect(failure.row == 7 && failure.column == "照片" && failure.value == entryName)
        #expect(failure.reason.contains(text), "\(failure.reason)")
        #expect(failure.message.hasPrefix("第7行【照片】值“\(entryName)”："))
    }

    @Test func everyFailureOfAPhotoIsReported() {
        let facts = PhotoFacts(
            format: .png, byteCount: 6 << 20, width: 600, height: 800, border: BorderMean(red: 250, green: 250, blue: 250))
        let codes = PhotoRules.check(facts, entryName: name, row: 3).map(\.code)
        #expect(codes == [.photoFormat, .photoTooLarge, .photoDimensions, .photoBackground])
        // Not an image and too large: both; dimensions and background are unknown.
        let notImage = PhotoRules.check(PhotoFacts(format: nil, byteCount: 6 << 20), entryName: name, row: 3).map(\.code)
        #expect(notImage == [.photoFormat, .photoTooLarge])
    }

    @Test func backgroundIsJudgedOnlyWhenMeasured() {
        #expect(PhotoRules.check(good { $0.border = nil }, entryName: name, row: 2).isEmpty)
    }

    @Test func failuresForFilesThatCannotBeMeasured() {
        let large = PhotoRules.tooLarge(byteCount: 12_345_678, entryName: name, row: 4)
        #expect(large.code == .photoTooLarge && large.reason.contains("11.8 MB（12345678 字节）"))
        let broken = PhotoRules.unreadable(format: .jpeg, entryName: name, row: 4)
        #expect(broken.code == .photoFormat && broken.reason.contains("JPG 图片已损坏或不完整"))
        #expect(broken.message.hasPrefix("第4行【照片】值“\(name)”"))
    }
}
