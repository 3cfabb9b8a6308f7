import CFuzzDriver
import Foundation
import FuzzTargets

// kaowu-fuzz TARGET [libFuzzer options and corpus directories]   (built by scripts/fuzz)
// kaowu-fuzz TARGET FILE|DIR …   (ordinary build: replays each file once, e.g. a crasher)
// kaowu-fuzz TARGET --write-seeds DIR   (valid inputs for the corpus)

let usage = "usage: kaowu-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [options] [FILE|DIR …]\n"
// libFuzzer's fork mode starts children with its own options only: they find the target in the
// environment the parent set.
let named = CommandLine.arguments.count >= 2 ? FuzzTarget(rawValue: CommandLine.arguments[1]) : nil
guard let target = named ?? ProcessInfo.processInfo.environment["KAOWU_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:)) else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
setenv("KAOWU_FUZZ_TARGET", target.rawValue, 1)
let options = Array(CommandLine.arguments.dropFirst(named == nil ? 1 : 2))

nonisolated(unsafe) var chosen = target
if kaowu_fuzz_driver_available() != 0 {
    // libFuzzer reads its own options; the target's name is not one of them.
    var arguments = [CommandLine.arguments[0]] + options
    var cStrings = arguments.map { strdup($0) }
    cStrings.append(nil)
    var argc = CInt(arguments.count)
    let status = cStrings.withUnsafeMutableBufferPointer { buffer -> CInt in
        var argv = buffer.baseAddress
        return kaowu_fuzz_run_driver(&argc, &argv) { data, size in
            let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            chosen.run(input)
            return 0
        }
    }
    arguments.removeAll()
    exit(status)
}

if options.count == 2, options[0] == "--write-seeds" {
    let directory = options[1]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (index, seed) in target.seeds.enumerated() {
        try Data(seed).write(to: URL(fileURLWithPath: "\(directory)/seed-\(index)"))
    }
    exit(0)
}

var files: [String] = []
for argument in options {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
        files += names.sorted().map { argument + "/" + $0 }
    } else {
        files.append(argument)
    }
}
for file in files {
    guard let data = FileManager.default.contents(atPath: file) else {
        FileHandle.standardError.write(Data("kaowu-fuzz: cannot read \(file)\n".utf8))
        exit(1)
    }
    target.run(Array(data))
}
print("kaowu-fuzz: \(target.rawValue): \(files.count) input(s) replayed, no crash")
