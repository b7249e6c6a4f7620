import Devices
import Journal
import Testing
import TownCore
@testable import Engine

/// Fixed data every test starts from: kiosk K01 on 15 March 2026, a stocked recycler and hoppers.
enum Fixture {
    static let kiosk = try! KioskCode("K01")
    static let today = try! DayDate(year: 2026, month: 3, day: 15)
    static let configuration = EngineConfiguration(kiosk: kiosk, officeName: "Město Holešov", officeID: "00287172")

    static func time(_ seconds: Int, today: DayDate = today) -> EngineTime {
        EngineTime(monotonic: .seconds(seconds), today: today)
    }

    static let dogFee = try! Obligation(
        id: "OBL-1", variableSymbol: VariableSymbol("1234567890"), description: "Poplatek ze psa 2026",
        amountDue: Money(crowns: 1234), allowsPartialPayment: true)
    static let wasteFee = try! Obligation(
        id: "OBL-2", variableSymbol: VariableSymbol("555"), description: "Odpady 2026",
        amountDue: Money(halere: 123_440), allowsPartialPayment: false)
    static let fees = try! FeeCatalog([
        FeeItem(code: "OVERENI-PODPISU", nameCs: "Ověření podpisu", nameEn: "Signature", pricing: .fixed(Money(crowns: 30))),
    ])

    static func voucher(_ id: String = "VOUCHER01", amount: Money = Money(crowns: 1500), failedAttempts: Int = 0,
                        expiry: DayDate = try! DayDate(year: 2026, month: 12, day: 31)) -> PayoutVoucher {
        try! PayoutVoucher(
            id: VoucherID(id), amount: amount, payeeName: "Jan Novák", expiry: expiry, boundKiosk: kiosk,
            approvals: [VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: [1]),
                        VoucherApproval(role: .spravceRozpoctu, approverID: "ekonom", signature: [2])],
            pinVerifier: PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 600_000],
                                     salt: [1, 2, 3, 4], derivedKey: Array(repeating: 7, count: 16)),
            failedPinAttempts: failedAttempts, status: .approved)
    }

    /// Recycler 10 × 100/200/500; hoppers 50 of every coin.
    static func cashUnits(notes: [Denomination: Int] = [.note100: 10, .note200: 10, .note500: 10],
                          coins: [Denomination: Int] = Dictionary(uniqueKeysWithValues: Denomination.coins.map { ($0, 50) }))
        -> [CashUnit] {
        notes.map { try! CashUnit(id: "R\($0.key.crowns)", denomination: $0.key, kind: .recycler, initialCount: $0.value) }
            + coins.map { try! CashUnit(id: "H\($0.key.crowns)", denomination: $0.key, kind: .hopper, initialCount: $0.value) }
    }
}

/// Drives an engine by hand and remembers every journaled record, like the shell's journal would.
struct Harness {
    var engine: KioskEngine
    var seconds = 0
    var journal: [EngineRecord] = []
    var today = Fixture.today

    init(engine: KioskEngine) { self.engine = engine }

    /// A ready kiosk paying the dog fee (VS 1234567890) in cash, waiting for notes.
    static func acceptingCash() -> Harness {
        var kiosk = Harness.ready()
        kiosk.citizen(.startPayment(.variableSymbol("1234567890"), amount: nil))
        kiosk.citizen(.chooseMethod(.cash))
        return kiosk
    }

    /// The crashed kiosk's journal replayed into a new engine, booted with the data loaded (devices not yet up).
    static func restarted(from crashed: Harness) throws -> Harness {
        let engine = try KioskEngine.recovering(from: crashed.storedJournal, configuration: Fixture.configuration,
                                                at: Fixture.time(0))
        var kiosk = Harness(engine: engine)
        kiosk.journal = crashed.journal
        kiosk.loadData()
        kiosk.send(.boot)
        return kiosk
    }

    /// A booted kiosk with data loaded and every device ready, in service on the welcome screen.
    static func ready(units: [CashUnit] = Fixture.cashUnits(), vouchers: [PayoutVoucher] = [Fixture.voucher()],
                      configuration: EngineConfiguration = Fixture.configuration) -> Harness {
        var harness = Harness(engine: KioskEngine(configuration: configuration, at: Fixture.time(0)))
        harness.loadData(units: units, vouchers: vouchers)
        harness.send(.boot)
        harness.bringDevicesUp()
        return harness
    }

    mutating func loadData(units: [CashUnit] = Fixture.cashUnits(), vouchers: [PayoutVoucher] = [Fixture.voucher()]) {
        send(.data(.obligations([Fixture.dogFee, Fixture.wasteFee])))
        send(.data(.fees(Fixture.fees)))
        send(.data(.vouchers(vouchers)))
        send(.data(.cashUnits(units)))
    }

    mutating func bringDevicesUp() {
        send(.noteValidator(.ready))
        send(.coinBus(.ready))
        send(.printer(.condition(.ready)))
        send(.cardTerminal(.ready))
    }

    @discardableResult
    mutating func send(_ input: EngineInput) -> [EngineAction] {
        seconds += 1
        let actions = engine.handle(input, at: Fixture.time(seconds, today: today))
        journal += actions.records
        return actions
    }

    @discardableResult
    mutating func citizen(_ command: CitizenCommand) -> [EngineAction] { send(.citizen(command)) }

    /// The journal as the real journal would store it: chained records with sequence numbers.
    var storedJournal: [JournalRecord] {
        var previous = JournalRecord.genesisHash
        var stored: [JournalRecord] = []
        for (index, record) in journal.enumerated() {
            let chained = JournalRecord.chained(kioskID: "K01", sequence: Int64(index + 1), recordedAt: 0, type: record.type,
                                                payload: try! record.payload(), previousHash: previous)
            previous = chained.hash
            stored.append(chained)
        }
        return stored
    }

    /// Sum of every credit journaled.
    var journaledCredits: Money {
        journal.reduce(Money.zero) { total, record in
            switch record {
            case .noteCredited(let note): total + note.credit.denomination.value
            case .coinCredited(let coin): total + coin.credit.denomination.value
            default: total
            }
        }
    }

    /// Sum of cash handed out by change/refund/payout steps.
    func dispensed(_ purpose: CashOutPurpose? = nil) -> Money {
        var purposeOfStep: [String: CashOutPurpose] = [:]
        for case .changePlanned(let planned) in journal {
            for step in planned.steps { purposeOfStep[step.id] = planned.purpose }
        }
        for case .payoutIntent(let intent) in journal {
            for step in intent.steps { purposeOfStep[step.id] = .voucher }
        }
        var total = Money.zero
        for record in journal {
            switch record {
            case .changeDispensed(let out) where purpose == nil || purposeOfStep[out.step] == purpose: total += out.paid
            case .payoutOutcome(let out) where purpose == nil || purpose == .voucher: total += out.paid
            default: break
            }
        }
        return total
    }

    var owed: Money {
        journal.reduce(Money.zero) { total, record in
            if case .refundOwed(let owed) = record { return total + owed.amount }
            return total
        }
    }
}

extension Array where Element == EngineAction {
    var records: [EngineRecord] {
        compactMap { if case .journal(let record) = $0 { record } else { nil } }
    }

    var recordTypes: [String] { records.map(\.type) }

    var noteValidatorCommands: [NoteValidatorCommand] {
        compactMap { if case .noteValidator(let command) = $0 { command } else { nil } }
    }

    var coinCommands: [CoinBusCommand] {
        compactMap { if case .coinBus(let command) = $0 { command } else { nil } }
    }

    var cardCommands: [CardTerminalCommand] {
        compactMap { if case .cardTerminal(let command) = $0 { command } else { nil } }
    }

    var printJobs: [PrintJob] {
        compactMap { if case .printer(.print(let job)) = $0 { job } else { nil } }
    }

    var screens: [UIScreen] {
        compactMap { if case .ui(.screen(let screen)) = $0 { screen } else { nil } }
    }

    var notices: [UINotice] {
        compactMap { if case .ui(.notice(let notice)) = $0 { notice } else { nil } }
    }

    /// Labels without timers and UI, for compact order checks.
    var moneyPath: [String] {
        compactMap { action in
            switch action {
            case .journal(let record): record.type
            case .noteValidator(let command): "nv." + "\(command)".prefix(while: { $0 != "(" })
            case .coinBus(let command): "coin." + "\(command)".prefix(while: { $0 != "(" })
            case .cardTerminal(let command): "card." + "\(command)".prefix(while: { $0 != "(" })
            case .printer: "print"
            case .checkPIN: "checkPIN"
            case .claimVoucher: "claimVoucher"
            case .ui, .startTimer, .cancelTimer: nil
            }
        }
    }
}

/// The first dispense step id of the last plan (change or refund) in `records`.
func plannedSteps(_ records: [EngineRecord]) -> [DispenseStep] {
    for record in records.reversed() {
        if case .changePlanned(let planned) = record { return planned.steps }
        if case .payoutIntent(let intent) = record { return intent.steps }
    }
    return []
}

/// Completes every step of the running run as the devices would, returning all actions.
@discardableResult
func completeSteps(_ steps: [DispenseStep], on harness: inout Harness) -> [EngineAction] {
    var all: [EngineAction] = []
    for step in steps {
        switch step.device {
        case .noteRecycler:
            all += harness.send(.noteValidator(.payoutFinished(payoutID: step.id, paid: step.amount)))
        case .hopper:
            all += harness.send(.coinBus(.dispenseFinished(payoutID: step.id, paid: step.count, unpaid: 0)))
        }
    }
    return all
}
