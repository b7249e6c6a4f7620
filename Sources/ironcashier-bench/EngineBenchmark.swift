import ArgumentParser
import Foundation
import KioskSimCore

/// kioskd as a process against a kiosk-sim process: a note stacked in the simulator until the touchscreen's
/// stream shows it (journaled first), kioskd's memory after many payments, its idle CPU and its start-up.
/// Baselines in the same run: the validator's poll interval, a bare loopback HTTP round trip, and the
/// simulator's note mechanics (read + stack), which the insert → SSE time includes and software cannot shorten.
struct EngineBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Note → journal → SSE latency, kioskd RSS after N payments, idle CPU, start to ready.")

    @Option(help: "Notes whose insert → SSE latency is measured (one 100 Kč note per payment).") var notes = 1_000
    @Option(help: "Payments run before RSS is read (at least --notes; each is one real note payment).") var transactions = 10_000
    /// Journaled like any other transaction; they bring the count to the issue's 10 000 without 0.9 s of note
    /// mechanics each.
    @Option(help: "Further transactions that choose cash and are cancelled before any note.") var cancelled = 0
    @Option(help: "Seconds of idle to measure kioskd's CPU over.") var idleSeconds = 10
    /// Timers of the last transactions (inactivity 60 s, result screen 20 s) and device work still queued end
    /// within this; memory and idle CPU are read again after it.
    @Option(help: "Seconds to let kioskd settle after the load before reading memory and idle CPU again.") var settleSeconds = 70
    @Option(help: "The kioskd binary to measure (default: the one next to this benchmark; `make bench` passes the shipped build).")
    var kioskd: String?

    static let pollIntervalMs = 200
    /// kiosk-sim's NV200 takes this long from insertion to READ plus from the accepting POLL to CREDIT.
    static let simulatorMechanicsMs: Double = {
        let timings = NV200SimConfiguration()
        return milliseconds(timings.readDuration + timings.stackDuration)
    }()
    static let noteValue = 10_000

    static let seed = """
        {
          "office": {"name": "Město Holešov", "id": "00287172"},
          "fees": [{"code": "BENCH", "nameCs": "Poplatek", "nameEn": "Fee",
                    "pricing": {"kind": "entered", "minimum": 10000, "maximum": 10000000}}],
          "cash_units": [
            {"id": "H1", "denomination": 100, "kind": "hopper", "count": 20},
            {"id": "H2", "denomination": 200, "kind": "hopper", "count": 20},
            {"id": "H5", "denomination": 500, "kind": "hopper", "count": 20},
            {"id": "H10", "denomination": 1000, "kind": "hopper", "count": 20},
            {"id": "H20", "denomination": 2000, "kind": "hopper", "count": 20},
            {"id": "H50", "denomination": 5000, "kind": "hopper", "count": 20}
          ]
        }
        """

    func validate() throws {
        guard notes > 0, transactions >= notes, idleSeconds > 0, cancelled >= 0 else {
            throw ValidationError("expected notes > 0, transactions ≥ notes, cancelled ≥ 0 and idle-seconds > 0")
        }
    }

    func run() throws {
        let sim = try SimulatorProcess.start()
        defer { sim.stop() }
        let simPort = sim.endpoints.controlPort
        try expectOK(LoopbackHTTP.request("POST", port: simPort, "/levels",
                                          json: #"{"location": "hopper", "pieces": {"5000": 20, "2000": 20, "1000": 20, "500": 20, "200": 20, "100": 20}}"#),
                     "set hopper levels")

        let kioskd = try KioskdLauncher(sim: sim, seedJSON: Self.seed, binary: self.kioskd)
        defer { kioskd.stop() }
        let startUp = try kioskd.waitUntilReady()
        let rssAtReady = try kioskd.residentMegabytes()
        let anonymousAtReady = try kioskd.residentMegabytes("RssAnon")

        // Baseline: a request the server answers from memory, over the same raw loopback client.
        var roundTrips: [Double] = []
        for _ in 0..<200 {
            let start = ContinuousClock.now
            try expectOK(LoopbackHTTP.request("GET", port: kioskd.uiPort, "/api/state"), "GET /api/state")
            roundTrips.append(Self.milliseconds(start.duration(to: .now)))
        }

        let stream = try EventStreamListener(port: kioskd.uiPort)
        defer { stream.stop() }
        Thread.sleep(forTimeInterval: 0.3)

        var latencies: [Double] = []
        let runStart = ContinuousClock.now
        for index in 0..<transactions {
            let latency: Double
            do {
                latency = try payWithOneNote(kioskd: kioskd, simPort: simPort, stream: stream)
            } catch {
                throw KioskdLauncher.Failure(description: "payment \(index + 1): \(error)\n--- kioskd log ---\n\(kioskd.logTail)")
            }
            if index < notes { latencies.append(latency) }
            if (index + 1) % 500 == 0 {
                let elapsed = Self.milliseconds(runStart.duration(to: .now)) / 1_000
                FileHandle.standardError.write(Data("engine: \(index + 1)/\(transactions) payments, \(Int(elapsed)) s\n".utf8))
            }
        }
        let runSeconds = Self.milliseconds(runStart.duration(to: .now)) / 1_000
        for index in 0..<cancelled {
            do {
                try startAndCancel(kioskd: kioskd)
            } catch {
                throw KioskdLauncher.Failure(description: "cancelled transaction \(index + 1): \(error)\n--- kioskd log ---\n\(kioskd.logTail)")
            }
        }
        let allTransactions = transactions + cancelled
        let rssAfter = try kioskd.residentMegabytes()
        let anonymousAfter = try kioskd.residentMegabytes("RssAnon")

        // Idle: no payment open, acceptors disabled, drivers polling at their normal rates, the last timers expired.
        Thread.sleep(forTimeInterval: Double(settleSeconds))
        let rssSettled = try kioskd.residentMegabytes()
        let anonymousSettled = try kioskd.residentMegabytes("RssAnon")
        let cpuBefore = try kioskd.cpuSeconds()
        let idleStart = ContinuousClock.now
        Thread.sleep(forTimeInterval: Double(idleSeconds))
        let idleCPU = (try kioskd.cpuSeconds() - cpuBefore) / (Self.milliseconds(idleStart.duration(to: .now)) / 1_000) * 100

        latencies.sort()
        roundTrips.sort()
        print("engine_notes_measured: \(latencies.count)")
        Report.line("engine_note_to_sse_p50_ms", Report.percentile(latencies, 0.5), decimals: 2)
        Report.line("engine_note_to_sse_p99_ms", Report.percentile(latencies, 0.99), decimals: 2)
        Report.line("engine_note_to_sse_max_ms", latencies.last ?? 0, decimals: 2)
        Report.line("engine_sim_note_mechanics_ms", Self.simulatorMechanicsMs, decimals: 0)
        // What is left after the simulated mechanics: driver polls, journal fsyncs, engine, SSE.
        let software = latencies.map { $0 - Self.simulatorMechanicsMs }
        Report.line("engine_note_to_sse_beyond_mechanics_p50_ms", Report.percentile(software, 0.5), decimals: 2)
        Report.line("engine_note_to_sse_beyond_mechanics_p99_ms", Report.percentile(software, 0.99), decimals: 2)
        print("engine_poll_interval_ms: \(Self.pollIntervalMs)")
        Report.line("loopback_http_round_trip_p50_ms", Report.percentile(roundTrips, 0.5), decimals: 3)
        print("engine_transactions: \(allTransactions) (\(transactions) paid with a note, \(cancelled) cancelled)")
        Report.line("engine_payments_per_s", Double(transactions) / runSeconds, decimals: 2)
        Report.line("kioskd_rss_mb_at_ready", rssAtReady, decimals: 1)
        Report.line("kioskd_rss_mb_after_\(allTransactions)_tx", rssAfter, decimals: 1)
        // VmRSS is mostly shared library pages mapped from files; the private (anonymous) part is what grows.
        Report.line("kioskd_rss_anon_mb_at_ready", anonymousAtReady, decimals: 1)
        Report.line("kioskd_rss_anon_mb_after_\(allTransactions)_tx", anonymousAfter, decimals: 1)
        Report.line("kioskd_rss_mb_after_\(allTransactions)_tx_settled_\(settleSeconds)s", rssSettled, decimals: 1)
        Report.line("kioskd_rss_anon_mb_after_\(allTransactions)_tx_settled_\(settleSeconds)s", anonymousSettled, decimals: 1)
        Report.line("kioskd_idle_cpu_percent", idleCPU, decimals: 2)
        Report.line("kioskd_start_to_in_service_ms", Self.milliseconds(startUp.inService), decimals: 0)
        Report.line("kioskd_start_to_ready_ms", Self.milliseconds(startUp.ready), decimals: 0)
    }

    /// Starts a 100 Kč fee payment; the previous payment's receipt may still be on its way, and a busy kiosk
    /// answers without starting, so it tries for up to 5 s.
    private func startFeePayment(kioskd: KioskdLauncher) throws {
        var started = false
        for _ in 0..<250 where !started {
            let answer = try LoopbackHTTP.request("POST", port: kioskd.uiPort, "/api/payments", json: #"{"fee": "BENCH", "amount": \#(Self.noteValue)}"#)
            started = answer.status == 200 && answer.json?["phase"] as? String == "payment.choosingMethod"
            if !started { usleep(20_000) }
        }
        guard started else { throw KioskdLauncher.Failure(description: "expected the payment to start within 5 s, it did not") }
    }

    /// One 100 Kč fee paid with one 100 Kč note; returns ms from the insert-note request to the first
    /// stream frame that shows the note inserted.
    private func payWithOneNote(kioskd: KioskdLauncher, simPort: Int, stream: EventStreamListener) throws -> Double {
        try startFeePayment(kioskd: kioskd)
        let chosen = try LoopbackHTTP.request("POST", port: kioskd.uiPort, "/api/method", json: #"{"cash": true}"#)
        guard chosen.json?["phase"] as? String == "payment.acceptingCash" else {
            throw KioskdLauncher.Failure(description: "expected phase payment.acceptingCash after choosing cash, found \(chosen.text.prefix(300))")
        }

        let mark = stream.mark
        // The enable command reaches the validator within a poll; until then it refuses notes (409).
        var sentAt = ContinuousClock.now
        var inserted = false
        let deadline = ContinuousClock.now + .seconds(5)
        while !inserted && ContinuousClock.now < deadline {
            sentAt = .now
            let answer = try LoopbackHTTP.request("POST", port: simPort, "/insert-note", json: #"{"value": \#(Self.noteValue)}"#)
            inserted = answer.status == 200
            if answer.status != 200 && answer.status != 409 {
                throw KioskdLauncher.Failure(description: "insert-note: expected 200 or 409, found \(answer.status) \(answer.text.prefix(200))")
            }
            if !inserted { usleep(5_000) }
        }
        guard inserted else { throw KioskdLauncher.Failure(description: "the validator refused the note for 5 s") }

        guard let shown = stream.waitFor(after: mark, timeout: .seconds(10), { Self.insertedAmount($0) == Self.noteValue }) else {
            throw KioskdLauncher.Failure(description: "expected a notice/screen with inserted \(Self.noteValue) within 10 s, none came; last frames:\n\(stream.recent(5))")
        }
        guard stream.waitFor(after: mark, timeout: .seconds(20), { $0.name == "screen" && $0.data.contains("\"paymentDone\"") }) != nil else {
            throw KioskdLauncher.Failure(description: "expected the paymentDone screen within 20 s, it did not come")
        }
        return Self.milliseconds(sentAt.duration(to: shown.arrived))
    }

    /// A fee payment that chooses cash and is cancelled with nothing inserted: payment.started, method, closed.
    private func startAndCancel(kioskd: KioskdLauncher) throws {
        try startFeePayment(kioskd: kioskd)
        _ = try LoopbackHTTP.request("POST", port: kioskd.uiPort, "/api/method", json: #"{"cash": true}"#)
        let cancelled = try LoopbackHTTP.request("POST", port: kioskd.uiPort, "/api/cancel")
        guard cancelled.status == 200 else { throw KioskdLauncher.Failure(description: "cancel: expected 200, found \(cancelled.status)") }
    }

    /// `notice {"cashInserted": {"inserted": …}}` or `screen {"insertCash": {"_0": {"inserted": …}}}`.
    static func insertedAmount(_ frame: EventStreamListener.Frame) -> Int? {
        guard frame.name == "notice" || frame.name == "screen",
              let object = try? JSONSerialization.jsonObject(with: Data(frame.data.utf8)) as? [String: Any] else { return nil }
        if let notice = object["cashInserted"] as? [String: Any] { return (notice["inserted"] as? NSNumber)?.intValue }
        if let screen = object["insertCash"] as? [String: Any] {
            let progress = screen["_0"] as? [String: Any] ?? screen
            return (progress["inserted"] as? NSNumber)?.intValue
        }
        return nil
    }

    private func expectOK(_ answer: LoopbackHTTP.Answer, _ what: String) throws {
        guard (200..<300).contains(answer.status) else {
            throw KioskdLauncher.Failure(description: "\(what): expected 2xx, found \(answer.status) \(answer.text.prefix(300))")
        }
    }

    static func milliseconds(_ duration: Duration) -> Double { Report.microseconds(duration) / 1_000 }
}
