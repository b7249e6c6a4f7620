import Glibc

/// Named places where a test can crash or fail the process on purpose.
///
/// Inert unless `IRONCASHIER_FAILPOINTS` names them, e.g.
/// `IRONCASHIER_FAILPOINTS="journal.append.before_commit@3:kill,engine.dispense.sent:error"`:
/// `name[@N][:kill|:error]` — trigger on the N-th hit (default the first); `kill` (default) sends the
/// process SIGKILL, as a power cut would end it; `error` throws `FailpointError` so fail-closed paths can be tested.
public enum Failpoints {
    public enum Action: String, Sendable { case kill, error }

    struct Spec: Sendable {
        let name: String
        let hit: Int
        let action: Action
    }

    /// Every failpoint the code defines, so the crash test can walk them all.
    public static let journal = ["journal.append.before_commit", "journal.append.after_commit"]

    private static let specs: [Spec] = parse(getenv("IRONCASHIER_FAILPOINTS").map { String(cString: $0) } ?? "")
    private static let counter = HitCounter()

    /// Parses the environment variable's syntax; unknown actions are ignored rather than guessed.
    static func parse(_ text: String) -> [Spec] {
        text.split(separator: ",").compactMap { item in
            let parts = item.split(separator: ":", maxSplits: 1)
            let action = parts.count == 2 ? Action(rawValue: String(parts[1])) : .kill
            guard let action else { return nil }
            let nameAndHit = parts[0].split(separator: "@", maxSplits: 1)
            let hit = nameAndHit.count == 2 ? Int(nameAndHit[1]) ?? 1 : 1
            return Spec(name: String(nameAndHit[0]), hit: max(1, hit), action: action)
        }
    }

    /// Marks a failpoint. Costs one array scan when failpoints are configured, nothing otherwise.
    public static func hit(_ name: String) throws(FailpointError) {
        guard !specs.isEmpty else { return }
        for spec in specs where spec.name == name {
            guard counter.increment(name) == spec.hit else { continue }
            switch spec.action {
            case .kill: kill(getpid(), SIGKILL)
            case .error: throw FailpointError(name: name)
            }
        }
    }
}

public struct FailpointError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public var description: String { "failpoint \(name) triggered" }
}

/// Counts hits per failpoint name; a lock because failpoints may be hit from any thread.
private final class HitCounter: @unchecked Sendable {
    private var counts: [String: Int] = [:]
    private var lock = pthread_mutex_t()

    init() { pthread_mutex_init(&lock, nil) }

    func increment(_ name: String) -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        counts[name, default: 0] += 1
        return counts[name]!
    }
}
