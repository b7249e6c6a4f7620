import Engine
import Foundation
import Journal
import SyncProtocol
import TestSupport
import TownCore
import VoucherSigning

/// "Server down through days of kiosk activity" (issue #5): the real kioskd runs under the test-only
/// wall-clock shim (Tests/WallClockShim), its wall clock moved day by day while the town server is down.
extension NemesisScenario {
    static let day: Int64 = 86_400
    static let offlineDays: Int64 = 4
    static let payoutAmount: Int64 = 15_000
    static let payoutPIN = "27182818"

    /// 1. kioskd restarts under the shim at +0 d, pays out a signed voucher; the server dies.
    /// 2. Day after day citizens pay; after the last day kioskd reboots (a power cut) and its voucher list,
    ///    now days old by the wall clock, refuses a payout. The journal's times span the days.
    /// 3. The server returns with a clock days away from the kiosk's: the agent learns the offset, converges,
    ///    the list is fresh and the refused voucher pays out.
    /// 4. kioskd restarts un-shifted, its wall clock days earlier than its last records: it still syncs and pays.
    func serverDownForDays(_ world: NemesisWorld) throws -> Int {
        let direction = Self.dayDirection(now: Date())
        let folder = try TemporaryDirectory()
        let clock = try ShiftedWallClock(offsetFile: folder.path("wall-clock-offset"))
        do {
            let payments = try daysOffline(world, clock: clock, direction: direction)
            try backToRealTime(world, shiftedBy: direction * Self.offlineDays * Self.day)
            return payments + 2
        } catch {
            // Later scenarios need a normal kiosk even when this one failed.
            try? world.server.start()
            try? world.restartKioskd()
            throw error
        }
    }

    private func daysOffline(_ world: NemesisWorld, clock: ShiftedWallClock, direction: Int64) throws -> Int {
        let before = try Self.signedPayoutVoucher("NEMDAYS01")
        let after = try Self.signedPayoutVoucher("NEMDAYS02")
        let file = world.server.directory.path("nemesis-days-vouchers.json")
        try Data(WireJSON.encode(["vouchers": [before, after]])).write(to: URL(fileURLWithPath: file))
        let pushed = try world.server.econSim(["push", file])
        guard pushed.status == 0 else { throw NemesisWorld.Failure("econ-sim push: \(pushed.output)") }

        // 1. Under the shim at +0 d, with both vouchers pulled; a payout works while everything is fine.
        try world.restartKioskd(environment: clock.environment)
        try world.waitUntil("kioskd under the shim with a fresh list", limit: 40) {
            world.syncStatus()?["voucher_list_stale"] as? Bool == false
        }
        try Self.payOut(before.id, world)
        try world.waitForConvergence()
        world.server.kill()

        // 2. Days offline; the reboot comes after the last day (the agent's backoff starts afresh for the return).
        var payments = 0
        for day in 1...Self.offlineDays {
            let offset = direction * day * Self.day
            try clock.move(toOffsetSeconds: offset)
            if day == Self.offlineDays {
                let logBefore = world.kioskd.logText.utf8.count
                try world.restartKioskd(environment: clock.environment, powerCut: true)
                try Self.expectStaleList(world, logFrom: logBefore, voucher: after.id)
            }
            for _ in 0..<2 {
                try world.payOnce()
                try Self.expectLastReceipt(world, shiftedBy: offset)
                payments += 1
            }
        }
        try Self.expectReceiptTimesSpanTheDays(world, direction: direction)
        guard (world.syncStatus()?["unacknowledged_records"] as? Int ?? 0) > 0, world.syncStatus()?["last_error"] is String else {
            throw NemesisWorld.Failure("the agent did not notice the outage: \(world.syncStatus() ?? [:])")
        }

        // 3. The server is back, its clock days away from the kiosk's.
        try world.server.start()
        try world.waitForConvergence(limit: 120)
        let offset = (world.syncStatus()?["clock_offset_seconds"] as? NSNumber)?.int64Value ?? 0
        let expected = -direction * Self.offlineDays * Self.day
        guard abs(offset - expected) < 120 else {
            throw NemesisWorld.Failure("the agent signs with offset \(offset) s, expected about \(expected) s")
        }
        try world.waitUntil("a fresh voucher list after the outage", limit: 60) {
            world.syncStatus()?["voucher_list_stale"] as? Bool == false
        }
        try Self.payOut(after.id, world)
        try world.waitForConvergence()
        return payments
    }

    /// 4. A normal kioskd again: its last records lie days in the future (or past) of its wall clock now.
    private func backToRealTime(_ world: NemesisWorld, shiftedBy offset: Int64) throws {
        let lastShifted = try world.kioskJournal().lastRecord()?.recordedAt ?? 0
        try world.restartKioskd()
        try world.waitUntil("kioskd back on real time with a fresh list", limit: 60) {
            world.syncStatus()?["voucher_list_stale"] as? Bool == false
        }
        try world.payOnce()
        try Self.expectLastReceipt(world, shiftedBy: 0)
        guard let now = try world.kioskJournal().lastRecord()?.recordedAt, (now < lastShifted) == (offset > 0) else {
            throw NemesisWorld.Failure("expected the journal's time to move by about \(-offset) s from \(lastShifted)")
        }
        try world.waitForConvergence()
        let clockOffset = (world.syncStatus()?["clock_offset_seconds"] as? NSNumber)?.int64Value ?? .max
        guard abs(clockOffset) < 120 else { throw NemesisWorld.Failure("un-shifted kioskd signs with offset \(clockOffset) s") }
    }

    /// +1 (forward) unless moving forward would cross New Year in Prague (receipt numbering refuses a year
    /// earlier than the last receipt's, which the return to real time would be); then backward.
    public static func dayDirection(now: Date) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Prague") ?? .gmt
        let year = calendar.component(.year, from: now)
        let later = now.addingTimeInterval(Double((offlineDays + 1) * day))
        return calendar.component(.year, from: later) == year ? 1 : -1
    }

    static func signedPayoutVoucher(_ id: String) throws -> PayoutVoucher {
        try TestApprovers.signedVoucher(id: VoucherID(id), amount: Money(halere: payoutAmount), payeeName: "Jan Novák",
                                        expiry: DayDate(year: 2099, month: 12, day: 31), pin: payoutPIN, boundKiosk: KioskCode("K01"))
    }

    /// Pays `voucher` out through the touchscreen API (retried while the pulled list has not reached the
    /// engine yet); the citizen takes the coins, which must be exactly the voucher's amount.
    static func payOut(_ voucher: VoucherID, _ world: NemesisWorld) throws {
        let before = try world.kioskd.request("GET", "/api/state").json?["last_receipt"] as? String
        var answer = ""
        try world.waitUntil("the payout of \(voucher) to start", limit: 30) {
            let started = try world.kioskd.request("POST", "/api/payouts", json: #"{"voucher": "\#(voucher)", "pin": "\#(payoutPIN)"}"#)
            answer = started.text
            let events = started.json?["events"] as? [[String: Any]] ?? []
            guard started.status == 200, !events.contains(where: { $0["event"] as? String == "notice" }) else {
                _ = try? world.kioskd.request("POST", "/api/acknowledge")
                return false
            }
            return true
        }
        try world.waitUntil("the payout receipt for \(voucher)", limit: 40) {
            let state = try world.kioskd.request("GET", "/api/state").json
            return state?["phase"] as? String == "idle" && (state?["last_receipt"] as? String).map { $0 != before } == true
        }
        _ = try world.kioskd.request("POST", "/api/acknowledge")
        let taken = try world.sim.request("POST", "/take-tray").json?["taken"] as? [String: Int] ?? [:]
        let total = taken.reduce(Int64(0)) { $0 + (Int64($1.key) ?? 0) * Int64($1.value) }
        guard total == payoutAmount else {
            throw NemesisWorld.Failure("payout of \(voucher): the citizen took \(total), expected \(payoutAmount) (\(answer))")
        }
    }

    /// After the reboot days later: the list is stale by the wall clock, in the control status, the log
    /// and at the touchscreen (a `cannotPayOutNow` notice, no PIN check).
    static func expectStaleList(_ world: NemesisWorld, logFrom offset: Int, voucher: VoucherID) throws {
        try world.waitUntil("the rebooted kioskd to report its list stale", limit: 20) {
            world.syncStatus()?["voucher_list_stale"] as? Bool == true
                && String(world.kioskd.logText.utf8.dropFirst(offset))?.contains("voucher list is stale") == true
        }
        let answer = try world.kioskd.request("POST", "/api/payouts", json: #"{"voucher": "\#(voucher)", "pin": "\#(payoutPIN)"}"#).text
        _ = try? world.kioskd.request("POST", "/api/acknowledge")
        guard answer.contains("cannotPayOutNow"), !answer.contains("checkingPIN") else {
            throw NemesisWorld.Failure("a payout with a days-old voucher list was not refused: \(answer)")
        }
    }

    /// The newest receipt was journaled at real time + `offset` (the shim really moved kioskd's clock),
    /// and dated on that shifted day in Prague.
    static func expectLastReceipt(_ world: NemesisWorld, shiftedBy offset: Int64) throws {
        let expected = Int64(Date().timeIntervalSince1970 * 1_000) + offset * 1_000
        let last = try receipts(world).last
        guard let (record, receipt) = last, abs(record.recordedAt - expected) < 60_000 else {
            throw NemesisWorld.Failure("the last receipt was journaled at \(last.map { "\($0.0.recordedAt)" } ?? "none"), "
                                       + "expected real time + \(offset) s = \(expected)")
        }
        let shifted = Date(timeIntervalSince1970: Double(record.recordedAt) / 1_000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Prague") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: shifted)
        guard receipt.day == (try? DayDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)) else {
            throw NemesisWorld.Failure("receipt \(receipt.number) is dated \(receipt.day), expected the shifted day \(parts)")
        }
    }

    /// The outage's payment receipts (the last 2 per day) lie about a day apart from each other.
    static func expectReceiptTimesSpanTheDays(_ world: NemesisWorld, direction: Int64) throws {
        let times = try receipts(world).filter { $0.1.kind == .payment }.suffix(Int(offlineDays) * 2).map(\.0.recordedAt)
        let spanDays = Double((times.last ?? 0) - (times.first ?? 0)) * Double(direction) / 86_400_000
        guard times.count == Int(offlineDays) * 2, abs(spanDays - Double(offlineDays - 1)) < 0.05 else {
            throw NemesisWorld.Failure("the outage's receipts span \(spanDays) days, expected \(offlineDays - 1): \(times)")
        }
    }

    static func receipts(_ world: NemesisWorld) throws -> [(JournalRecord, ReceiptIssued)] {
        var found: [(JournalRecord, ReceiptIssued)] = []
        try world.kioskJournal().forEachRecord { record in
            if case .receiptIssued(let receipt)? = try? EngineRecord(decoding: record) { found.append((record, receipt)) }
        }
        return found
    }
}
