import Foundation

/// Plays a scenario against a running simulator and kioskd, printing each step; the first failing step
/// ends the run with what differed.
struct ScenarioRunner {
    struct StepFailure: Error, CustomStringConvertible {
        let description: String
    }

    let sim: ScenarioHTTP
    let kioskd: ScenarioHTTP
    let print: @Sendable (String) -> Void
    private static let pollInterval: Duration = .milliseconds(100)

    /// Runs every step; returns nil on PASS, otherwise what differed (already printed as `FAIL: …`).
    func run(_ scenario: Scenario, events: EventStreamReader?) async -> String? {
        print("scenario \(scenario.name): \(scenario.description)")
        var marks: [String: (truth: SimGroundTruth, event: Int)] = [:]
        do {
            marks["start"] = (try await SimGroundTruth.fetch(sim), events?.count ?? 0)
            for step in scenario.steps {
                print("  \(step.label): \(summary(step.action))")
                try await perform(step, events: events, marks: &marks)
            }
        } catch {
            let problem = "\(error)"
            print("scenario \(scenario.name): FAIL: \(problem)")
            return problem
        }
        print("scenario \(scenario.name): PASS")
        return nil
    }

    private func perform(_ step: ScenarioStep, events: EventStreamReader?,
                         marks: inout [String: (truth: SimGroundTruth, event: Int)]) async throws {
        let deadline = ContinuousClock.now + step.timeout
        switch step.action {
        case .call(let api, let method, let path, let body, let status, let retry, let expect):
            let client = api == .sim ? sim : kioskd
            while true {
                let answer = try await client.send(method, path, body: body)
                let statusOK = status.map { $0 == answer.status } ?? (200..<300).contains(answer.status)
                if statusOK {
                    let problems = JSONExpectation.mismatches(expect, in: answer.json ?? .null)
                    guard problems.isEmpty else { throw failure(step, "\(method) \(path) answered: " + problems.joined(separator: "; ")) }
                    return
                }
                guard retry, ContinuousClock.now < deadline else {
                    throw failure(step, "\(method) \(path) answered \(answer.status) (expected \(status.map(String.init) ?? "2xx")): \(answer.text.prefix(300))")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        case .waitState(let expectations), .expectState(let expectations):
            let waits = if case .waitState = step.action { true } else { false }
            var problems: [String] = []
            repeat {
                let state = try await kioskd.json("GET", "/api/state")
                problems = JSONExpectation.mismatches(expectations, in: state)
                if problems.isEmpty { return }
                if waits { try await Task.sleep(for: Self.pollInterval) }
            } while waits && ContinuousClock.now < deadline
            throw failure(step, (waits ? "timed out after \(step.timeout): " : "") + problems.joined(separator: "; "))
        case .expectEvent(let expected):
            guard let events else { throw failure(step, "kioskd's event stream is not reachable") }
            let from = expected.since.flatMap { marks[$0]?.event } ?? marks["start"]?.event ?? 0
            while true {
                let seen = events.events(from: from)
                let found = seen.first { event in
                    event.kind == expected.kind && event.data.object?[expected.name].map {
                        JSONExpectation.mismatches(expected.data, in: $0).isEmpty
                    } == true
                }
                if expected.absent, let found { throw failure(step, "unexpected \(expected.kind) \(found.data)") }
                if !expected.absent, found != nil { return }
                if ContinuousClock.now >= deadline {
                    if expected.absent { return }
                    let names = seen.map { "\($0.kind).\($0.data.object?.keys.sorted().first ?? "?")" }
                    throw failure(step, "no \(expected.kind) \(expected.name) within \(step.timeout); events seen: \(names.joined(separator: ", "))")
                }
                try await Task.sleep(for: Self.pollInterval)
            }
        case .mark(let name):
            marks[name] = (try await SimGroundTruth.fetch(sim), events?.count ?? 0)
        case .expectSim(let expected):
            guard let before = marks[expected.since]?.truth else { throw failure(step, "no mark named \(expected.since)") }
            var problems: [String] = []
            repeat {
                let state = expected.totalsMatchState.isEmpty ? nil : try await kioskd.json("GET", "/api/state")
                problems = try await SimGroundTruth.fetch(sim).mismatches(expected, since: before, kioskdState: state)
                if problems.isEmpty { return }
                try await Task.sleep(for: Self.pollInterval)
            } while ContinuousClock.now < deadline
            throw failure(step, "ground truth since mark \"\(expected.since)\": " + problems.joined(separator: "; "))
        case .pause:
            try await Task.sleep(for: step.timeout)
        }
    }

    private func failure(_ step: ScenarioStep, _ message: String) -> StepFailure {
        StepFailure(description: "\(step.label): \(message)")
    }

    private func summary(_ action: ScenarioAction) -> String {
        switch action {
        case .call(let api, let method, let path, let body, _, _, _):
            return "\(api.rawValue) \(method) \(path)" + (body.map { " \($0)" } ?? "")
        case .waitState(let list): return "wait until " + list.map(\.path).joined(separator: ", ") + " match"
        case .expectState(let list): return "expect " + list.map(\.path).joined(separator: ", ")
        case .expectEvent(let event): return (event.absent ? "expect no " : "expect ") + "\(event.kind) \(event.name)"
        case .mark(let name): return "mark \"\(name)\""
        case .expectSim(let expected): return "expect ground truth since \"\(expected.since)\""
        case .pause: return "pause"
        }
    }
}
