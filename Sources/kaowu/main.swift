import Domain
import Foundation

/// kaowu (考务): parses the command line, calls Pipeline, prints, and exits with
/// 0 (all rows ok), 3 (some rows failed, the rest committed), 1 (refused or failed), 2 (usage).
func usageText() -> String {
    "用法：\n" + Commands.all.map { "  " + $0.usage }.joined(separator: "\n") + "\n"
}

func main() -> Int32 {
    var raw = Array(CommandLine.arguments.dropFirst())
    guard let name = raw.first, name != "help", name != "--help", name != "-h" else {
        Output.out(usageText())
        return raw.isEmpty ? 2 : 0
    }
    raw.removeFirst()
    guard let command = Commands.all.first(where: { $0.name == name }) else {
        Output.err("未知命令 \(name)\n" + usageText())
        return 2
    }
    if raw.contains("--help") || raw.contains("-h") {
        Output.out("用法：\(command.usage)\n")
        return 0
    }
    do {
        let arguments = try Arguments(raw, options: command.options, flags: command.flags)
        return try command.run(arguments)
    } catch let error as UsageError {
        Output.err("\(error.message)\n用法：\(command.usage)\n")
        return 2
    } catch let error as KaowuError {
        Output.err("错误 [\(error.code)]：\(error.message)\n" + (error.cause.map { "  详细信息：\($0)\n" } ?? ""))
        return 1
    } catch {
        Output.err("错误：\(error)\n")
        return 1
    }
}

exit(main())
