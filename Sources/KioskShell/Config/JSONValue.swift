import Foundation

/// A parsed JSON document kept as data, so a reader (the config file, an API request body) can walk it,
/// report every problem with its key path, and notice keys it does not know (Codable would silently ignore them).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number that is not an integer (or does not fit Int64), kept as text only to report it.
    case otherNumber(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// How the value reads in an error message: `300`, `"abc"`, `an object`.
    public var found: String {
        switch self {
        case .null: "null"
        case let .bool(value): String(value)
        case let .integer(value): String(value)
        case let .otherNumber(text): text
        case let .string(text): text.count > 80 ? String(text.prefix(80)).debugDescription + "…" : text.debugDescription
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .otherNumber(value.description)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
