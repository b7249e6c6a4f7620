import DeviceProtocols
import TownCore

/// SMART Payout: the device picks the notes, pays them recycler → tray one at a time, and reports
/// DISPENSING (value so far) in every poll, then DISPENSED or JAMMED with the exact value paid.
extension NV200Simulator {
    func startPayout(_ amount: SSPAmount, mode: SSPPayoutMode) -> SSPResponse {
        guard amount.currency == .czk, amount.value > 0 else { return SSPResponse(status: .parameterOutOfRange) }
        guard enabled, payoutEnabled else { return cannotProcess(0x04) }
        guard payoutRun == nil, case .idle = notePath else { return cannotProcess(0x03) }
        let requested = Money(halere: Int64(amount.value))
        let stock = configuration.notes.map { ($0, world.count($0, at: .recycler)) }
        let available = stock.reduce(Money.zero) { $0 + $1.0.value * Int64($1.1) }
        guard available >= requested else { return cannotProcess(0x01) }
        guard let plan = Self.plan(requested, from: stock) else { return cannotProcess(0x02) }
        if mode == .real {
            payoutRun = PayoutRun(requested: requested, plan: plan, nextNoteAt: now + configuration.dispenseInterval)
        }
        return SSPResponse(status: .ok)
    }

    func advancePayout() {
        while var run = payoutRun, now >= run.nextNoteAt {
            if let limit = payoutPowerCutAfterNotes, run.notesPaid >= limit {
                // The power fails between two notes: exactly `limit` notes are in the tray.
                payoutPowerCutAfterNotes = nil
                powerCycle()
                return
            }
            if let limit = payoutJamAfterNotes, run.notesPaid >= limit {
                payoutJamAfterNotes = nil
                payoutRun = nil
                events.append(.jammed([.czk(UInt32(clamping: run.paid.halere))]))
                return
            }
            guard let note = run.plan.first, (try? world.move(1, note, from: .recycler, to: .payoutTray)) != nil else {
                // The stock changed under the payout (a technician emptied it): stop with what was paid.
                payoutRun = nil
                events.append(.jammed([.czk(UInt32(clamping: run.paid.halere))]))
                return
            }
            run.plan.removeFirst()
            run.paid += note.value
            run.notesPaid += 1
            if run.plan.isEmpty {
                payoutRun = nil
                events.append(.dispensed([.czk(UInt32(clamping: run.paid.halere))]))
                return
            }
            run.nextNoteAt += configuration.dispenseInterval
            payoutRun = run
        }
    }

    /// Moves the whole recycler to the cashbox.
    func emptyRecycler(smart: Bool) {
        var moved = Money.zero
        for note in configuration.notes {
            let count = world.count(note, at: .recycler)
            guard count > 0, (try? world.move(count, note, from: .recycler, to: .cashbox)) != nil else { continue }
            moved += note.value * Int64(count)
        }
        let value = SSPAmount.czk(UInt32(clamping: moved.halere))
        if smart {
            events.append(.smartEmptying([value]))
            events.append(.smartEmptied([value]))
        } else {
            events.append(.emptying)
            events.append(.emptied)
        }
    }

    /// Notes for `amount`, largest first, searching smaller combinations when the greedy choice fails
    /// (600 Kč from 500 + 3 × 200 is 3 × 200). Nil when no exact combination exists.
    static func plan(_ amount: Money, from stock: [(Denomination, Int)]) -> [Denomination]? {
        let sorted = stock.filter { $0.1 > 0 }.sorted { $0.0 > $1.0 }
        var budget = 100_000
        func search(_ index: Int, _ remaining: Int64) -> [Denomination]? {
            if remaining == 0 { return [] }
            guard index < sorted.count, budget > 0 else { return nil }
            budget -= 1
            let (note, available) = sorted[index]
            var count = min(Int64(available), remaining / note.value.halere)
            while count >= 0 {
                if let rest = search(index + 1, remaining - count * note.value.halere) {
                    return Array(repeating: note, count: Int(count)) + rest
                }
                count -= 1
            }
            return nil
        }
        return search(0, amount.halere)
    }
}
