import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// Scores, results, issuance, stamps, certificates and verification on the real binary, from
/// the sample chain (80 candidates scheduled in P2026-01).
@Suite(.serialized) struct CertificateCLITests {
    static let org = ["--org", "ORG001"]
    static let school = ["--school", "S4101001"]
    /// Inside the score-registration window (2027-01-16 – 2027-01-31 23:59).
    static let scoring = "--now=2027-01-20T10:00:00+08:00"
    /// After it, inside the publicity (until 2027-02-15 23:59).
    static let publicity = "--now=2027-02-10T10:00:00+08:00"
    /// After the publicity: scores locked, results settle.
    static let settled = "--now=2027-02-16T09:00:00+08:00"

    static func scheduledRoot(_ cli: CLI) throws {
        try ScheduleCLITests.enrolledRoot(cli, pay: true)
        let (status, _, err) = try ScheduleCLITests.schedule(cli)
        #expect(status == 0 || status == 3, "\(err)")
    }

    static func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// Writes a scores workbook with the template's columns.
    static func scoreFile(_ cli: CLI, _ name: String, rows: [[String]]) throws -> String {
        try StaffCLITests.workbook(cli.directory + "/" + name, header: ["考试计划编号", "准考证号", "证件号码", "科目", "成绩"], rows: rows)
        return name
    }

    @Test func scoresAreAuditedAndLockAfterThePublicity() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try Self.scheduledRoot(cli)
            // Before the score-registration window: the plan is closed, nothing is stored.
            let early = try cli.run(
                ["import", "scores", "s/scores.xlsx", "--root", "root"] + Self.org + ["--now=2027-01-15T23:59:59+08:00"])
            #expect(early.status == 1 || early.status == 3)
            #expect(early.out.contains("[plan.closed]"), "\(early.out)")
            let first = try cli.run(
                ["import", "scores", "s/scores.xlsx", "--root", "root"] + Self.org + [Self.scoring, "--operator", "李老师"])
            #expect(first.status == 0 || first.status == 3, "\(first.out)\(first.err)")
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let scored = try tableCount(store, "scores")
            #expect(scored > 100)

            // One candidate's WEB-T, corrected during the publicity: the trail keeps old and new.
            let id = try #require(
                try store.connection.statement(
                    "SELECT id_number FROM scores WHERE subject_code = 'WEB-T' AND absent = 0 ORDER BY id_number"
                )
                .first { try $0.string(0) })
            let file = try Self.scoreFile(cli, "fix.xlsx", rows: [["P2026-01", "", id, "WEB-T", "59"]])
            let fix = try cli.run(
                ["import", "scores", file, "--root", "root"] + Self.org + [Self.publicity, "--operator", "王老师", "--json"])
            #expect(fix.status == 0, "\(fix.out)\(fix.err)")
            let history = try #require(
                Self.json(try cli.run(["scores", "history", "--root", "root", "--id", id, "--json"]).out) as? [[String: String]])
            let webT = history.filter { $0["subject"] == "WEB-T" }
            #expect(webT.count == 2 && webT[1]["new"] == "59" && webT[1]["old"] == webT[0]["new"] && webT[1]["operator"] == "王老师")
            #expect(webT[0]["old"] == "" && webT[0]["operator"] == "李老师")

            // After the publicity: locked, and nothing changes.
            let late = try cli.run(["import", "scores", file, "--root", "root"] + Self.org + [Self.settled])
            #expect(late.out.contains("[score.locked]"), "\(late.out)")
            #expect(try store.scoreHistory(idNumber: id).count == history.count)
        }
    }

    /// The chain to a genuine certificate: settle, both sides sign (a rejection needs a reason
    /// and is re-signed), a missing stamp gives 盖章失败 and the batch goes on, then the PDF's
    /// pixels, QR and verification; a re-run issues no second number and draws nothing again.
    @Test func passingCandidatesGetVerifiableCertificates() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try Self.scheduledRoot(cli)
            let scores = try cli.run(["import", "scores", "s/scores.xlsx", "--root", "root"] + Self.org + [Self.scoring])
            #expect(scores.status == 0 || scores.status == 3, "\(scores.out)")
            let settle = try #require(
                Self.json(try cli.run(["results", "settle", "--root", "root", Self.settled, "--json"]).out) as? [String: Any])
            let issued = try #require(settle["issuances"] as? Int)
            #expect(issued > 10 && (settle["plans"] as? [String]) == ["P2026-01"], "\(settle)")
            // Settling twice creates nothing more.
            let again = try #require(
                Self.json(try cli.run(["results", "settle", "--root", "root", Self.settled, "--json"]).out) as? [String: Any])
            #expect(again["issuances"] as? Int == 0)

            // The organization cannot sign before the site.
            let list = try #require(
                Self.json(try cli.run(["issuance", "list", "--root", "root"] + Self.org + ["--json"]).out) as? [[String: String]])
            let number = try #require(list.first?["certificateNo"])
            #expect(list.allSatisfy { $0["status"] == "考核站点待签发" })
            let tooEarly = try cli.run(["issuance", "sign", "--root", "root"] + Self.org + ["--approve", "--id", number, Self.settled])
            #expect(
                tooEarly.status == 1 && tooEarly.err.contains("[issuance.state]") && tooEarly.err.contains("考核站点待签发"), "\(tooEarly.err)")
            // A rejection needs a reason; with one it is kept; the site re-signs later.
            let noReason = try cli.run(["issuance", "sign", "--root", "root"] + Self.school + ["--reject", "--id", number, Self.settled])
            #expect(noReason.status == 1 && noReason.err.contains("[issuance.reason]"))
            #expect(
                try cli.run(
                    ["issuance", "sign", "--root", "root"] + Self.school + ["--reject", "--reason", "照片待核实", "--id", number, Self.settled]
                ).status == 0)
            #expect(
                try cli.run(["issuance", "sign", "--root", "root"] + Self.school + ["--approve", "--all-pending", Self.settled]).status == 0
            )
            #expect(
                try cli.run(["issuance", "sign", "--root", "root"] + Self.school + ["--approve", "--id", number, Self.settled]).status == 0)
            // An approval is final: the site cannot reject it now.
            let final = try cli.run(
                ["issuance", "sign", "--root", "root"] + Self.school + ["--reject", "--reason", "x", "--id", number, Self.settled])
            #expect(final.status == 1 && final.err.contains("[issuance.state]"))
            #expect(
                try cli.run(["issuance", "sign", "--root", "root"] + Self.org + ["--approve", "--all-pending", Self.settled]).status == 0)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            #expect(try store.decisions(number: number).count == 3)

            // Stamps are checked when registered: an opaque seal and a wrong-size signature are refused.
            let opaque = try ImageCodec.encodePNG(rgba: [UInt8](repeating: 255, count: 40 * 40 * 4), width: 40, height: 40)
            try Data(opaque).write(to: URL(fileURLWithPath: directory + "/opaque.png"))
            let refused = try cli.run(["stamps", "set", "--root", "root"] + Self.org + ["--seal", "opaque.png"])
            #expect(refused.status == 1 && refused.err.contains("[stamp.invalid]"), "\(refused.err)")
            let small = try ImageCodec.encodePNG(
                rgba: [UInt8](repeating: 0, count: 40 * 40 * 4).enumerated().map { $0.offset % 8 == 3 ? 255 : $0.element }, width: 40,
                height: 40)
            try Data(small).write(to: URL(fileURLWithPath: directory + "/small.png"))
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.school + ["--signature", "small.png"]).err.contains("95"))

            // No stamps yet: every certificate is 盖章失败 with the reason, and nothing is drawn.
            let failed = try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--json"])
            #expect(failed.status == 3)
            let failedJSON = try #require(Self.json(failed.out) as? [String: Any])
            #expect(failedJSON["generated"] as? Int == 0 && (failedJSON["stampFailed"] as? [Any])?.count == issued)
            #expect(try cli.run(["issuance", "list", "--root", "root"] + Self.org + ["--status", "盖章失败"]).out.contains("未登记印章"))

            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.org + ["--seal", "s/seal.png"]).status == 0)
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.school + ["--signature", "s/signature.png"]).status == 0)
            // A name the font cannot print fails that certificate alone: it stays due, with the reason.
            let last = try #require(list.last?["certificateNo"])
            try store.connection.execute(
                "UPDATE candidates SET name = '𠮷' || name WHERE id_number = (SELECT id_number FROM issuances WHERE certificate_no = '\(last)')"
            )
            let partly = try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--json"])
            #expect(partly.status == 3, "\(partly.out)\(partly.err)")
            let partlyJSON = try #require(Self.json(partly.out) as? [String: Any])
            // Every certificate of that candidate (one per certificate passed) fails, no other.
            let failedNumbers = ((partlyJSON["renderFailed"] as? [[String: String]]) ?? []).compactMap { $0["certificateNo"] }
            let holder = try #require(try store.issuance(number: last)?.issuance.idNumber)
            let theirs = try store.issuances(idNumber: holder).map(\.issuance.certificateNumber)
            #expect(Set(failedNumbers) == Set(theirs) && failedNumbers.contains(last), "\(failedNumbers) \(theirs)")
            #expect(partlyJSON["generated"] as? Int == issued - theirs.count)
            #expect(try store.issuance(number: last)?.issuance.status == .awaitingCertificate)
            try store.connection.execute("UPDATE candidates SET name = substr(name, 2) WHERE name LIKE '𠮷%'")
            let made = try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--json"])
            #expect(made.status == 0, "\(made.err)")
            let madeJSON = try #require(Self.json(made.out) as? [String: Any])
            #expect(madeJSON["generated"] as? Int == theirs.count && madeJSON["archives"] as? Int == 1)
            let folder = directory + "/out/P2026-01/S4101001"
            let pdf = folder + "/证书/\(number).pdf"
            #expect(FileManager.default.fileExists(atPath: pdf) && FileManager.default.fileExists(atPath: folder + "/证书.zip"))
            #expect(try RenderCLITests.qpdfCheck(pdf))
            // The first run's batch is kept; the second run's certificate is a batch of its own.
            #expect(try RenderCLITests.pages(folder + "/证书打印批次-001.pdf") == issued - theirs.count)
            #expect(try RenderCLITests.pages(folder + "/证书打印批次-002.pdf") == theirs.count)

            try Self.checkPixels(pdf, directory: directory)
            let row = try #require(try store.printedCertificate(number: number))
            let qr = try runTool([
                "sh", "-c", "pdftoppm -r 150 -png -singlefile '\(pdf)' '\(directory)/qr' && zbarimg -q --raw '\(directory)/qr.png'",
            ])
            let code = try #require(row.code)
            #expect(qr.output.contains("KAOWU-CERT|\(number)|\(code)"), "\(qr.output)")

            // Verification: genuine; a wrong code, an unknown number, another ID, a changed field.
            let verify = { (arguments: [String]) in try cli.run(["verify", "--root", "root"] + arguments + ["--json"]) }
            #expect(try verify(["--cert-no", number, "--id", row.idNumber, "--code", code]).out.contains("\"genuine\""))
            #expect(try verify(["--cert-no", number, "--id", row.idNumber, "--code", "0000-0000-0000-0000"]).out.contains("\"altered\""))
            #expect(try verify(["--cert-no", "C-WEB-2027-999999", "--id", row.idNumber]).out.contains("\"not-found\""))
            #expect(try verify(["--cert-no", number, "--id", "110101200001011234"]).out.contains("\"not-found\""))

            // A re-run draws nothing again and keeps every number; --force redraws the same ones.
            let rerun = try #require(
                Self.json(try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--json"]).out)
                    as? [String: Any])
            #expect(rerun["generated"] as? Int == 0)
            let forced = try #require(
                Self.json(try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--force", "--json"]).out)
                    as? [String: Any])
            #expect(forced["generated"] as? Int == issued)
            // On a terminal the run draws a bar of certificates (`script` gives it one).
            let command = [CLI.binary, "certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--force"]
                .map { "'\($0)'" }.joined(separator: " ")
            let onTerminal = try runTool(["sh", "-c", "cd '\(directory)' && script -qec \"\(command)\" /dev/null"])
            #expect(onTerminal.output.contains("\(issued)/\(issued) 份证书"), "\(onTerminal.output)")
            #expect(try store.printedCertificate(number: number)?.code == code)
            #expect(try tableCount(store, "issuances") == issued)

            try store.connection.execute("UPDATE issuances SET holder_name = holder_name || '某' WHERE certificate_no = '\(number)'")
            #expect(try verify(["--cert-no", number, "--id", row.idNumber, "--code", code]).out.contains("\"altered\""))
        }
    }

    /// The nightly run settles results after the publicity and draws what both sides signed
    /// (signed here by the decisions imports), once; the three exports list it all.
    @Test func nightlySettlesAndDrawsWhatBecameDue() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try Self.scheduledRoot(cli)
            _ = try cli.run(["import", "scores", "s/scores.xlsx", "--root", "root"] + Self.org + [Self.scoring])
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.org + ["--seal", "s/seal.png"]).status == 0)
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.school + ["--signature", "s/signature.png"]).status == 0)
            let nightly = { () throws -> [String: Any] in
                (Self.json(try cli.run(["nightly", "root", Self.settled, "--json"]).out) as? [String: Any]) ?? [:]
            }
            let first = try nightly()
            let created = try #require(first["issuancesCreated"] as? Int)
            #expect(first["settledPlans"] as? [String] == ["P2026-01"] && created > 10 && first["certificates"] as? Int == 0, "\(first)")

            let list = try #require(
                Self.json(try cli.run(["issuance", "list", "--root", "root"] + Self.school + ["--json"]).out) as? [[String: String]])
            let numbers = list.compactMap { $0["certificateNo"] }
            // The site's decisions workbook: all approved but the last, rejected without a reason.
            var rows = numbers.dropLast().map { [$0, "", "", "同意", ""] }
            rows.append([numbers[numbers.count - 1], "", "", "拒绝", ""])
            try StaffCLITests.workbook(directory + "/site.xlsx", header: ["证书编号", "证件号码", "证书", "决定", "拒绝理由"], rows: rows)
            let site = try cli.run(["import", "issuance", "site.xlsx", "--root", "root"] + Self.school + [Self.settled])
            #expect(site.status == 3 && site.out.contains("[issuance.reason]"), "\(site.out)")
            // The organization approves every record by ID and certificate; the unsigned one is refused.
            let byID = list.map { [$0["certificateNo"] ?? "", "同意"] }.map { [$0[0], "", "", $0[1], ""] }
            try StaffCLITests.workbook(directory + "/org.xlsx", header: ["证书编号", "证件号码", "证书", "决定", "拒绝理由"], rows: byID)
            let organization = try cli.run(["import", "issuance-org", "org.xlsx", "--root", "root"] + Self.org + [Self.settled])
            #expect(organization.status == 3 && organization.out.contains("[issuance.state]"), "\(organization.out)")

            let second = try nightly()
            #expect(second["certificates"] as? Int == numbers.count - 1 && second["issuancesCreated"] as? Int == 0, "\(second)")
            #expect(FileManager.default.fileExists(atPath: directory + "/root/certificates/P2026-01/S4101001/证书/\(numbers[0]).pdf"))
            #expect(try nightly()["certificates"] as? Int == 0)

            for (kind, extra) in [("scores", ["--plan", "P2026-01"]), ("results", ["--plan", "P2026-01"]), ("issuance", Self.school)] {
                let export = try cli.run(["export", kind, "--root", "root", "-o", "\(kind).xlsx"] + extra)
                #expect(export.status == 0, "\(export.err)")
                let exported = try readRows(directory + "/\(kind).xlsx")
                #expect(exported.count > 10, "\(kind)")
            }
            let issued = try readRows(directory + "/issuance.xlsx")
            #expect(
                issued[0].values.contains("颁证状态") && issued.dropFirst().filter { $0.values.contains("完成发放") }.count == numbers.count - 1)
            let results = try readRows(directory + "/results.xlsx")
            #expect(results.dropFirst().contains { $0.values.contains("缺考") || $0.values.contains("未通过") })
        }
    }

    /// SIGKILL at spread-out instants of a certificate run: no finished name holds half a file,
    /// no record is issued without its file, and the next run issues every one exactly once
    /// under the number it already had.
    @Test func aKilledGenerationLosesAndDoublesNothing() throws {
        try withTemporaryDirectory { directory in
            let cli = CLI(directory: directory)
            try Self.scheduledRoot(cli)
            _ = try cli.run(["import", "scores", "s/scores.xlsx", "--root", "root"] + Self.org + [Self.scoring])
            _ = try cli.run(["results", "settle", "--root", "root", Self.settled])
            _ = try cli.run(["issuance", "sign", "--root", "root"] + Self.school + ["--approve", "--all-pending", Self.settled])
            _ = try cli.run(["issuance", "sign", "--root", "root"] + Self.org + ["--approve", "--all-pending", Self.settled])
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.org + ["--seal", "s/seal.png"]).status == 0)
            #expect(try cli.run(["stamps", "set", "--root", "root"] + Self.school + ["--signature", "s/signature.png"]).status == 0)
            let store = try Store(path: directory + "/root/kaowu.sqlite")
            let numbers = try store.connection.statement("SELECT certificate_no FROM issuances ORDER BY 1").rows { try $0.string(0) }
            let folder = directory + "/out/P2026-01/S4101001"
            func checkWhole() throws {
                for file in RenderCLITests.pdfs(under: directory + "/out") where !(file as NSString).lastPathComponent.hasPrefix(".") {
                    let bytes = try #require(FileManager.default.contents(atPath: directory + "/out/" + file))
                    #expect(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"), "\(file) is not whole")
                }
                let issued = try store.issuances(statuses: [.issued]).map(\.issuance.certificateNumber)
                for number in issued { #expect(FileManager.default.fileExists(atPath: folder + "/证书/\(number).pdf"), "\(number)") }
            }
            for round in 0..<8 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["certificates", "generate", "--root", "root", "-o", "out", Self.settled]
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(40_000 + 45_000 * round))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                try checkWhole()
            }
            let last = try cli.run(["certificates", "generate", "--root", "root", "-o", "out", Self.settled, "--json"])
            #expect(last.status == 0, "\(last.err)")
            try checkWhole()
            #expect(try store.connection.statement("SELECT certificate_no FROM issuances ORDER BY 1").rows { try $0.string(0) } == numbers)
            #expect(try store.issuances(statuses: [.issued]).count == numbers.count)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/证书").filter {
                $0.hasSuffix(".pdf") && !$0.hasPrefix(".")
            }
            #expect(Set(files) == Set(numbers.map { "\($0).pdf" }))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/证书").allSatisfy { !$0.hasPrefix(".tmp-") })
        }
    }

    /// The page's pixels (pdftoppm, 50 dpi): the paper colour shows through the seal's
    /// transparent ring (not a white box), the seal's ink is red, the photo's red background is
    /// drawn, and the name is written in dark strokes.
    static func checkPixels(_ pdf: String, directory: String) throws {
        let ppm = directory + "/page"
        #expect(try runTool(["pdftoppm", "-r", "50", "-singlefile", pdf, ppm]).status == 0)
        let image = try PPM(path: ppm + ".ppm")
        func at(_ x: Double, _ y: Double) -> (Int, Int, Int) { image.pixel(Int(x / 25.4 * 50), Int(y / 25.4 * 50)) }
        let paper = at(4, 105)
        #expect(paper.0 > 235 && paper.1 > 225 && paper.2 > 200 && paper.2 < 230, "paper \(paper)")
        // The seal: centre (242, 162) mm, 40 mm across; the gap between star and inner ring.
        let gap = at(242, 151)
        #expect(abs(gap.0 - paper.0) < 8 && abs(gap.1 - paper.1) < 8 && abs(gap.2 - paper.2) < 8, "through the seal \(gap) vs \(paper)")
        let ink = at(242, 143.7)
        #expect(ink.0 > 150 && ink.1 < 130, "seal ink \(ink)")
        let photo = at(32, 60)
        #expect(photo.0 > 150 && photo.1 < 100, "photo background \(photo)")
        var dark = 0
        for x in stride(from: 108.0, to: 128, by: 0.5) {
            for y in stride(from: 59.0, to: 67, by: 0.5) where at(x, y).0 < 100 { dark += 1 }
        }
        #expect(dark > 20, "name strokes \(dark)")
    }
}

/// A binary PPM (P6) as pdftoppm writes it.
struct PPM {
    let width, height: Int
    let bytes: [UInt8]
    let offset: Int

    init(path: String) throws {
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [Int] = []
        var index = 2
        var current = ""
        while fields.count < 3 {
            let character = Character(UnicodeScalar(bytes[index]))
            if character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                fields.append(Int(current) ?? 0)
                current = ""
            }
            index += 1
        }
        (width, height, offset) = (fields[0], fields[1], index)
    }

    func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let start = offset + (y * width + x) * 3
        return (Int(bytes[start]), Int(bytes[start + 1]), Int(bytes[start + 2]))
    }
}
