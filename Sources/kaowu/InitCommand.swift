import Domain
import Foundation
import Pipeline

/// `kaowu init ROOT`: creates a data root (store, records, photos).
enum InitCommand {
    static let command = Command(
        name: "init", forms: [Form(nil, usage: "kaowu init ROOT", positionals: ["ROOT"])],
        run: { arguments in
            let root = try DataRoot.initialize(at: try arguments.positional(0, "ROOT"))
            Output.out("已初始化数据目录：\(root.path)\n")
            return .ok
        })
}
