/// One subcommand (`kaowu payments`): its forms and its body.
struct Command: Sendable {
    let name: String
    let forms: [Form]
    let run: @Sendable (Arguments) throws -> ExitCode

    var usage: String { forms.map(\.usage).joined(separator: "\n") }
}

/// One form of a subcommand, selected by its action word (`payments list`, `import rooms`):
/// exactly what it accepts. The parser refuses anything else before the command runs, as
/// swift-argument-parser's `validate()` would: an option another form takes is still a mistake
/// here, so `payments list --by subject` is not silently ignored.
struct Form: Sendable {
    /// The first positional that selects this form; nil when the command has a single form.
    let action: String?
    let usage: String
    /// Names of the positionals after the action word, all required.
    let positionals: [String]
    /// Names of positionals that may follow the required ones.
    let optionalPositionals: [String]
    /// Options that take a value (`--root ROOT` or `--root=ROOT`).
    let options: Set<String>
    /// Switches without a value (`--json`).
    let flags: Set<String>

    init(
        _ action: String?, usage: String, positionals: [String] = [], optional: [String] = [], options: Set<String> = [],
        flags: Set<String> = []
    ) {
        self.action = action
        self.usage = usage
        self.positionals = positionals
        self.optionalPositionals = optional
        self.options = options
        self.flags = flags
    }
}
