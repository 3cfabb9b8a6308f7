public import Domain
import Testing

/// The code of the `KaowuError` `body` throws, or nil when it throws none (any other error is
/// recorded as a test issue).
public func kaowuErrorCode(_ body: () throws -> Void) -> KaowuError.Code? {
    do {
        try body()
        return nil
    } catch let error as KaowuError {
        return error.code
    } catch {
        Issue.record("not a KaowuError: \(error)")
        return nil
    }
}

/// The codes of a row's failures, for compact assertions.
public func failureCodes(_ failures: [Failure]) -> [String] { failures.map(\.code.rawValue) }
