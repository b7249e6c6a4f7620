/// Collects every problem found while reading, so one start of kioskd lists them all at once.
final class ConfigProblems {
    private(set) var list: [KioskConfigError.Problem] = []

    func add(_ path: ConfigKeyPath, _ message: String) {
        list.append(.init(keyPath: path.description, message: message))
    }

    func mismatch(_ path: ConfigKeyPath, expected: String, found value: JSONValue) {
        add(path, "expected \(expected), found \(value.found)")
    }
}

/// A conversion from a JSON value, with the wording of what was expected for messages.
struct ConfigValue<T> {
    let expected: String
    /// Nil when the value does not fit; the reader then reports "expected …, found …".
    let convert: (JSONValue) -> T?
}

/// The outcome of looking up an optional key.
enum ConfigField<T> {
    case absent
    /// Present but wrong; the problem is already recorded.
    case invalid
    case present(T)

    /// The value, the default when absent, or nil when invalid.
    func or(_ fallback: T) -> T? {
        switch self {
        case .absent: fallback
        case .invalid: nil
        case let .present(value): value
        }
    }

    /// The value, nil when absent, or `.none` wrapped as failure (outer nil) when invalid.
    var optionalValue: T?? {
        switch self {
        case .absent: .some(nil)
        case .invalid: nil
        case let .present(value): .some(value)
        }
    }
}

/// One JSON object of the config being read: looks up keys, converts values, and reports keys it does
/// not know — a typo must not silently fall back to a default.
struct ConfigObject {
    let path: ConfigKeyPath
    private let fields: [String: JSONValue]
    private let problems: ConfigProblems

    init?(_ value: JSONValue, at path: ConfigKeyPath, knownKeys: [String], problems: ConfigProblems) {
        guard case let .object(fields) = value else {
            problems.mismatch(path, expected: "an object with keys \(knownKeys.joined(separator: ", "))", found: value)
            return nil
        }
        self.path = path
        self.fields = fields
        self.problems = problems
        for key in fields.keys.sorted() where !knownKeys.contains(key) {
            var message = "unknown key; expected one of \(knownKeys.joined(separator: ", "))"
            if let suggestion = Self.closest(to: key, among: knownKeys) { message += " (did you mean \"\(suggestion)\"?)" }
            problems.add(path.appending(key: key), message)
        }
    }

    func required<T>(_ key: String, _ value: ConfigValue<T>) -> T? {
        guard let raw = fields[key] else {
            problems.add(path.appending(key: key), "missing; expected \(value.expected)")
            return nil
        }
        return convert(raw, at: path.appending(key: key), value)
    }

    /// A key that may be left out (or set to null).
    func optional<T>(_ key: String, _ value: ConfigValue<T>) -> ConfigField<T> {
        guard let raw = fields[key], raw != .null else { return .absent }
        return convert(raw, at: path.appending(key: key), value).map { .present($0) } ?? .invalid
    }

    func requiredObject(_ key: String, knownKeys: [String]) -> ConfigObject? {
        guard let raw = fields[key] else {
            problems.add(path.appending(key: key), "missing; expected an object with keys \(knownKeys.joined(separator: ", "))")
            return nil
        }
        return ConfigObject(raw, at: path.appending(key: key), knownKeys: knownKeys, problems: problems)
    }

    func optionalObject(_ key: String, knownKeys: [String]) -> ConfigField<ConfigObject> {
        guard let raw = fields[key], raw != .null else { return .absent }
        return ConfigObject(raw, at: path.appending(key: key), knownKeys: knownKeys, problems: problems)
            .map { .present($0) } ?? .invalid
    }

    /// An object used as a map with free-form keys (hopper address → coin); absent means empty.
    func map<Key: Hashable, Value>(
        _ key: String, keyExpected: String, parseKey: (String) -> Key?, value: ConfigValue<Value>
    ) -> [Key: Value]? {
        guard let raw = fields[key], raw != .null else { return [:] }
        let mapPath = path.appending(key: key)
        guard case let .object(entries) = raw else {
            problems.mismatch(mapPath, expected: "an object mapping \(keyExpected) to \(value.expected)", found: raw)
            return nil
        }
        var result: [Key: Value] = [:]
        var valid = true
        for (entryKey, entryValue) in entries.sorted(by: { $0.key < $1.key }) {
            let entryPath = mapPath.appending(entry: entryKey)
            guard let parsedKey = parseKey(entryKey) else {
                problems.add(entryPath, "expected \(keyExpected) as the key, found \(entryKey.debugDescription)")
                valid = false
                continue
            }
            guard let converted = convert(entryValue, at: entryPath, value) else {
                valid = false
                continue
            }
            result[parsedKey] = converted
        }
        return valid ? result : nil
    }

    /// Records a problem found by a check that spans several keys.
    func report(_ key: String?, _ message: String) {
        problems.add(key.map { path.appending(key: $0) } ?? path, message)
    }

    func has(_ key: String) -> Bool { fields[key].map { $0 != .null } ?? false }

    private func convert<T>(_ raw: JSONValue, at path: ConfigKeyPath, _ value: ConfigValue<T>) -> T? {
        guard let converted = value.convert(raw) else {
            problems.mismatch(path, expected: value.expected, found: raw)
            return nil
        }
        return converted
    }

    /// The known key a typo most likely meant: within edit distance 2, or one is a prefix of the other
    /// (`baudrate` → `baud`); nil unless exactly one candidate is closest.
    static func closest(to key: String, among known: [String]) -> String? {
        let typed = key.lowercased()
        let scored = known.map { ($0, editDistance(Array(typed), Array($0))) }.filter { candidate, distance in
            distance <= 2 || (min(typed.count, candidate.count) >= 3 && (typed.hasPrefix(candidate) || candidate.hasPrefix(typed)))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return scored.filter { $0.1 == best.1 }.count == 1 ? best.0 : nil
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
