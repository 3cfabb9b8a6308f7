import Domain
import Foundation
import TestSupport
import Testing

@testable import Render

/// A template is refused whole, with its name and the element's path, before a page is drawn.
@Suite struct DocumentTemplateTests {
    static func template(
        _ elements: String, page: String = #"{ "width": 210, "height": 297 }"#, font: String = "wqy-zenhei",
        document: String = "door"
    ) -> String {
        #"{ "name": "测试门贴", "document": "\#(document)", "page": \#(page), "font": "\#(font)", "elements": [\#(elements)] }"#
    }

    static func refusal(_ json: String, as document: ExamDocument? = .door) -> KaowuError? {
        do {
            _ = try DocumentTemplate(bytes: Data(json.utf8), source: "/t/door.json", document: document)
            return nil
        } catch let error as KaowuError {
            return error
        } catch {
            return nil
        }
    }

    @Test func everyBuiltInTemplateLoads() throws {
        for document in ExamDocument.allCases {
            let template = try TemplateLibrary.load(document, root: nil)
            #expect(template.document == document)
        }
    }

    @Test func anUnknownFieldIsNamedWithItsPath() throws {
        let error = try #require(
            DocumentTemplateTests.refusal(
                DocumentTemplateTests.template(
                    #"{ "kind": "text", "x": 10, "y": 10, "width": 50, "text": "{room.nam}", "size": 12 }"#)))
        #expect(error.code == .templateInvalid)
        #expect(error.message.contains("测试门贴") && error.message.contains("elements[0].text") && error.message.contains("{room.nam}"))
        // A candidate's field is not known on a door sticker (one page per room).
        let candidate = try #require(
            DocumentTemplateTests.refusal(
                DocumentTemplateTests.template(
                    #"{ "kind": "text", "x": 10, "y": 10, "width": 50, "text": "{candidate.name}", "size": 12 }"#)))
        #expect(candidate.code == .templateInvalid)
    }

    @Test func anUnknownKindOrKeyIsRefused() throws {
        let kind = try #require(
            DocumentTemplateTests.refusal(DocumentTemplateTests.template(#"{ "kind": "circle", "x": 10, "y": 10 }"#)))
        #expect(kind.code == .templateInvalid && kind.message.contains("elements[0].kind") && kind.message.contains("circle"))
        let key = try #require(
            DocumentTemplateTests.refusal(
                DocumentTemplateTests.template(
                    #"{ "kind": "box", "x": 10, "y": 10, "width": 5, "height": 5, "colour": "red" }"#)))
        #expect(key.message.contains("elements[0].colour"))
    }

    @Test func aBoxOutsideThePageIsRefused() throws {
        let error = try #require(
            DocumentTemplateTests.refusal(
                DocumentTemplateTests.template(
                    #"{ "kind": "box", "x": 10, "y": 10, "width": 5, "height": 5 }, { "kind": "box", "x": 200, "y": 10, "width": 20, "height": 5 }"#
                )))
        #expect(error.code == .templateInvalid && error.message.contains("elements[1]") && error.message.contains("超出"))
    }

    @Test func aFontThatIsNotInstalledOrUnknownIsRefused() throws {
        let error = try #require(DocumentTemplateTests.refusal(DocumentTemplateTests.template("", font: "Arial")))
        #expect(error.code == .templateInvalid && error.message.contains("Arial"))
    }

    @Test func aTemplateForAnotherDocumentOrBrokenJSONIsRefused() throws {
        let other = try #require(DocumentTemplateTests.refusal(DocumentTemplateTests.template("", document: "signin")))
        #expect(other.code == .templateInvalid && other.message.contains("考场签到表"))
        #expect(DocumentTemplateTests.refusal("{ not json")?.code == .templateInvalid)
        #expect(
            DocumentTemplateTests.refusal(
                DocumentTemplateTests.template(#"{ "kind": "text", "x": 1, "y": 1, "width": 9, "text": "{", "size": 9 }"#))?.code
                == .templateInvalid)
        #expect(
            DocumentTemplateTests.refusal(DocumentTemplateTests.template("", page: #"{ "width": 0, "height": 297 }"#))?.code
                == .templateInvalid)
    }

    @Test func aDataRootTemplateOverridesTheBuiltInOne() throws {
        try withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root + "/templates", withIntermediateDirectories: true)
            let own = DocumentTemplateTests.template(
                #"{ "kind": "text", "x": 10, "y": 10, "width": 50, "text": "本校门贴 {room.name}", "size": 12 }"#)
            try Data(own.utf8).write(to: URL(fileURLWithPath: root + "/templates/door.json"))
            #expect(try TemplateLibrary.load(.door, root: root).name == "测试门贴")
            #expect(try TemplateLibrary.load(.signin, root: root).name == "考场签到表")
        }
    }
}
