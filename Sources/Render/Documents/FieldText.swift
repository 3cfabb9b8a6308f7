import Concurrency
import Domain
public import Foundation

/// A template text: literal parts and `{field}` or `{field:format}` references, parsed once.
/// `{{` and `}}` print a brace.
struct FieldText: Sendable {
    enum Part: Sendable {
        case literal(String)
        case field(name: String, format: String?)
    }

    struct ParseError: Error {
        let reason: String
    }

    let parts: [Part]

    init(_ text: String) throws {
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
            } else if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else { throw ParseError(reason: "“{”没有对应的“}”") }
                let reference = String(text[next..<close])
                let name: String
                var format: String?
                if let colon = reference.firstIndex(of: ":") {
                    name = String(reference[..<colon])
                    format = String(reference[reference.index(after: colon)...])
                } else {
                    name = reference
                }
                guard !name.isEmpty else { throw ParseError(reason: "空的字段 {}") }
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.field(name: name, format: format))
                index = text.index(after: close)
            } else if character == "}" {
                throw ParseError(reason: "多余的“}”（要印“}”请写“}}”）")
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    var fields: [(name: String, format: String?)] {
        parts.compactMap { part in
            if case .field(let name, let format) = part { return (name, format) }
            return nil
        }
    }

    var literals: String {
        parts.map { part in
            if case .literal(let text) = part { return text }
            return ""
        }.joined()
    }

    /// The text with every field filled from `values` (then `parent`'s).
    func resolve(_ values: FieldValues) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .field(let name, let format): text += values.text(name, format: format)
            }
        }
        return text
    }
}

/// The fields a template may name in each place of each document.
enum FieldScope {
    static let plan: Set<String> = ["plan.code", "plan.name", "organization.name", "school.code", "school.name"]
    static let room: Set<String> = plan.union([
        "site.code", "site.name", "site.address", "room.name", "room.address", "room.type", "room.seats", "room.seated",
        "room.proctors", "certificate.code", "certificate.name", "level", "subject.code", "subject.name", "session.start",
        "session.end", "ticket.first", "ticket.last",
    ])
    static let page: Set<String> = ["page.number", "page.count"]
    static let candidate: Set<String> = [
        "candidate.name", "candidate.id", "candidate.maskedId", "candidate.school", "candidate.photo", "ticket.number",
    ]
    static let seat: Set<String> = candidate.union(["seat.number"])
    /// A ticket's rows: each subject the candidate sits, where and when.
    static let subject: Set<String> = [
        "certificate.code", "certificate.name", "level", "subject.code", "subject.name", "session.start", "session.end",
        "site.code", "site.name", "site.address", "room.name", "room.address", "seat.number",
    ]
    /// A certificate's page.
    static let certificate: Set<String> = [
        "certificate.number", "certificate.code", "certificate.name", "level", "candidate.name", "candidate.id", "candidate.photo",
        "organization.name", "school.name", "site.head", "issue.date", "verification.code", "verification.text", "seal", "signature",
    ]
    static let dates: Set<String> = ["session.start", "session.end", "issue.date"]
    static let images: Set<String> = ["candidate.photo", "seal", "signature"]

    /// Fields on the page (and its last-page elements), and in the repeated rows or labels.
    static func scopes(for document: ExamDocument) -> (page: Set<String>, rows: Set<String>?) {
        switch document {
        case .tickets: (plan.union(candidate).union(page), subject)
        case .signin: (room.union(page), seat.union(room))
        case .door: (room.union(page), nil)
        case .desk: (room.union(page), seat.union(room))
        case .certificate: (certificate, nil)
        }
    }
}

/// A picture whose alpha is drawn as a soft mask (a stamp): the colour plane as a JPEG, placed as
/// it is, and the alpha plane (8 bits a pixel), compressed once per document. `key` names it
/// (placed once per document; counted in nightly fingerprints).
public struct TransparentImage: Sendable {
    public let key: String
    public let width, height: Int
    let jpeg: [UInt8]
    let alpha: [UInt8]

    public init(key: String, width: Int, height: Int, jpeg: [UInt8], alpha: [UInt8]) {
        self.key = key
        self.width = width
        self.height = height
        self.jpeg = jpeg
        self.alpha = alpha
    }
}

/// Filled fields of one record (a room, a seat, a candidate), looked up before its parent's.
public final class FieldValues: @unchecked Sendable {
    // @unchecked: built once by the caller, then only read.
    public enum Value: Sendable {
        case text(String)
        case date(Date)
        /// A picture: the file's path (JPEG or PNG).
        case image(String)
        /// A picture with transparency (a stamp), decoded by the caller.
        case transparent(TransparentImage)
    }

    private var values: [String: Value]
    let parent: FieldValues?

    public init(_ values: [String: Value] = [:], parent: FieldValues? = nil) {
        self.values = values
        self.parent = parent
    }

    public subscript(name: String) -> Value? {
        get { values[name] ?? parent?[name] }
        set { values[name] = newValue }
    }

    /// Times print in China's time zone; the default format is `yyyy-MM-dd HH:mm`.
    func text(_ name: String, format: String?) -> String {
        switch self[name] {
        case .text(let text): return text
        case .date(let date): return FieldValues.format(date, format ?? "yyyy-MM-dd HH:mm")
        case .image, .transparent, nil: return ""
        }
    }

    /// The names this record sets itself (not its parent's).
    var ownKeys: [String] { Array(values.keys) }

    func image(_ name: String) -> Value? {
        switch self[name] {
        case .image(let path): .image(path)
        case .transparent(let image): .transparent(image)
        default: nil
        }
    }

    /// The texts this record sets itself (its parent's are the parent's).
    var ownText: [String] {
        values.values.compactMap { value in
            if case .text(let text) = value { return text }
            return nil
        }
    }

    /// Every text this record and its parents print (for messages about a character).
    var allText: [String] { ownText + (parent?.allText ?? []) }

    private static let formatterLock = Monitor()
    /// Pattern → formatter, guarded by `formatterLock` (render threads share it).
    nonisolated(unsafe) private static var formatters: [String: DateFormatter] = [:]
    /// Texts already made: a plan has a few session times, printed on thousands of pages.
    /// Emptied when it grows past `formattedLimit`, so a long-running watcher stays bounded.
    nonisolated(unsafe) private static var formatted: [FormattedKey: String] = [:]
    private static let formattedLimit = 4096

    private struct FormattedKey: Hashable {
        let date: Date
        let pattern: String
    }

    public static func format(_ date: Date, _ pattern: String) -> String {
        formatterLock.withLock {
            let key = FormattedKey(date: date, pattern: pattern)
            if let known = formatted[key] { return known }
            let formatter: DateFormatter
            if let known = formatters[pattern] {
                formatter = known
            } else {
                formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
                formatter.dateFormat = pattern
                formatters[pattern] = formatter
            }
            let text = formatter.string(from: date)
            if formatted.count >= formattedLimit { formatted.removeAll(keepingCapacity: true) }
            formatted[key] = text
            return text
        }
    }
}
