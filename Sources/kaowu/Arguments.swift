import Domain
import Foundation

/// A usage mistake: printed with the form's usage, exit status 2.
struct UsageError: Error {
    let message: String
    /// The usage to print with it: the form's when it is known, else the command's.
    var usage: String? = nil
}

/// The parsed command line of one form: positionals (the action word first), option values and
/// flags, every one of them declared by the form and every value checked before the command runs.
struct Arguments {
    let form: Form
    private(set) var positionals: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// What the command line asks for: a form's arguments, or its usage (`--help`).
    enum Request {
        case run(Arguments)
        case help(String)
    }

    static func parse(_ raw: [String], for command: Command) throws -> Request {
        guard let form = try form(of: raw, in: command) else { return .help(command.usage) }
        do {
            return try Arguments(raw, form: form, command: command.name).map(Request.run) ?? .help(form.usage)
        } catch var error as UsageError {
            error.usage = form.usage
            throw error
        }
    }

    /// The form the action word selects (nil: only `--help` was asked for).
    private static func form(of raw: [String], in command: Command) throws -> Form? {
        if command.forms.count == 1, command.forms[0].action == nil { return command.forms[0] }
        let valued = command.forms.reduce(into: Set<String>()) { $0.formUnion($1.options) }
        var index = 0
        var action: String?
        while index < raw.count {
            let token = raw[index]
            if isOption(token) {
                if valued.contains(token) { index += 1 }
            } else {
                action = token
                break
            }
            index += 1
        }
        let names = command.forms.compactMap(\.action)
        guard let action else {
            if raw.contains("--help") || raw.contains("-h") { return nil }
            throw UsageError(message: "kaowu \(command.name) 缺少子命令（可用：\(names.joined(separator: ", "))）", usage: command.usage)
        }
        guard let form = command.forms.first(where: { $0.action == action }) else {
            throw UsageError(
                message: "kaowu \(command.name) 没有子命令 \(action)（可用：\(names.joined(separator: ", "))）", usage: command.usage)
        }
        return form
    }

    /// A token in an option's place: `-o`, `--root`, `--root=x`; not `-` alone or a negative number.
    static func isOption(_ token: String) -> Bool {
        token.hasPrefix("-") && token.count > 1 && Double(token) == nil
    }

    /// nil when `--help` is asked for in an option's place.
    private init?(_ raw: [String], form: Form, command: String) throws {
        self.form = form
        let path = "kaowu \(command)" + (form.action.map { " " + $0 } ?? "")
        var index = 0
        while index < raw.count {
            let token = raw[index]
            index += 1
            guard Arguments.isOption(token) else {
                positionals.append(token)
                continue
            }
            if token == "--help" || token == "-h" { return nil }
            var name = token
            var inline: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            }
            if form.flags.contains(name) {
                guard inline == nil else { throw UsageError(message: "开关 \(name) 不带值，请去掉“=\(inline ?? "")”") }
                flags.insert(name)
            } else if form.options.contains(name) {
                guard options[name] == nil else { throw UsageError(message: "选项 \(name) 重复出现") }
                if let inline {
                    options[name] = inline
                } else {
                    guard index < raw.count else { throw UsageError(message: "选项 \(name) 需要一个值") }
                    guard !Arguments.isOption(raw[index]) else {
                        throw UsageError(message: "选项 \(name) 需要一个值，后面却是选项 \(raw[index])")
                    }
                    options[name] = raw[index]
                    index += 1
                }
                if let problem = OptionValue.problem(name, options[name] ?? "") {
                    throw UsageError(message: "选项 \(name) 的值“\(options[name] ?? "")”无效：\(problem)")
                }
            } else {
                throw UsageError(message: "\(path) 不接受选项 \(name)")
            }
        }
        let given = positionals.count - (form.action == nil ? 0 : 1)
        if given > form.positionals.count + form.optionalPositionals.count {
            let extra = positionals.suffix(given - form.positionals.count - form.optionalPositionals.count)
            throw UsageError(message: "\(path) 多余的参数：\(extra.joined(separator: " "))")
        }
        if given < form.positionals.count {
            throw UsageError(message: "\(path) 缺少参数 \(form.positionals[given])")
        }
    }

    func option(_ name: String) -> String? { options[name] }

    func required(_ name: String) throws -> String {
        guard let value = options[name], !value.isEmpty else { throw UsageError(message: "缺少必需的选项 \(name)") }
        return value
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func positional(_ index: Int, _ what: String) throws -> String {
        guard index < positionals.count else { throw UsageError(message: "缺少参数 \(what)") }
        guard !positionals[index].isEmpty else { throw UsageError(message: "参数 \(what) 不能为空") }
        return positionals[index]
    }

    /// `--now`, or the system clock read once here (the only place kaowu reads it).
    func clock() throws -> Clock {
        guard let text = options["--now"] else { return Clock.system() }
        guard let clock = Clock.parse(text) else { throw UsageError(message: "--now 的时间格式无效：\(text)（示例：2026-11-23T10:00:00+08:00）") }
        return clock
    }

    /// For a long-running command (`kaowu watch`): the real time at each call, for what is
    /// about when things happen (leases, waits, the log); `--now` only sets what rows are
    /// judged by (`clock()`).
    func wallClock() -> @Sendable () -> Date { { Date() } }

    func integer(_ name: String, default value: Int) throws -> Int {
        guard let text = options[name] else { return value }
        guard let number = Int(text), number >= 0 else { throw UsageError(message: "\(name) 应为非负整数：\(text)") }
        return number
    }
}

/// The values of options that mean the same in every command, checked while parsing, so a
/// malformed value is refused even by a form that would read it late or not at all.
enum OptionValue {
    static func problem(_ name: String, _ value: String) -> String? {
        switch name {
        case "--now":
            return Clock.parse(value) == nil ? "应为带时区的时间，如 2026-11-23T10:00:00+08:00" : nil
        case "--limit", "--candidates", "--seed", "--per-room":
            return Int(value).map { $0 >= 0 } == true ? nil : "应为非负整数"
        case "--bad-ratio":
            return Double(value).map { (0...1).contains($0) } == true ? nil : "应为 0 到 1 之间的小数"
        case "--category":
            return CandidateCategory(label: value) ?? CandidateCategory(rawValue: value) == nil ? "只能是 院校考生 或 社会考生" : nil
        default:
            return nil
        }
    }
}
