import Domain

/// A usage mistake: printed with the command's usage, exit status 2.
struct UsageError: Error {
    let message: String
}

/// Parsed command-line arguments: positionals, `--option value` pairs and bare flags, checked
/// against what the command declares.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ raw: [String], options known: Set<String>, flags knownFlags: Set<String>) throws {
        var index = 0
        while index < raw.count {
            let argument = raw[index]
            if argument.hasPrefix("-") && argument.count > 1 {
                var name = argument
                var inline: String?
                if let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    inline = String(argument[argument.index(after: equals)...])
                }
                if knownFlags.contains(name) {
                    flags.insert(name)
                } else if known.contains(name) {
                    if let inline {
                        options[name] = inline
                    } else {
                        index += 1
                        guard index < raw.count else { throw UsageError(message: "选项 \(name) 需要一个值") }
                        options[name] = raw[index]
                    }
                } else {
                    throw UsageError(message: "未知选项 \(name)")
                }
            } else {
                positionals.append(argument)
            }
            index += 1
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

    func integer(_ name: String, default value: Int) throws -> Int {
        guard let text = options[name] else { return value }
        guard let number = Int(text), number >= 0 else { throw UsageError(message: "\(name) 应为非负整数：\(text)") }
        return number
    }
}
