import Foundation

/// A scripted citizen visit: ordered steps against the simulator's control API and kioskd's local API,
/// with expectations on kioskd's state and events and on the simulator's physical ground truth.
/// The file format is documented in hardware-sim/README.md ("Checking an installation").
struct Scenario: Sendable {
    let name: String
    let description: String
    let steps: [ScenarioStep]
}

struct ScenarioStep: Sendable {
    /// 1-based position in the file, for messages.
    let number: Int
    let title: String?
    let action: ScenarioAction
    /// How long a waiting or retrying step may take.
    let timeout: Duration

    var label: String { title.map { "step \(number) (\($0))" } ?? "step \(number)" }
}

enum ScenarioAPI: String, Sendable {
    case sim, kioskd
}

enum ScenarioAction: Sendable {
    /// An HTTP call; `retry` repeats it until the status matches (the validator answers 409 until enabled).
    case call(api: ScenarioAPI, method: String, path: String, body: JSONValue?, status: Int?, retry: Bool,
              expect: [JSONExpectation])
    /// Polls kioskd's `/api/state` until every expectation holds (or the timeout ends the step as failed).
    case waitState([JSONExpectation])
    /// kioskd's `/api/state` must match now.
    case expectState([JSONExpectation])
    /// An event on kioskd's SSE stream since a mark (or the start), e.g. `notice.noteReturned`.
    case expectEvent(EventExpectation)
    /// Remembers the simulator's ground truth and the event count under a name, for later deltas.
    case mark(String)
    /// The simulator's ground truth compared with a mark; polled until it holds or the timeout ends.
    case expectSim(SimExpectation)
    /// Waits a fixed time (e.g. to show that nothing happens).
    case pause
}

struct EventExpectation: Sendable {
    /// `screen` or `notice`.
    let kind: String
    /// The top-level key of the event's data, e.g. `noteReturned`.
    let name: String
    let since: String?
    /// Expectations on the event's data below `name`.
    let data: [JSONExpectation]
    /// When true the event must NOT occur before the timeout.
    let absent: Bool
}

struct SimExpectation: Sendable {
    let since: String
    /// location → change in total value (haléře).
    var totals: [String: Int64] = [:]
    /// location → denomination (haléře) → change in pieces.
    var pieces: [String: [String: Int64]] = [:]
    /// location → total value now (haléře).
    var totalsNow: [String: Int64] = [:]
    /// location → path in kioskd's `/api/state` whose integer must equal the change of that place's total
    /// (what the kiosk says it paid == what physically moved).
    var totalsMatchState: [String: String] = [:]
    var receipts: Int64?
    var receiptContains: [String] = []
    var cardCharges: Int64?
    var cardReversals: Int64?
    var cardNetCharged: Int64?
}

/// A problem in a scenario file; the message names the step and the key.
struct ScenarioFileError: Error, CustomStringConvertible {
    let description: String
}
