/// Why kioskd's config was refused. Every problem names its key path and says what was expected.
public enum KioskConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One invalid value, missing key or unknown key.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// `devices.cctalk.hoppers["9"]`
        public let keyPath: String
        /// `expected a coin value in haléře (100, 200, 500, 1000, 2000, 5000), found 300`
        public let message: String

        public var description: String { "\(keyPath): \(message)" }
    }

    case unreadable(file: String, reason: String)
    case notJSON(reason: String)
    /// All problems found (unknown keys of an object first, then its keys in reading order), so one
    /// attempt lists everything to fix.
    case invalid([Problem])

    public var problems: [Problem] {
        if case let .invalid(problems) = self { return problems }
        return []
    }

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "cannot read the config file \(file): \(reason)"
        case let .notJSON(reason):
            return "expected the config file to be JSON, found a syntax error: \(reason)"
        case let .invalid(problems):
            if problems.count == 1 { return "invalid config: \(problems[0])" }
            return "invalid config, \(problems.count) problems:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
