import Domain
import Foundation
import Store
import TestSupport
import Testing

@testable import Pipeline

/// An import is all or nothing, even when the problem shows up after rows were already applied.
@Suite struct AtomicityTests {
    /// Rewrites `sheet1.xml` of a workbook so it breaks off after row `keep` (python3's zipfile).
    func truncateSheet(_ source: String, to destination: String, keepRows keep: Int) throws {
        let script = """
            import re, sys, zipfile
            src, dst, keep = sys.argv[1], sys.argv[2], int(sys.argv[3])
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == "xl/worksheets/sheet1.xml":
                        text = data.decode("utf-8")
                        cut = text.index('<row r="%d"' % (keep + 1))
                        data = (text[:cut] + '<row r="%d"><c r="A%d" t="inlineStr"><is><t>x' % (keep + 1, keep + 1)).encode("utf-8")
                    zout.writestr(item, data)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, source, destination, String(keep)]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aSheetThatBreaksMidwayCommitsNothing() throws {
        let test = try TestRoot()
        let good = try test.workbook("good.xlsx", rows: (1...400).map { TestRoot.row($0) })
        let broken = test.path("broken.xlsx")
        try truncateSheet(good, to: broken, keepRows: 200)
        do {
            _ = try test.importCandidates(broken)
            Issue.record("a damaged sheet must be refused")
        } catch let error as KaowuError {
            #expect(error.code == .fileDamaged)
            #expect(error.message.contains("broken.xlsx"))
        }
        let store = try test.store()
        #expect(try tableCount(store, "candidates") == 0)
        #expect(try tableCount(store, "import_failures") == 0)
        #expect(try tableCount(store, "import_records") == 1)  // the catalog's
        // The intact file still imports completely afterwards.
        #expect(try test.importCandidates(good).record.succeeded == 400)
    }
}
