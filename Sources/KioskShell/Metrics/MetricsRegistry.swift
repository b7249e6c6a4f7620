import Synchronization

/// Counters and gauges with labels, rendered in the Prometheus text format 0.0.4 for `GET /metrics`.
/// Create each series once at start (fixed labels, bounded cardinality) and keep the handle; updates
/// are a lock and an array write, safe from any thread.
public final class MetricsRegistry: Sendable {
    public enum Kind: String, Sendable {
        case counter, gauge
    }

    struct Family {
        let help: String
        let kind: Kind
        /// Rendered label set (`{a="x"}` or empty) → index into `values`.
        var series: [String: Int] = [:]
    }

    struct State {
        var families: [String: Family] = [:]
        var values: [Int64] = []
        var scrapeHooks: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// A counter series: only goes up (a restart of kioskd starts it from zero, which Prometheus handles).
    public func counter(_ name: String, help: String, labels: [String: String] = [:]) throws(MetricsRegistryError) -> Counter {
        Counter(registry: self, index: try register(name, help: help, kind: .counter, labels: labels))
    }

    /// A gauge series: a level that is set, raised or lowered (cash unit pieces, journal bytes).
    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) throws(MetricsRegistryError) -> Gauge {
        Gauge(registry: self, index: try register(name, help: help, kind: .gauge, labels: labels))
    }

    /// Runs `hook` before each rendering, to sample values that are cheaper to read than to track
    /// (journal file size, for instance).
    public func onScrape(_ hook: @escaping @Sendable () -> Void) {
        state.withLock { $0.scrapeHooks.append(hook) }
    }

    /// The exposition text: families sorted by name, series sorted by labels.
    public func render() -> String {
        let hooks = state.withLock { $0.scrapeHooks }
        for hook in hooks { hook() }  // outside the lock: hooks update gauges
        return state.withLock { state in
            var text = ""
            for (name, family) in state.families.sorted(by: { $0.key < $1.key }) {
                text += "# HELP \(name) \(PrometheusText.escapeHelp(family.help))\n"
                text += "# TYPE \(name) \(family.kind.rawValue)\n"
                for (labels, index) in family.series.sorted(by: { $0.key < $1.key }) {
                    text += "\(name)\(labels) \(state.values[index])\n"
                }
            }
            return text
        }
    }

    func update(_ index: Int, _ change: (inout Int64) -> Void) {
        state.withLock { change(&$0.values[index]) }
    }

    func value(_ index: Int) -> Int64 {
        state.withLock { $0.values[index] }
    }

    private func register(_ name: String, help: String, kind: Kind, labels: [String: String]) throws(MetricsRegistryError) -> Int {
        guard PrometheusText.isValidMetricName(name) else { throw .invalidMetricName(name) }
        for labelName in labels.keys.sorted() where !PrometheusText.isValidLabelName(labelName) {
            throw .invalidLabelName(metric: name, label: labelName)
        }
        let renderedLabels = PrometheusText.labelSet(labels)
        return try state.withLock { (state: inout State) throws(MetricsRegistryError) -> Int in
            var family = state.families[name] ?? Family(help: help, kind: kind)
            guard family.kind == kind else { throw .kindConflict(metric: name, registered: family.kind, requested: kind) }
            guard family.help == help else { throw .helpConflict(metric: name) }
            if let index = family.series[renderedLabels] { return index }  // same series asked for twice
            let index = state.values.count
            state.values.append(0)
            family.series[renderedLabels] = index
            state.families[name] = family
            return index
        }
    }
}

/// A handle on one counter series.
public struct Counter: Sendable {
    let registry: MetricsRegistry
    let index: Int

    /// Adds `amount`; saturates at Int64.max rather than wrapping.
    public func increment(by amount: UInt64 = 1) {
        registry.update(index) { value in
            let (sum, overflow) = value.addingReportingOverflow(Int64(clamping: amount))
            value = overflow ? .max : sum
        }
    }

    public var value: Int64 { registry.value(index) }
}

/// A handle on one gauge series.
public struct Gauge: Sendable {
    let registry: MetricsRegistry
    let index: Int

    public func set(_ newValue: Int64) { registry.update(index) { $0 = newValue } }

    /// Adds `delta` (negative lowers the gauge), saturating at the Int64 bounds.
    public func add(_ delta: Int64) {
        registry.update(index) { value in
            let (sum, overflow) = value.addingReportingOverflow(delta)
            value = overflow ? (delta > 0 ? .max : .min) : sum
        }
    }

    public var value: Int64 { registry.value(index) }
}

public enum MetricsRegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidMetricName(String)
    case invalidLabelName(metric: String, label: String)
    case kindConflict(metric: String, registered: MetricsRegistry.Kind, requested: MetricsRegistry.Kind)
    case helpConflict(metric: String)

    public var description: String {
        switch self {
        case let .invalidMetricName(name):
            return "expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*, found \(name.debugDescription)"
        case let .invalidLabelName(metric, label):
            return "metric \(metric): expected label names matching [a-zA-Z_][a-zA-Z0-9_]* not starting with __, found \(label.debugDescription)"
        case let .kindConflict(metric, registered, requested):
            return "metric \(metric): expected a \(registered) as registered before, found a request for a \(requested)"
        case let .helpConflict(metric):
            return "metric \(metric): expected the same help text as registered before, found a different one"
        }
    }
}
