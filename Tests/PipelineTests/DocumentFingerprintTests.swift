import Domain
import Foundation
import Render
import Testing

@testable import Pipeline

/// What `kaowu nightly` compares to tell a document that must be drawn again.
@Suite struct DocumentFingerprintTests {
    static func file(name: String) throws -> PlannedFile {
        let record = DocumentRecord(values: FieldValues(["candidate.name": .text(name), "ticket.number": .text("P2026-01-S4101001-00001")]))
        return PlannedFile(
            folder: ["P2026-01", "S4101001"], fileName: "tickets.pdf", template: try TemplateLibrary.load(.tickets, root: nil),
            records: [record])
    }

    /// A document drawn by a kaowu that drew differently (an older QR code, a 4-point site name)
    /// is drawn again, though its template and data did not change.
    @Test func howKaowuDrawsIsPartOfTheFingerprint() throws {
        let file = try DocumentFingerprintTests.file(name: "张三")
        #expect(NightlyJob.fingerprint(of: file) == NightlyJob.fingerprint(of: file, drawing: DocumentRenderer.drawingVersion))
        #expect(NightlyJob.fingerprint(of: file, drawing: "2026-12-04") != NightlyJob.fingerprint(of: file))
    }

    @Test func theDataIsPartOfTheFingerprint() throws {
        #expect(NightlyJob.fingerprint(of: try DocumentFingerprintTests.file(name: "张三")) != NightlyJob.fingerprint(of: try DocumentFingerprintTests.file(name: "李四")))
        #expect(NightlyJob.fingerprint(of: try DocumentFingerprintTests.file(name: "张三")) == NightlyJob.fingerprint(of: try DocumentFingerprintTests.file(name: "张三")))
    }
}
