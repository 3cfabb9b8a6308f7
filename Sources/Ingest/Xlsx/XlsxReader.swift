import Concurrency
public import Domain
import Foundation

/// Whether a sheet tab is shown in Excel.
public enum SheetState: String, Sendable {
    case visible, hidden, veryHidden
}

public struct SheetInfo: Sendable, Hashable {
    public let name: String
    public let state: SheetState
}

/// A streaming reader of one .xlsx file: structure first (sheets, shared strings, styles),
/// then rows of one sheet on demand, parsed on a second thread while the caller consumes.
///
/// Never builds a DOM and never holds the sheet: memory is the shared-string bytes plus a few
/// row batches in flight.
public final class XlsxReader {
    public let path: String
    public let sheets: [SheetInfo]
    private let archive: ZipArchive
    private let sheetParts: [String: Int]
    private let sharedStringsIndex: Int?
    private let dateStyles: [Bool]
    private let date1904: Bool
    private var sharedStringsCache: SharedStrings?

    /// Opens and checks the workbook structure; any problem is one file-level `KaowuError`.
    public init(path: String) throws(KaowuError) {
        self.path = path
        let fileName = (path as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else {
            throw KaowuError(.fileMissing, "找不到文件“\(path)”")
        }
        do {
            archive = try ZipArchive(path: path, limits: .workbook)
        } catch {
            switch error.reason {
            case .notAZip:
                throw KaowuError(.fileNotXlsx, "文件“\(fileName)”不是 Excel 工作簿（.xlsx），请用 Excel 另存为 .xlsx 后再导入", cause: error.description)
            default:
                throw KaowuError(.fileDamaged, "文件“\(fileName)”已损坏，无法读取，请重新保存后再导入", cause: error.description)
            }
        }
        do {
            let workbookPath = try XlsxReader.officeDocumentPath(archive)
            guard let workbookIndex = archive.index(of: workbookPath) else {
                throw KaowuError(.fileNotXlsx, "文件“\(fileName)”不是 Excel 工作簿：缺少 \(workbookPath)")
            }
            let workbook = WorkbookHandler()
            try XlsxReader.parse(archive, entry: workbookIndex, into: workbook)
            let relationships = RelationshipsHandler()
            let relsPath = XlsxReader.relsPath(for: workbookPath)
            if let relsIndex = archive.index(of: relsPath) {
                try XlsxReader.parse(archive, entry: relsIndex, into: relationships)
            }
            var parts: [String: Int] = [:]
            var infos: [SheetInfo] = []
            for sheet in workbook.sheets {
                guard let relationship = relationships.relationships.first(where: { $0.id == sheet.relationshipID }),
                    let index = archive.index(of: XlsxReader.resolve(relationship.target, from: workbookPath))
                else { continue }
                parts[sheet.name] = index
                infos.append(SheetInfo(name: sheet.name, state: sheet.state))
            }
            guard !infos.isEmpty else {
                throw KaowuError(.fileNotXlsx, "文件“\(fileName)”中没有任何工作表")
            }
            sheets = infos
            sheetParts = parts
            date1904 = workbook.date1904
            let opened = archive
            func part(_ suffix: String) -> Int? {
                relationships.relationships.first { $0.type.hasSuffix(suffix) }
                    .flatMap { opened.index(of: XlsxReader.resolve($0.target, from: workbookPath)) }
            }
            sharedStringsIndex = part("/sharedStrings")
            if let stylesIndex = part("/styles") {
                let styles = StylesHandler()
                try XlsxReader.parse(archive, entry: stylesIndex, into: styles)
                dateStyles = styles.dateStyles()
            } else {
                dateStyles = []
            }
        } catch let error as KaowuError {
            throw error
        } catch {
            throw XlsxReader.fileError(error, fileName: fileName)
        }
    }

    /// The first visible sheet, the one Excel opens on.
    public var firstVisibleSheet: SheetInfo? { sheets.first { $0.state == .visible } ?? sheets.first }

    /// Streams the non-blank rows of `sheet` to `body` in order. Parsing runs on its own
    /// thread, `body` on the caller's; a throw from `body` stops the parser and is rethrown.
    public func forEachRow(inSheet sheet: String, batchSize: Int = 2048, _ body: (SheetRow) throws -> Void) throws {
        let fileName = (path as NSString).lastPathComponent
        guard let entry = sheetParts[sheet] else {
            throw KaowuError(.fileSheetMissing, "文件“\(fileName)”中没有名为“\(sheet)”的工作表")
        }
        let strings: SharedStrings
        do {
            strings = try sharedStrings()
        } catch {
            throw XlsxReader.fileError(error, fileName: fileName)
        }
        let channel = Channel<RowBatch>(capacity: 4)
        nonisolated(unsafe) let archive = self.archive  // used only by the producer until it closes
        let dateStyles = self.dateStyles
        channel.startProducer {
            var scanner = WorksheetScanner(
                builder: SheetRowBuilder(dateStyles: dateStyles, sharedStrings: strings, batchSize: batchSize) { channel.put($0) })
            try archive.read(entryAt: entry) { chunk in
                try scanner.feed(chunk)
                if scanner.builder.stopped || channel.isCancelled { throw CancellationError() }
                if let row = scanner.builder.overlongRow { throw XlsxReader.overlong(row: row, fileName: fileName) }
            }
            try scanner.finish()
            if let row = scanner.builder.overlongRow { throw XlsxReader.overlong(row: row, fileName: fileName) }
            if let row = scanner.builder.oversizedRow {
                throw KaowuError(.fileTooLarge, "文件“\(fileName)”第\(row)行的数据超过 2 GB，无法导入")
            }
            if let row = scanner.builder.invalidUTF8Row {
                throw KaowuError(.fileDamaged, "文件“\(fileName)”已损坏：第\(row)行有单元格文本不是有效的 UTF-8 编码")
            }
            if scanner.builder.badSharedIndex {
                throw KaowuError(.fileDamaged, "文件“\(fileName)”已损坏：单元格引用了不存在的共享字符串")
            }
        }
        defer { channel.cancel() }
        while let batch = channel.take() {
            for index in batch.rows.indices {
                try body(SheetRow(batch: batch, index: index, sharedStrings: strings, date1904: date1904))
            }
        }
        if let failure = channel.failure {
            throw XlsxReader.fileError(failure, fileName: fileName)
        }
    }

    /// The shared-string table, parsed on first use.
    public func sharedStrings() throws -> SharedStrings {
        if let sharedStringsCache { return sharedStringsCache }
        var table = SharedStrings.empty
        if let index = sharedStringsIndex {
            let builder = SharedStringsBuilder()
            try XlsxReader.parse(archive, entry: index, into: builder)
            if builder.overlong {
                throw KaowuError(.fileDamaged, "共享字符串表中有文本超过 Excel 单元格上限 \(SheetRowBuilder.maxCellCharacters) 个字符，文件已损坏或不是 Excel 保存的")
            }
            if builder.overflow {
                throw KaowuError(.fileTooLarge, "共享字符串表超过 4 GB，无法导入")
            }
            table = builder.finish()
        }
        sharedStringsCache = table
        return table
    }

    private static func parse(_ archive: ZipArchive, entry: Int, into handler: any XMLEventHandler) throws {
        let parser = try XMLPushParser(handler: handler)
        try archive.read(entryAt: entry) { chunk in try parser.feed(chunk) }
        try parser.finish()
    }

    private static func officeDocumentPath(_ archive: ZipArchive) throws -> String {
        guard let index = archive.index(of: "_rels/.rels") else { return "xl/workbook.xml" }
        let handler = RelationshipsHandler()
        try parse(archive, entry: index, into: handler)
        guard let target = handler.relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target else {
            return "xl/workbook.xml"
        }
        return resolve(target, from: "")
    }

    private static func relsPath(for part: String) -> String {
        let directory = (part as NSString).deletingLastPathComponent
        let file = (part as NSString).lastPathComponent
        return directory.isEmpty ? "_rels/\(file).rels" : "\(directory)/_rels/\(file).rels"
    }

    /// Resolves a relationship target against the part that owns the relationship; an
    /// absolute target (`/xl/…`) is package-rooted.
    static func resolve(_ target: String, from part: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = (part as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
            } else if component != "." {
                components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    static func overlong(row: Int, fileName: String) -> KaowuError {
        KaowuError(
            .fileDamaged,
            "文件“\(fileName)”第\(row)行有单元格文本超过 Excel 单元格上限 \(SheetRowBuilder.maxCellCharacters) 个字符，文件已损坏或不是 Excel 保存的")
    }

    static func fileError(_ error: any Error, fileName: String) -> KaowuError {
        if let known = error as? KaowuError { return known }
        if let xml = error as? XMLError {
            if xml.reason == .doctypeRefused {
                return KaowuError(.fileUnsafe, "文件“\(fileName)”包含不允许的 DOCTYPE/实体声明，已拒绝（可能是恶意文件）", cause: xml.description)
            }
            return KaowuError(.fileDamaged, "文件“\(fileName)”已损坏：XML 第\(xml.line)行第\(xml.column)列无法解析", cause: xml.description)
        }
        if let zip = error as? ZipError {
            switch zip.reason {
            case .entryTooLarge, .archiveTooLarge, .ratioTooHigh:
                return KaowuError(.fileTooLarge, "文件“\(fileName)”解压后过大或压缩比异常，已拒绝", cause: zip.description)
            case .encrypted:
                return KaowuError(.fileEncrypted, "文件“\(fileName)”已加密，请取消密码后再导入", cause: zip.description)
            default:
                return KaowuError(.fileDamaged, "文件“\(fileName)”已损坏，无法读取，请重新保存后再导入", cause: zip.description)
            }
        }
        return KaowuError(.fileDamaged, "文件“\(fileName)”无法读取", cause: String(describing: error))
    }
}
