@testable import Engine
import Journal
import Reports
import TownCore

/// Builds a chained journal in memory, record by record, at local Prague times on 2026-03-31 (CEST, UTC+2).
struct JournalScript {
    private(set) var records: [JournalRecord] = []
    let kiosk = try! KioskCode("K01")
    let day = try! DayDate(parsing: "2026-03-31")

    /// Milliseconds of `hour:minute` local time on `day` (default 2026-03-31).
    static func at(_ hour: Int, _ minute: Int = 0, day: String = "2026-03-31") -> Int64 {
        PragueTime.startOfDay(try! DayDate(parsing: day)) + Int64(hour * 3_600_000 + minute * 60_000)
    }

    mutating func append(_ record: EngineRecord, at: Int64) {
        append(type: record.type, payload: try! record.payload(), at: at)
    }

    mutating func append(type: String, json: String, at: Int64) {
        append(type: type, payload: Array(json.utf8), at: at)
    }

    mutating func append(type: String, payload: [UInt8], at: Int64) {
        let previous = records.last?.hash ?? JournalRecord.genesisHash
        records.append(.chained(kioskID: "K01", sequence: Int64(records.count + 1), recordedAt: at, type: type,
                                payload: payload, previousHash: previous))
    }

    func receiptNumber(_ sequence: Int) -> ReceiptNumber { try! ReceiptNumber(kiosk: kiosk, year: 2026, sequence: sequence) }

    static func obligationTarget() -> PaymentTarget {
        PaymentTarget(kind: .obligation, id: "OBL-1", variableSymbol: try! VariableSymbol("1341000123"),
                      description: "Poplatek ze psa 2026", allowsPartialPayment: true)
    }

    static func feeTarget(_ code: String, _ description: String) -> PaymentTarget {
        PaymentTarget(kind: .fee, id: code, variableSymbol: nil, description: description, allowsPartialPayment: false)
    }

    /// A finished payment: started, (cash pieces,) change run, receipt, closed.
    mutating func payment(_ number: Int, transaction: Int, target: PaymentTarget, amount: Money, cash: Money = .zero,
                          card: Money = .zero, notes: [Denomination] = [], change: [(DispenseStep.Device, Money)] = [],
                          receipt receiptNumber: Int, at: Int64) {
        let id = TransactionID(number: transaction)
        append(.paymentStarted(PaymentStarted(transaction: id, target: target, amount: amount, outstanding: amount)), at: at)
        var credited = Money.zero
        for (index, note) in notes.enumerated() {
            credited += note.value
            append(.noteCredited(NoteCredited(credit: CashCredited(transaction: id, denomination: note, key: "n\(transaction)-\(index)",
                                                                   creditedTotal: credited))), at: at + 1)
        }
        let changeTotal = change.map(\.1).sum()
        if !change.isEmpty {
            let steps = change.enumerated().map { index, step in
                DispenseStep(id: "K01-\(id)-c\(index)", device: step.0, count: 1, amount: step.1)
            }
            append(.changePlanned(ChangePlanned(transaction: id, purpose: .change, amount: changeTotal, plan: ChangePlan(counts: [:]),
                                                steps: steps)), at: at + 2)
            for step in steps {
                append(.changeDispensed(ChangeDispensed(transaction: id, step: step.id, requested: step.amount, paid: step.amount,
                                                        result: .complete)), at: at + 3)
            }
        }
        let rounding = cash.isZero ? Money.zero : cash + card - amount
        append(.receiptIssued(ReceiptIssued(
            transaction: id, number: self.receiptNumber(receiptNumber), kind: .payment, description: target.description,
            variableSymbol: target.variableSymbol, amount: amount, cash: cash, card: card, rounding: rounding, change: changeTotal,
            owed: .zero, day: day)), at: at + 4)
        append(.transactionClosed(TransactionClosed(transaction: id, outcome: .completed, reference: "K01-\(id)")), at: at + 5)
    }
}
