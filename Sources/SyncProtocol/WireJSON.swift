import Foundation

/// JSON in and out for the protocol. Decoding failures become `WireDecodingError`s that name the path
/// (`records[3].hash`) and say what was expected, so a 400 answer is actionable.
public enum WireJSON {
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Wire types hold no floats or non-encodable values; a failure here is a programming error.
        return (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(WireDecodingError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw WireDecodingError(error, document: String(describing: T.self))
        } catch {
            throw WireDecodingError(path: "", message: "expected a \(T.self) JSON document, found: \(error)")
        }
    }
}

/// Why a JSON document is not the expected wire type.
public struct WireDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Dotted path to the offending value, e.g. `records[2].hash`; empty for the document itself.
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(_ error: DecodingError, document: String) {
        func render(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = render(context.codingPath)
            self.init(path: parent.isEmpty ? key.stringValue : parent + "." + key.stringValue,
                      message: "expected key \"\(key.stringValue)\", found none")
        case .typeMismatch(let type, let context):
            self.init(path: render(context.codingPath), message: "expected \(Self.jsonName(type)), found another type")
        case .valueNotFound(let type, let context):
            self.init(path: render(context.codingPath), message: "expected \(Self.jsonName(type)), found null")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            let message = context.codingPath.isEmpty && context.debugDescription.contains("JSON")
                ? "expected a \(document) JSON document, found text that is not valid JSON\(underlying)"
                : context.debugDescription
            self.init(path: render(context.codingPath), message: message)
        @unknown default:
            self.init(path: "", message: "expected a \(document) JSON document: \(error)")
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type, is Int32.Type: "an integer"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
