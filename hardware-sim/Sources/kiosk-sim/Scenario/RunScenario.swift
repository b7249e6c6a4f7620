import ArgumentParser
import Foundation

/// `kiosk-sim run SCENARIO.json`: plays a scripted citizen visit against a running simulator and kioskd.
struct RunScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Play a scenario file against a running kiosk-sim and kioskd; exit 0 on PASS, 1 on FAIL.",
        discussion: "The scenario format is described in hardware-sim/README.md (Checking an installation)."
    )

    @Argument(help: "The scenario file (JSON), e.g. hardware-sim/scenarios/cash-payment-with-change.json.") var scenario: String
    @Option(help: "Base URL of kiosk-sim's control API.") var sim = "http://127.0.0.1:8089"
    @Option(help: "Base URL of kioskd's local API.") var kioskd = "http://127.0.0.1:8080"

    func validate() throws {
        for (name, value) in [("--sim", sim), ("--kioskd", kioskd)] {
            guard let url = URL(string: value), url.scheme == "http", url.host != nil else {
                throw ValidationError("\(name) must be an http:// URL such as http://127.0.0.1:8080, found \(value)")
            }
        }
    }

    func run() async throws {
        let print: @Sendable (String) -> Void = { Console.line($0) }
        let loaded: Scenario
        do {
            loaded = try ScenarioParser.load(path: scenario)
        } catch {
            print("FAIL: \(error)")
            throw ExitCode(1)
        }
        let trimmed = { (text: String) in text.hasSuffix("/") ? String(text.dropLast()) : text }
        guard let kioskdURL = URL(string: kioskd), let host = kioskdURL.host else { throw ExitCode(1) }
        // A scenario that only drives the simulator can run without kioskd; event steps then fail.
        let events = await connectEvents(host: host, port: UInt16(kioskdURL.port ?? 80))
        if events == nil { print("  (kioskd's event stream at \(kioskd)/api/events is not reachable)") }
        defer { events?.stop() }
        // Give the stream a moment to subscribe, so no event of the first step is missed.
        try await Task.sleep(for: .milliseconds(200))
        let runner = ScenarioRunner(sim: ScenarioHTTP(baseURL: trimmed(sim)), kioskd: ScenarioHTTP(baseURL: trimmed(kioskd)), print: print)
        if await runner.run(loaded, events: events) != nil { throw ExitCode(1) }
    }

    /// kioskd may still be starting: keep trying for a few seconds before running without events.
    private func connectEvents(host: String, port: UInt16) async -> EventStreamReader? {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            if let reader = try? EventStreamReader(host: host, port: port) { return reader }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
