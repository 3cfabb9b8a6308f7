import Concurrency
public import Domain
import Foundation
import Ingest
import Render
import Store

/// Why a stamp file cannot be printed, checked when it is registered and again before every
/// certificate batch: a PNG of at most 1 MB, square, with an alpha channel that is used (some
/// of it transparent, some of it not); a signature stamp about 95×95 px.
public enum StampCheck {
    /// nil when the stamp can be printed, else the reason in Chinese.
    public static func problem(path: String, kind: StampKind) -> String? {
        // The size first, from the file system: a huge file is refused without being read.
        var file = stat()
        guard stat(path, &file) == 0, file.st_mode & S_IFMT == S_IFREG else { return "找不到\(kind.label)文件 \(path)" }
        guard file.st_size <= StampKind.maxBytes else { return "\(kind.label)文件 \(file.st_size / 1024) KB，超过 1 MB" }
        guard let data = FileManager.default.contents(atPath: path) else { return "找不到\(kind.label)文件 \(path)" }
        guard data.count <= StampKind.maxBytes else { return "\(kind.label)文件 \(data.count / 1024) KB，超过 1 MB" }
        let bytes = [UInt8](data)
        guard ImageFormat.sniff(bytes) == .png else { return "\(kind.label)应为 PNG 图片" }
        let info: ImageInfo
        let alpha: (transparent: Int, partial: Int, opaque: Int)?
        do {
            info = try ImageCodec.info(bytes, format: .png)
            alpha = try ImageCodec.alpha(ofPNG: bytes)
        } catch {
            return "\(kind.label) PNG 无法读取：\(error)"
        }
        guard info.width == info.height else { return "\(kind.label)应为正方形，实际 \(info.width)×\(info.height) 像素" }
        if kind == .signature, abs(info.width - StampKind.signatureSide) > StampKind.signatureTolerance {
            return "站点负责人签章应约为 \(StampKind.signatureSide)×\(StampKind.signatureSide) 像素，实际 \(info.width)×\(info.height)"
        }
        guard let alpha else { return "\(kind.label)没有透明通道（应为带 Alpha 通道的 PNG），打印时会盖住证书底色" }
        guard alpha.transparent + alpha.partial > 0 else { return "\(kind.label)的透明通道全部不透明，打印时会盖住证书底色" }
        guard alpha.opaque + alpha.partial > 0 else { return "\(kind.label)完全透明，没有可打印的印迹" }
        return nil
    }
}

/// What `kaowu certificates generate` did.
public struct CertificateOutcome: Sendable {
    public var directory: String
    public var generated = 0
    public var stampFailed: [(number: String, reason: String)] = []
    /// Certificates that could not be drawn (left due, with the reason).
    public var renderFailed: [(number: String, reason: String)] = []
    public var files: [String] = []
    public var batches: [String] = []
    public var archives: [String] = []
    public var bytes = 0
}

/// How `verify` judged a certificate.
public enum VerificationVerdict: String, Sendable {
    case genuine, notFound = "not-found", altered

    public var label: String {
        switch self {
        case .genuine: "证书真实有效"
        case .notFound: "查无此证书"
        case .altered: "证书信息与签发记录不符（可能被篡改）"
        }
    }
}

/// One certificate of a run: its record, what it prints and what its issuance keeps.
private struct PlannedCertificate {
    let listing: IssuanceListing
    let record: DocumentRecord
    let certificateName, issuedOn, code: String
}

/// Stamps, certificate PDFs and their verification (MISSION.md section 6).
public enum Certificates {
    /// Registers (`kaowu stamps set`) the organization's seal or a school's signature stamp:
    /// checked, then copied into the data root (`stamps/`), so a later change of the original
    /// file does not change printed certificates.
    public static func setStamp(root: DataRoot, kind: StampKind, tenant: String, file: String) throws -> String {
        if let problem = StampCheck.problem(path: file, kind: kind) { throw KaowuError(.stampInvalid, problem) }
        let store = try root.openStore()
        let code: String
        switch kind {
        case .seal: code = try store.existingOrganization(tenant)
        case .signature: code = try store.existingSchool(tenant).code
        }
        let relative = "stamps/\(kind.rawValue)-\(OutputDirectory.safe(code)).png"
        try FileManager.default.createDirectory(atPath: root.path + "/stamps", withIntermediateDirectories: true)
        let temporary = root.path + "/" + relative + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: file, toPath: temporary)
        guard rename(temporary, root.path + "/" + relative) == 0 else { throw KaowuError(.diskIO, "无法保存 \(relative)") }
        switch kind {
        case .seal: try store.setSealPath(organizationCode: code, path: relative)
        case .signature: try store.setSignaturePath(schoolCode: code, path: relative)
        }
        return relative
    }

    /// A stamp path as the catalog or `stamps set` stored it: absolute, or in the data root.
    static func resolve(_ path: String?, root: DataRoot) -> String? {
        guard let path, !path.isEmpty else { return nil }
        return path.hasPrefix("/") ? path : root.path + "/" + path
    }

    /// The code printed on a certificate and checked by `verify`: HMAC-SHA-256 with the
    /// installation's secret over every printed field, its first 64 bits as 4 groups of 4 hex.
    static func code(
        secret: [UInt8], number: String, idNumber: String, name: String, certificateCode: String, certificateName: String,
        level: String, issuedOn: String
    ) -> String {
        let message = ["kaowu-certificate-1", number, idNumber, name, certificateCode, certificateName, level, issuedOn].joined(
            separator: "\u{1F}")
        let mac = HMACSHA256.authenticate(Array(message.utf8), key: secret)
        let hex = mac.prefix(8).map { String(format: "%02X", $0) }.joined()
        return stride(from: 0, to: 16, by: 4).map { start in
            String(hex[hex.index(hex.startIndex, offsetBy: start)..<hex.index(hex.startIndex, offsetBy: start + 4)])
        }.joined(separator: "-")
    }

    /// Certificates per print batch file: libharu holds a document until it is saved.
    static let batchSize = 200

    /// Renders every issuance that is due (证书待发放, 盖章失败 retried, or 证书生成中 left by a
    /// killed run), or with `force` the issued ones again under the same number and code.
    /// A group (plan and school) whose seal or signature stamp is missing or invalid goes to
    /// 盖章失败 with the reason and the others go on. Writes `DIR/<plan>/<school>/证书/<number>.pdf`,
    /// print batches `证书打印批次-001.pdf`… and `证书.zip` per school.
    /// `progress` is told how many certificates of how many are settled so far.
    public static func generate(
        root: DataRoot, planCode: String?, schoolCode: String?, output directory: String, force: Bool, clock: Clock,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> CertificateOutcome {
        let output = try OutputDirectory(directory, dataRoot: root.path)
        return try generate(
            root: root, planCode: planCode, schoolCode: schoolCode, into: output.path, force: force, clock: clock, progress: progress)
    }

    /// The same into a folder already checked (the nightly run's `ROOT/certificates`).
    static func generate(
        root: DataRoot, planCode: String?, schoolCode: String?, into base: String, force: Bool, clock: Clock,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> CertificateOutcome {
        let store = try root.openStore()
        // What a killed run left half written (never a finished name).
        OutputDirectory.removeLeftovers(in: base)
        let secret = try root.secret(creating: true)
        let template = try TemplateLibrary.load(.certificate, root: root.path)
        var statuses: [IssuanceStatus] = [.awaitingCertificate, .stampFailed, .generating]
        if force { statuses.append(.issued) }
        let school = try schoolCode.map { try store.existingSchool($0).code }
        let due = try store.issuances(schoolCode: school, planCode: planCode, statuses: statuses)
        var groups: [String: [IssuanceListing]] = [:]
        for listing in due { groups["\(listing.issuance.planCode)/\(listing.issuance.schoolCode)", default: []].append(listing) }
        var outcome = CertificateOutcome(directory: base)
        var settled = 0
        progress(0, due.count)
        let fonts = FontLibrary()
        let pool = WorkerPool()
        for key in groups.keys.sorted() {
            guard let listings = groups[key], let first = listings.first?.issuance else { continue }
            guard let schoolRow = try store.school(code: first.schoolCode),
                let organization = try store.organization(code: first.organizationCode)
            else { continue }
            let seal = resolve(organization.sealPath, root: root)
            let signature = resolve(schoolRow.stampPath, root: root)
            let problem =
                seal == nil
                ? "培训评价组织 \(organization.name) 未登记印章（kaowu stamps set --org \(organization.code) --seal FILE）"
                : signature == nil
                    ? "院校 \(schoolRow.name) 未登记站点负责人签章（kaowu stamps set --school \(schoolRow.code) --signature FILE）"
                    : StampCheck.problem(path: seal ?? "", kind: .seal) ?? StampCheck.problem(path: signature ?? "", kind: .signature)
            if let problem {
                try store.transaction {
                    for listing in listings {
                        try store.setIssuanceStatus(number: listing.issuance.certificateNumber, .stampFailed, stampFailure: problem)
                        outcome.stampFailed.append((listing.issuance.certificateNumber, problem))
                    }
                }
                settled += listings.count
                progress(settled, due.count)
                continue
            }
            let sealImage = try stampImage(path: seal ?? "")
            let signatureImage = try stampImage(path: signature ?? "")
            try store.transaction {
                for listing in listings where listing.issuance.status != .issued {
                    try store.setIssuanceStatus(number: listing.issuance.certificateNumber, .generating)
                }
            }
            let folder = base + "/" + OutputDirectory.safe(first.planCode) + "/" + OutputDirectory.safe(first.schoolCode)
            try FileManager.default.createDirectory(atPath: folder + "/证书", withIntermediateDirectories: true)
            var records: [PlannedCertificate] = []
            var certificateNames: [String: String] = [:]
            for listing in listings {
                let issuance = listing.issuance
                let certificateName =
                    try certificateNames[issuance.certificateCode]
                    ?? store.certificateName(code: issuance.certificateCode) ?? issuance.certificateCode
                certificateNames[issuance.certificateCode] = certificateName
                // A certificate drawn again (--force) keeps the date it was issued on.
                let printed = issuance.status == .issued ? issuance.issuedOn.flatMap(Clock.parse)?.now ?? clock.now : clock.now
                let printedOn = FieldValues.format(printed, "yyyy-MM-dd")
                let code = code(
                    secret: secret, number: issuance.certificateNumber, idNumber: issuance.idNumber, name: listing.name,
                    certificateCode: issuance.certificateCode, certificateName: certificateName, level: issuance.level.label,
                    issuedOn: printedOn)
                var values: [String: FieldValues.Value] = [
                    "certificate.number": .text(issuance.certificateNumber), "certificate.code": .text(issuance.certificateCode),
                    "certificate.name": .text(certificateName), "level": .text(issuance.level.label), "candidate.name": .text(listing.name),
                    "candidate.id": .text(issuance.idNumber), "organization.name": .text(organization.name),
                    "school.name": .text(schoolRow.name),
                    "site.head": .text(schoolRow.siteHead ?? ""), "issue.date": .date(printed),
                    "verification.code": .text(code), "verification.text": .text("KAOWU-CERT|\(issuance.certificateNumber)|\(code)"),
                    "seal": .transparent(sealImage), "signature": .transparent(signatureImage),
                ]
                if let photo = listing.photo { values["candidate.photo"] = .image(root.path + "/" + photo) }
                records.append(
                    PlannedCertificate(
                        listing: listing, record: DocumentRecord(values: FieldValues(values)), certificateName: certificateName,
                        issuedOn: printedOn, code: code))
            }
            let singles = records.map { item in
                let path = folder + "/证书/" + OutputDirectory.safe(item.listing.issuance.certificateNumber) + ".pdf"
                let record = item.record
                return pool.submit { try DocumentRenderer.render(template, records: [record], to: path, fonts: fonts) }
            }
            // A certificate that cannot be drawn (a name with a character the font lacks) stays
            // due with its reason; the others go on.
            var rendered: [RenderedFile] = []
            var drawn: [PlannedCertificate] = []
            for (item, future) in zip(records, singles) {
                defer {
                    settled += 1
                    progress(settled, due.count)
                }
                do {
                    rendered.append(try future.value())
                    drawn.append(item)
                } catch {
                    let reason = (error as? KaowuError)?.message ?? "\(error)"
                    outcome.renderFailed.append((item.listing.issuance.certificateNumber, reason))
                    if item.listing.issuance.status != .issued {
                        try store.setIssuanceStatus(
                            number: item.listing.issuance.certificateNumber, .awaitingCertificate, stampFailure: reason)
                    }
                }
            }
            let chunks = stride(from: 0, to: drawn.count, by: batchSize).map { Array(drawn[$0..<min(drawn.count, $0 + batchSize)]) }
            // Batches number on from the folder's earlier ones: a later run never replaces a
            // batch already printed or handed out.
            let firstBatch = nextBatchNumber(in: folder)
            let batches = chunks.enumerated().map { index, chunk in
                let path = folder + "/证书打印批次-" + String(format: "%03d", firstBatch + index) + ".pdf"
                let batch = chunk.map(\.record)
                return pool.submit { try DocumentRenderer.render(template, records: batch, to: path, fonts: fonts) }
            }
            for future in batches { outcome.batches.append(try future.value().path) }
            try store.transaction {
                for item in drawn {
                    try store.markIssued(
                        number: item.listing.issuance.certificateNumber, holderName: item.listing.name,
                        certificateName: item.certificateName,
                        issuedOn: item.issuedOn, code: item.code)
                }
            }
            outcome.generated += drawn.count
            outcome.files += rendered.map(\.path)
            outcome.bytes += rendered.reduce(0) { $0 + $1.bytes }
            if !drawn.isEmpty { outcome.archives.append(try archive(folder: folder)) }
        }
        return outcome
    }

    /// A stamp already checked, prepared once per batch: its alpha plane, and its colour as a
    /// JPEG (placed as it is, so no document deflates it again) whose transparent pixels take
    /// the ink's mean colour, so the edges carry no JPEG fringe of another colour. Named by
    /// its content.
    private static func stampImage(path: String) throws -> TransparentImage {
        let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
        guard let image = try? ImageCodec.decodeRGBA(ofPNG: bytes) else {
            throw KaowuError(.stampInvalid, "无法读取印章文件 \(path)")
        }
        let count = image.width * image.height
        var ink = (red: 0, green: 0, blue: 0, weight: 0)
        for index in 0..<count {
            let alpha = Int(image.pixels[index * 4 + 3])
            ink.red += Int(image.pixels[index * 4]) * alpha
            ink.green += Int(image.pixels[index * 4 + 1]) * alpha
            ink.blue += Int(image.pixels[index * 4 + 2]) * alpha
            ink.weight += alpha
        }
        let weight = max(1, ink.weight)
        let matte = [UInt8(ink.red / weight), UInt8(ink.green / weight), UInt8(ink.blue / weight)]
        var rgb = [UInt8](repeating: 0, count: count * 3)
        var alpha = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            alpha[index] = image.pixels[index * 4 + 3]
            for channel in 0..<3 {
                rgb[index * 3 + channel] = alpha[index] == 0 ? matte[channel] : image.pixels[index * 4 + channel]
            }
        }
        let jpeg: [UInt8]
        do {
            jpeg = try ImageCodec.encodeJPEG(rgb: rgb, width: image.width, height: image.height, quality: 92)
        } catch {
            throw KaowuError(.stampInvalid, "无法处理印章文件 \(path)", cause: String(describing: error))
        }
        return TransparentImage(key: "stamp-" + SHA256.hex(of: bytes), width: image.width, height: image.height, jpeg: jpeg, alpha: alpha)
    }

    static func nextBatchNumber(in folder: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let numbers = names.compactMap { name -> Int? in
            guard name.hasPrefix("证书打印批次-"), name.hasSuffix(".pdf") else { return nil }
            return Int(name.dropFirst("证书打印批次-".count).dropLast(4))
        }
        return (numbers.max() ?? 0) + 1
    }

    /// `证书.zip`: every certificate PDF in the school's folder, stored (PDFs do not shrink).
    private static func archive(folder: String) throws -> String {
        let path = folder + "/证书.zip"
        let temporary = folder + "/.tmp-证书.zip"
        do {
            let writer = try ZipWriter(path: temporary)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/证书").filter {
                $0.hasSuffix(".pdf") && !$0.hasPrefix(".")
            }
            .sorted()
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder + "/证书/" + name) else { continue }
                try writer.add(name: "证书/" + name, bytes: [UInt8](data), options: ZipWriter.Options(compress: false))
            }
            try writer.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw KaowuError(.diskIO, "无法写入 \(path)", cause: String(describing: error))
        }
        guard rename(temporary, path) == 0 else { throw KaowuError(.diskIO, "无法写入 \(path)") }
        return path
    }

    /// Answers whether a certificate is genuine: the number is issued to that ID number, its
    /// printed data still gives its code under the installation's secret, and the code given
    /// (when given) is that code. An unknown number, or one issued to another ID, is "not found".
    public static func verify(root: DataRoot, number: String, idNumber: String, code given: String?) throws -> VerificationVerdict {
        let store = try root.openStore()
        guard let printed = try store.printedCertificate(number: number.trimmingCharacters(in: .whitespaces)), printed.status == .issued,
            printed.idNumber == idNumber.trimmingCharacters(in: .whitespaces).uppercased(), let name = printed.name,
            let certificateName = printed.certificateName, let issuedOn = printed.issuedOn, let stored = printed.code
        else { return .notFound }
        let secret = try root.secret(creating: false)
        let level = CertificateLevel(rawValue: printed.level)?.label ?? printed.level
        let expected = code(
            secret: secret, number: number, idNumber: printed.idNumber, name: name, certificateCode: printed.certificateCode,
            certificateName: certificateName, level: level, issuedOn: issuedOn)
        guard expected == stored else { return .altered }
        if let given, given.uppercased().filter({ $0.isHexDigit }) != stored.filter({ $0.isHexDigit }) { return .altered }
        return .genuine
    }
}
