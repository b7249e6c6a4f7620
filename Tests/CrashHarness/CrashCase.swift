import Foundation
import TestSupport
import TownCore

/// How a case interrupts the scenario.
public enum Interruption: Sendable, CustomStringConvertible {
    /// kioskd runs with `IRONCASHIER_FAILPOINTS=<name>@<hit>:kill` and SIGKILLs itself at that hit.
    case failpoint(String, hit: Int = 1)
    /// kiosk-sim's power cut once the payout tray holds cash (devices slowed so it lands mid-payout), and kioskd
    /// is SIGKILLed with it, as the PC loses power too.
    case powerCutMidPayout

    public var description: String {
        switch self {
        case .failpoint(let name, let hit): hit == 1 ? name : "\(name)@\(hit)"
        case .powerCutMidPayout: "power-cut-mid-payout"
        }
    }
}

public enum CaseResult: Sendable {
    /// The scenario finished without reaching the interruption: it does not apply.
    case notReached
    /// kioskd died at that hit while booting, before the scenario began: try a later hit.
    case diedBeforeScenario
    case checked(mismatches: [String], seconds: Double)
    /// Recovery hung, kioskd did not come back, or driving failed in a way that is not a crash.
    case failed(String)
}

/// Runs one scenario with one interruption against a fresh kiosk-sim and kioskd, restarts, checks the money.
public func runCrashCase(_ scenario: CrashScenario, _ interruption: Interruption) -> CaseResult {
    let started = Date()
    let tracing = ProcessInfo.processInfo.environment["CRASH_TRACE"] != nil
    func trace(_ step: String) {
        if tracing { print(String(format: "  %6.2f s  ", Date().timeIntervalSince(started)) + step) }
    }
    do {
        let sim = try KioskSimProcess()
        try CrashScenario.stock(sim)
        trace("kiosk-sim up")
        let customerBefore = try simTotal(sim, "customer")
        var environment: [String: String] = [:]
        if case .failpoint(let name, let hit) = interruption { environment["IRONCASHIER_FAILPOINTS"] = "\(name)@\(hit):kill" }
        let first = try KioskdProcess(sim: sim, seedJSON: CrashScenario.seedJSON, environment: environment)
        defer { first.kill() }
        let driver = CrashDriver(sim: sim, kioskd: first)
        defer { trace("case done") }
        do {
            try driver.waitForKioskd("in service") { $0["in_service"] as? Bool == true && $0["phase"] as? String == "idle" }
        } catch is CrashDriver.Died {
            return .diedBeforeScenario
        }
        trace("kioskd in service")
        do {
            if case .powerCutMidPayout = interruption { try armPowerCut(sim, kioskd: first) }
            try scenario.drive(driver)
            guard case .powerCutMidPayout = interruption, !first.isRunning else { return .notReached }
        } catch is CrashDriver.Died {
            // The interruption happened: on to the restart.
        }
        first.kill()
        trace("kioskd died")

        let second = try KioskdProcess(restarting: first)
        defer { second.kill() }
        let recovered = CrashDriver(sim: sim, kioskd: second)
        let afterRestart: [String: Any]
        do {
            afterRestart = try recovered.waitForKioskd("recovery to finish") { state in
                let phase = state["phase"] as? String ?? ""
                if state["in_service"] as? Bool == true { return phase == "idle" }
                return phase != "starting" && phase != "recovering" && state["out_of_service_reason"] is String
            }
        } catch {
            return .failed("recovery did not finish: \(error)\n--- kioskd log ---\n\(second.logText.suffix(3_000))")
        }
        trace("recovered")
        try waitForEmptyEscrow(sim)
        trace("escrow empty")
        let handedOut = try simTotal(sim, "payout_tray")
        _ = try sim.request("POST", "/take-tray")
        let customerAfter = try simTotal(sim, "customer")
        _ = second.terminate()
        trace("kioskd stopped")

        let journal = JournalMoney.read(path: second.dataDirectory + "/journal.sqlite")
        // The customer is poorer by what went in minus what came out of the tray.
        let physical = PhysicalMoney(takenIn: Money(halere: handedOut - (customerAfter - customerBefore)),
                                     handedOut: Money(halere: handedOut))
        let status = afterRestart["in_service"] as? Bool == true
            ? "in service" : "out of service: \(afterRestart["out_of_service_reason"] ?? "")"
        return .checked(mismatches: moneyMismatches(journal: journal, physical: physical).map { "\($0) [after restart: \(status)]" },
                        seconds: Date().timeIntervalSince(started))
    } catch {
        return .failed("\(error)")
    }
}

/// Slows the devices and cuts power (and kills kioskd) from a background thread as soon as the tray holds cash.
private func armPowerCut(_ sim: KioskSimProcess, kioskd: KioskdProcess) throws {
    _ = try sim.request("POST", "/fault", json: #"{"device": "nv200", "fault": "delay", "count": 150}"#)
    _ = try sim.request("POST", "/fault", json: #"{"device": "cctalk", "fault": "delay", "count": 150}"#)
    Thread.detachNewThread {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && kioskd.isRunning {
            if let tray = try? simTotal(sim, "payout_tray"), tray > 0 {
                _ = try? sim.request("POST", "/power-cut")
                kioskd.kill()
                _ = try? sim.request("POST", "/fault", json: #"{"device": "nv200", "fault": "delay", "count": 0}"#)
                _ = try? sim.request("POST", "/fault", json: #"{"device": "cctalk", "fault": "delay", "count": 0}"#)
                return
            }
            usleep(10_000)
        }
    }
}

/// A note left in escrow goes back to the customer after the validator's escrow timeout; give it a moment.
private func waitForEmptyEscrow(_ sim: KioskSimProcess) throws {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline, try simTotal(sim, "escrow") != 0 { usleep(100_000) }
}

func simTotal(_ sim: KioskSimProcess, _ location: String) throws -> Int64 {
    let truth = try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]
    guard let totals = truth?["totals"] as? [String: Any] else {
        throw KioskdProcess.Failure(description: "kiosk-sim /state has no ground_truth.totals")
    }
    return (totals[location] as? NSNumber)?.int64Value ?? 0
}
