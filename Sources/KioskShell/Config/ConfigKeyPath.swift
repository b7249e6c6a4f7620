/// Where a value sits in the config file, printed the way a technician would look for it:
/// `devices.cctalk.hoppers["9"]`.
struct ConfigKeyPath: Sendable, Equatable, CustomStringConvertible {
    enum Component: Sendable, Equatable {
        /// A fixed key of an object: `.devices`.
        case key(String)
        /// A free-form key of a map such as hopper addresses: `["9"]`.
        case entry(String)
    }

    private(set) var components: [Component] = []

    static let root = ConfigKeyPath()

    func appending(key: String) -> ConfigKeyPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    func appending(entry: String) -> ConfigKeyPath {
        var copy = self
        copy.components.append(.entry(entry))
        return copy
    }

    var description: String {
        guard !components.isEmpty else { return "(top level)" }
        var text = ""
        for component in components {
            switch component {
            case let .key(key): text += text.isEmpty ? key : "." + key
            case let .entry(entry): text += "[" + entry.debugDescription + "]"
            }
        }
        return text
    }
}
