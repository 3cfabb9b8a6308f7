import Domain
import Foundation
import Pipeline

/// kaowu (考务): parses the command line, calls Pipeline, prints, and exits with an `ExitCode`.
func usageText() -> String {
    "用法：\n" + Commands.all.flatMap(\.forms).map { "  " + $0.usage }.joined(separator: "\n") + "\n"
}

func main() -> ExitCode {
    // Raw bytes, not CommandLine.arguments: a GBK file name must not be repaired into U+FFFD.
    var raw = (1..<Int(CommandLine.argc)).map { index -> String in
        guard let pointer = CommandLine.unsafeArgv[index] else { return "" }
        return RawPathArgument.usable(Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))))
    }
    guard let name = raw.first else {
        Output.err(usageText())
        return .usage
    }
    if name == "help" || name == "--help" || name == "-h" {
        Output.out(usageText())
        return .ok
    }
    raw.removeFirst()
    guard let command = Commands.all.first(where: { $0.name == name }) else {
        Output.err("未知命令 \(name)\n" + usageText())
        return .usage
    }
    do {
        switch try Arguments.parse(raw, for: command) {
        case .help(let usage):
            Output.out("用法：\(usage)\n")
            return .ok
        case .run(let arguments):
            return try command.run(arguments)
        }
    } catch let error as UsageError {
        Output.err("\(error.message)\n用法：\(error.usage ?? command.usage)\n")
        return .usage
    } catch {
        let explained = KaowuError.explain(error, code: .failed, message: "操作失败，请查看详细信息")
        Output.err("错误 [\(explained.code)]：\(explained.message)\n" + (explained.cause.map { "  详细信息：\($0)\n" } ?? ""))
        return .failed
    }
}

// The data root holds ID and phone numbers: whatever the caller's umask, everything kaowu
// creates is for its owner only (directories 0700, files 0600).
umask(0o077)
// A file-size limit (ulimit -f) makes a write fail with EFBIG, reported like any other write
// error, instead of killing the process silently with SIGXFSZ.
signal(SIGXFSZ, SIG_IGN)
exit(main().rawValue)
