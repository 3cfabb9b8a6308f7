/// The one user-facing error: a stable code the tests assert, a Chinese message the CLI prints.
///
/// File-level refusals (not a workbook, missing column, empty sheet), store failures and usage
/// mistakes all become this type at the boundary where they are understood.
public struct KaowuError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// The lower-level error text, for logs; never shown instead of `message`.
    public let cause: String?

    public init(_ code: String, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "[\(code)] \(message)（\(cause)）" }
        return "[\(code)] \(message)"
    }
}

extension KaowuError {
    /// Wraps any error as a KaowuError, keeping one that already is.
    public static func wrap(_ error: any Error, code: String, message: String) -> KaowuError {
        if let known = error as? KaowuError { return known }
        return KaowuError(code, message, cause: String(describing: error))
    }
}
