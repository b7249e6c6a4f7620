import Devices
import Testing
import TownCore
@testable import Engine

/// Random device-event sequences against the engine, checking the money invariants after every input.
@Suite("Engine properties (P1, P3)")
struct EnginePropertyTests {
    /// The dispense command the engine sent last and that has no outcome yet.
    enum PendingStep {
        case notes(id: String, amount: Money)
        case coins(id: String, count: Int)
    }

    struct Ledger {
        var credited: Money = .zero
        var cashDue: Money = .zero
        var change: Money = .zero
        var refund: Money = .zero
        var owed: Money = .zero
    }

    /// Per-transaction sums read back from the journal alone.
    static func ledgers(_ journal: [EngineRecord]) -> [TransactionID: Ledger] {
        var ledgers: [TransactionID: Ledger] = [:]
        var purposeOfStep: [String: CashOutPurpose] = [:]
        for record in journal {
            switch record {
            case .noteCredited(let r): ledgers[r.credit.transaction, default: Ledger()].credited += r.credit.denomination.value
            case .coinCredited(let r): ledgers[r.credit.transaction, default: Ledger()].credited += r.credit.denomination.value
            case .methodChosen(let r): ledgers[r.transaction, default: Ledger()].cashDue = r.cashDue
            case .changePlanned(let r): for step in r.steps { purposeOfStep[step.id] = r.purpose }
            case .changeDispensed(let r):
                if purposeOfStep[r.step] == .change {
                    ledgers[r.transaction, default: Ledger()].change += r.paid
                } else {
                    ledgers[r.transaction, default: Ledger()].refund += r.paid
                }
            case .refundOwed(let r): ledgers[r.transaction, default: Ledger()].owed += r.amount
            default: break
            }
        }
        return ledgers
    }

    @Test("credited total equals journaled credits; change never exceeds overpayment; money is conserved, also after a crash",
          arguments: 0..<150)
    func randomDeviceEvents(seed: Int) throws {
        var random = SeededRandomNumberGenerator(seed: UInt64(seed) &* 0x9E37_79B9 &+ 1)
        let units = Fixture.cashUnits(notes: [.note100: Int.random(in: 0...4, using: &random),
                                              .note200: Int.random(in: 0...3, using: &random),
                                              .note500: Int.random(in: 0...2, using: &random)],
                                      coins: Dictionary(uniqueKeysWithValues: Denomination.coins.map {
                                          ($0, Int.random(in: 0...6, using: &random)) }))
        var kiosk = Harness.ready(units: units)
        var pending: PendingStep?
        var firstPieceOfKey: [String: Denomination] = [:]

        for _ in 0..<120 {
            let note = Denomination.notes.randomElement(using: &random) ?? .note100
            let coin = Denomination.coins.randomElement(using: &random) ?? .coin1
            let key = UInt64.random(in: 1...40, using: &random)
            let roll = Int.random(in: 0..<100, using: &random)
            let input: EngineInput
            switch (kiosk.engine.status.phase, roll) {
            case ("idle", 0..<50) where !kiosk.engine.status.inService:
                input = .technician(.putInService(technician: "tech"))
            case ("idle", 0..<70):
                input = .citizen(.startPayment(.variableSymbol(Bool.random(using: &random) ? "555" : "1234567890"), amount: nil))
            case ("payment.choosingMethod", 0..<80):
                input = .citizen(.chooseMethod(.cash))
            case (_, 0..<30) where pending != nil:
                input = pending.map { Self.outcome(for: $0, using: &random) } ?? .boot
                pending = nil
            case (_, 30..<50):
                input = .noteValidator(.noteEscrowed(note))
            case (_, 50..<70):
                // Usually the note just escrowed; sometimes another one, sometimes a repeated key.
                firstPieceOfKey["note:\(key)"] = firstPieceOfKey["note:\(key)"] ?? note
                input = .noteValidator(.noteCredited(note, NoteCreditKey(session: 1, sequence: key)))
            case (_, 70..<75):
                input = .noteValidator(.noteReturned(note))
            case (_, 75..<90):
                firstPieceOfKey["coin:\(key)"] = firstPieceOfKey["coin:\(key)"] ?? coin
                input = .coinBus(.coinCredited(coin, eventKey: CoinEventKey(epoch: 0, counter: UInt8(key))))
            case (_, 90..<94):
                input = .citizen(.cancel)
            case (_, 94..<97):
                input = .citizen(.finishWithInserted)
            default:
                input = .citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
            }
            let actions = kiosk.send(input)
            for action in actions {
                if case .noteValidator(.payout(let id, let amount)) = action { pending = .notes(id: id, amount: amount) }
                if case .coinBus(.dispense(let id, _, let count)) = action { pending = .coins(id: id, count: count) }
            }
            try checkInvariants(kiosk, firstPieceOfKey: firstPieceOfKey)
        }
        // Crash here, restart from the journal: nothing stays unfinished and the sums still hold.
        let engine = try KioskEngine.recovering(from: kiosk.storedJournal, configuration: Fixture.configuration,
                                                at: Fixture.time(0))
        var restarted = Harness(engine: engine)
        restarted.journal = kiosk.journal
        restarted.loadData(units: units)
        restarted.send(.boot)
        restarted.bringDevicesUp()
        restarted.send(.timerFired(TimerID(kind: .recoveryDeadline, generation: 1)))
        var replay = JournalReplay()
        for record in restarted.storedJournal { try replay.apply(record) }
        #expect(replay.unfinishedTransactions.isEmpty)
        try checkInvariants(restarted, firstPieceOfKey: firstPieceOfKey)
    }

    static func outcome(for step: PendingStep, using random: inout SeededRandomNumberGenerator) -> EngineInput {
        switch step {
        case .notes(let id, let amount):
            let paid = Money(crowns: Int64.random(in: 0...amount.wholeCrowns, using: &random) / 100 * 100)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return .noteValidator(.payoutInterrupted(payoutID: id, paid: paid, requested: amount, reason: .jammed))
            case 1: return .noteValidator(.payoutRefused(payoutID: id, reason: .cannotPayExactAmount))
            case 2: return .noteValidator(.payoutOutcomeUnknown(payoutID: id, knownPaid: paid))
            default: return .noteValidator(.payoutFinished(payoutID: id, paid: amount))
            }
        case .coins(let id, let count):
            let paid = Int.random(in: 0...count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return .coinBus(.dispenseInterrupted(payoutID: id, paid: paid, unpaid: count - paid, reason: .hopperEmpty))
            case 1: return .coinBus(.dispenseRefused(payoutID: id, reason: .hopperBusy))
            case 2: return .coinBus(.dispenseOutcomeUnknown(payoutID: id, knownPaid: paid))
            default: return .coinBus(.dispenseFinished(payoutID: id, paid: count, unpaid: 0))
            }
        }
    }

    func checkInvariants(_ kiosk: Harness, firstPieceOfKey: [String: Denomination]) throws {
        // P3: each device credit counted once, whatever was repeated.
        let truth = firstPieceOfKey.values.reduce(Money.zero) { $0 + $1.value }
        #expect(kiosk.journaledCredits == truth)
        let ledgers = Self.ledgers(kiosk.journal)
        if let open = kiosk.engine.status.transaction, let credited = kiosk.engine.status.credited {
            #expect(credited == ledgers[open, default: Ledger()].credited)
        }
        var outcomes: [TransactionID: TransactionClosed.Outcome] = [:]
        for case .transactionClosed(let closed) in kiosk.journal { outcomes[closed.transaction] = closed.outcome }
        for (transaction, ledger) in ledgers {
            #expect(ledger.change <= max(.zero, ledger.credited - ledger.cashDue), "change beyond overpayment in \(transaction)")
            #expect(ledger.change + ledger.refund <= ledger.credited, "more handed back than taken in \(transaction)")
            switch outcomes[transaction] {
            case .completed:
                #expect(ledger.credited == ledger.cashDue + ledger.change + ledger.owed, "completed \(transaction) loses money")
            case .cancelled, .abandoned:
                #expect(ledger.credited == ledger.change + ledger.refund + ledger.owed, "cancelled \(transaction) loses money")
            case .partiallyCompleted, .suspect, nil:
                break
            }
        }
    }
}
