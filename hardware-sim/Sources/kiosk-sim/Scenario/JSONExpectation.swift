import Foundation

/// One expectation on a JSON document: the value at a dotted path and what it must be.
///
/// In a scenario file it is a member of an object, `"path": matcher`, where the matcher is a plain JSON
/// value (must be equal) or an object with one of `present` (bool), `not` (value), `contains` (text),
/// `prefix` (text), `at_least` / `at_most` (integer), `one_of` (array of values).
struct JSONExpectation: Sendable {
    enum Matcher: Sendable {
        case equals(JSONValue)
        case present(Bool)
        case not(JSONValue)
        case contains(String)
        case prefix(String)
        case atLeast(Int64)
        case atMost(Int64)
        case oneOf([JSONValue])
    }

    let path: String
    let matcher: Matcher

    static let matcherKeys = ["present", "not", "contains", "prefix", "at_least", "at_most", "one_of"]

    /// Reads `{"path": matcher, …}`; `context` names the step and key for errors.
    static func list(from value: JSONValue, context: String) throws -> [JSONExpectation] {
        guard let members = value.object else {
            throw ScenarioFileError(description: "\(context): expected an object of \"path\": value, found \(value)")
        }
        return try members.keys.sorted().map { path in
            try JSONExpectation(path: path, matcher: matcher(members[path] ?? .null, context: "\(context).\(path)"))
        }
    }

    private static func matcher(_ value: JSONValue, context: String) throws -> Matcher {
        guard let members = value.object else { return .equals(value) }
        guard members.count == 1, let (key, argument) = members.first, matcherKeys.contains(key) else {
            throw ScenarioFileError(description:
                "\(context): expected a value or an object with one of \(matcherKeys.joined(separator: ", ")), found \(value)")
        }
        func text() throws -> String {
            guard let text = argument.string else {
                throw ScenarioFileError(description: "\(context).\(key): expected text, found \(argument)")
            }
            return text
        }
        func integer() throws -> Int64 {
            guard case .integer(let number) = argument else {
                throw ScenarioFileError(description: "\(context).\(key): expected an integer, found \(argument)")
            }
            return number
        }
        switch key {
        case "present":
            guard case .bool(let flag) = argument else {
                throw ScenarioFileError(description: "\(context).present: expected true or false, found \(argument)")
            }
            return .present(flag)
        case "not": return .not(argument)
        case "contains": return .contains(try text())
        case "prefix": return .prefix(try text())
        case "at_least": return .atLeast(try integer())
        case "at_most": return .atMost(try integer())
        default:
            guard case .array(let options) = argument else {
                throw ScenarioFileError(description: "\(context).one_of: expected an array, found \(argument)")
            }
            return .oneOf(options)
        }
    }

    /// nil when the document matches; otherwise what differed.
    func mismatch(in document: JSONValue) -> String? {
        let found = document.at(path)
        let shown = found.map(\.description) ?? "nothing"
        switch matcher {
        case .equals(let expected):
            if found == expected || (expected == .null && found == nil) { return nil }
            return "\(path) is \(shown), expected \(expected)"
        case .present(let wanted):
            let isPresent = found != nil && found != .null
            return isPresent == wanted ? nil : "\(path) is \(shown), expected it \(wanted ? "present" : "absent")"
        case .not(let unwanted):
            return found == unwanted ? "\(path) is \(shown), expected anything else" : nil
        case .contains(let text):
            return found?.description.contains(text) == true ? nil : "\(path) is \(shown), expected it to contain \"\(text)\""
        case .prefix(let text):
            return found?.string?.hasPrefix(text) == true ? nil : "\(path) is \(shown), expected text starting \"\(text)\""
        case .atLeast(let bound):
            if let number = found?.integer, number >= bound { return nil }
            return "\(path) is \(shown), expected at least \(bound)"
        case .atMost(let bound):
            if let number = found?.integer, number <= bound { return nil }
            return "\(path) is \(shown), expected at most \(bound)"
        case .oneOf(let options):
            if let found, options.contains(found) { return nil }
            return "\(path) is \(shown), expected one of \(JSONValue.array(options))"
        }
    }

    static func mismatches(_ expectations: [JSONExpectation], in document: JSONValue) -> [String] {
        expectations.compactMap { $0.mismatch(in: document) }
    }
}
