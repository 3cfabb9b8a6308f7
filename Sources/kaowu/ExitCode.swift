/// kaowu's exit statuses, the contract with scripts and the watcher: 0 all rows ok, 3 some rows
/// failed (the rest committed), 1 refused or failed (nothing changed), 2 a usage mistake.
enum ExitCode: Int32 {
    case ok = 0
    case failed = 1
    case usage = 2
    case rowsFailed = 3
}
