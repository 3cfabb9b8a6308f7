public import Domain
import Foundation

/// Where a document's template comes from: the data root's `templates/<document>.json` when a
/// school or operator put one there, else kaowu's own `templates/` (beside the built binary's
/// checkout, found from the executable's folder upwards, or from this source file's checkout).
public enum TemplateLibrary {
    public static func path(for document: ExamDocument, root: String?) throws -> String {
        let file = document.rawValue + ".json"
        if let root {
            let own = root + "/templates/" + file
            if FileManager.default.fileExists(atPath: own) { return own }
        }
        guard let builtIn = builtInDirectory else {
            throw KaowuError(.fileMissing, "找不到 kaowu 自带的模板目录 templates/（\(file)）")
        }
        return builtIn + "/" + file
    }

    public static func load(_ document: ExamDocument, root: String?) throws -> DocumentTemplate {
        try DocumentTemplate.load(path: try path(for: document, root: root), document: document)
    }

    /// kaowu's own templates: found once per process.
    static let builtInDirectory: String? = {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("templates"))
            folder.deleteLastPathComponent()
        }
        // Sources/Render/Documents/TemplateLibrary.swift → the checkout's templates/.
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("templates"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tickets.json").path) }?.path
    }()
}
