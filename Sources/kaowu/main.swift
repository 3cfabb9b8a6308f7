import Domain
import Foundation
import Pipeline

/// kaowu (考务): parses the command line, calls Pipeline, prints, and exits with
/// 0 (all rows ok), 3 (some rows failed, the rest committed), 1 (refused or failed), 2 (usage).
func usageText() -> String {
    "用法：\n" + Commands.all.map { "  " + $0.usage }.joined(separator: "\n") + "\n"
}

func main() -> Int32 {
    // Raw bytes, not CommandLine.arguments: a GBK file name must not be repaired into U+FFFD.
    var raw = (1..<Int(CommandLine.argc)).map { index -> String in
        guard let pointer = CommandLine.unsafeArgv[index] else { return "" }
        return RawPathArgument.usable(Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))))
    }
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
    } catch {
        let explained = KaowuError.explain(error, code: .failed, message: "操作失败，请查看详细信息")
        Output.err("错误 [\(explained.code)]：\(explained.message)\n" + (explained.cause.map { "  详细信息：\($0)\n" } ?? ""))
        return 1
    }
}

// The data root holds ID and phone numbers: whatever the caller's umask, everything kaowu
// creates is for its owner only (directories 0700, files 0600).
umask(0o077)
// A file-size limit (ulimit -f) makes a write fail with EFBIG, reported like any other write
// error, instead of killing the process silently with SIGXFSZ.
signal(SIGXFSZ, SIG_IGN)
exit(main())
