import Domain
import Render

/// What `kaowu template check FILE` tells about a template that passed every check.
public struct TemplateCheck: Encodable, Sendable {
    public let name: String
    public let document: String
    public let documentLabel: String
}

public enum DocumentCommands {
    /// Checks a template file alone (its document is named in it), as rendering would.
    public static func checkTemplate(path: String) throws -> TemplateCheck {
        let template = try DocumentTemplate.check(path: path)
        return TemplateCheck(name: template.name, document: template.document.rawValue, documentLabel: template.document.label)
    }
}
