@testable import Engine
import Journal
import Reports
import TownCore

/// One busy day at kiosk K01 (2026-03-31, CEST) with a payment just before and just after it.
enum ReportScenario {
    static let dogFee = JournalScript.obligationTarget()
    static let signature = JournalScript.feeTarget("OVERENI-PODPISU", "Ověření podpisu")
    static let extract = JournalScript.feeTarget("VYPIS-RT", "Výpis z rejstříku trestů, \"RT\"")

    static func records() -> [JournalRecord] {
        var script = JournalScript()
        let at = JournalScript.at
        // The evening before: a card payment at 23:50 local on 30 March.
        script.payment(1, transaction: 1, target: signature, amount: Money(halere: 3_000), card: Money(halere: 3_000),
                       receipt: 1, at: at(23, 50, "2026-03-30"))
        script.append(type: "cash.refilled", json: #"{"amount":100000,"pieces":{"2000":50},"technician":"novak","unit":"hopper"}"#,
                      at: at(7, 0, "2026-03-31"))
        // 1 234 Kč in cash with a 2 000 Kč note: 766 Kč change from the recycler and four hoppers.
        script.payment(2, transaction: 2, target: dogFee, amount: Money(halere: 123_400), cash: Money(halere: 123_400),
                       notes: [.note2000],
                       change: [(.noteRecycler, Money(halere: 70_000)), (.hopper(.coin50), Money(halere: 5_000)),
                                (.hopper(.coin10), Money(halere: 1_000)), (.hopper(.coin5), Money(halere: 500)),
                                (.hopper(.coin1), Money(halere: 100))],
                       receipt: 2, at: at(8, 15, "2026-03-31"))
        script.payment(3, transaction: 3, target: signature, amount: Money(halere: 3_000), card: Money(halere: 3_000),
                       receipt: 3, at: at(9, 40, "2026-03-31"))
        // 99,60 Kč in cash: 100 Kč charged, +0,40 rounding.
        script.payment(4, transaction: 4, target: extract, amount: Money(halere: 9_960), cash: Money(halere: 10_000),
                       receipt: 4, at: at(10, 5, "2026-03-31"))
        // 500,30 Kč: 200 Kč in cash, 300,30 Kč by card.
        script.payment(5, transaction: 5, target: dogFee, amount: Money(halere: 50_030), cash: Money(halere: 20_000),
                       card: Money(halere: 30_030), receipt: 5, at: at(10, 30, "2026-03-31"))
        // Out of service 12:00–13:00 with a second cause in between, and device faults.
        script.append(.outOfService(KioskOutOfService(cause: .deviceFault, reason: "hopper 50 Kč: empty", reference: nil)),
                      at: at(12, 0, "2026-03-31"))
        script.append(.deviceReport(DeviceReport(device: "hopper 50 Kč", detail: "empty", transaction: nil)), at: at(12, 0, "2026-03-31"))
        script.append(.deviceReport(DeviceReport(device: "printer", detail: "paper low", transaction: nil)), at: at(12, 10, "2026-03-31"))
        script.append(.outOfService(KioskOutOfService(cause: .changeUnavailable, reason: "change below minimum", reference: nil)),
                      at: at(12, 30, "2026-03-31"))
        script.append(.deviceReport(DeviceReport(device: "hopper 50 Kč", detail: "empty", transaction: nil)), at: at(12, 40, "2026-03-31"))
        script.append(.inService(KioskInService(technician: nil)), at: at(13, 0, "2026-03-31"))
        // 50,30 Kč in cash: 50 Kč charged, −0,30 rounding.
        script.payment(6, transaction: 6, target: extract, amount: Money(halere: 5_030), cash: Money(halere: 5_000),
                       receipt: 6, at: at(14, 0, "2026-03-31"))
        // A voucher payout: 1 535,40 Kč settled, 1 535 Kč paid.
        let payout = TransactionID(number: 7)
        script.append(.payoutOutcome(PayoutOutcome(transaction: payout, step: "K01-T000007-v0", requested: Money(halere: 153_500),
                                                   paid: Money(halere: 153_500), result: .complete)), at: at(15, 0, "2026-03-31"))
        script.append(.receiptIssued(ReceiptIssued(
            transaction: payout, number: script.receiptNumber(7), kind: .payout, description: "Výplata poukazu VOUCHER01",
            variableSymbol: nil, amount: Money(halere: 153_540), cash: Money(halere: 153_500), card: .zero,
            rounding: Money(halere: -40), change: .zero, owed: .zero, day: script.day)), at: at(15, 0, "2026-03-31") + 1)
        script.append(.transactionClosed(TransactionClosed(transaction: payout, outcome: .completed, reference: "K01-T000007")),
                      at: at(15, 0, "2026-03-31") + 2)
        // Cancelled with a credited 500 Kč note: the recycler gives it back.
        let cancelled = TransactionID(number: 8)
        script.append(.paymentStarted(PaymentStarted(transaction: cancelled, target: dogFee, amount: Money(halere: 123_400),
                                                     outstanding: Money(halere: 123_400))), at: at(16, 0, "2026-03-31"))
        script.append(.noteCredited(NoteCredited(credit: CashCredited(transaction: cancelled, denomination: .note500, key: "k8",
                                                                      creditedTotal: Money(halere: 50_000)))), at: at(16, 1, "2026-03-31"))
        script.append(.changePlanned(ChangePlanned(transaction: cancelled, purpose: .refund, amount: Money(halere: 50_000),
                                                   plan: ChangePlan(counts: [.note500: 1]),
                                                   steps: [DispenseStep(id: "K01-T000008-r0", device: .noteRecycler, count: 1,
                                                                        amount: Money(halere: 50_000))])), at: at(16, 2, "2026-03-31"))
        script.append(.changeDispensed(ChangeDispensed(transaction: cancelled, step: "K01-T000008-r0", requested: Money(halere: 50_000),
                                                       paid: Money(halere: 50_000), result: .complete)), at: at(16, 3, "2026-03-31"))
        script.append(.transactionClosed(TransactionClosed(transaction: cancelled, outcome: .cancelled, reference: "K01-T000008")),
                      at: at(16, 4, "2026-03-31"))
        // Cancelled with a 20 Kč coin the hoppers could not give back: owed at the cash desk.
        let owed = TransactionID(number: 9)
        script.append(.coinCredited(CoinCredited(credit: CashCredited(transaction: owed, denomination: .coin20, key: "c9",
                                                                      creditedTotal: Money(halere: 2_000)))), at: at(16, 30, "2026-03-31"))
        script.append(.refundOwed(RefundOwed(transaction: owed, amount: Money(halere: 2_000), reason: "hopper empty",
                                             reference: "K01-T000009")), at: at(16, 31, "2026-03-31"))
        script.append(.transactionClosed(TransactionClosed(transaction: owed, outcome: .cancelled, reference: "K01-T000009")),
                      at: at(16, 32, "2026-03-31"))
        script.append(.transactionClosed(TransactionClosed(transaction: TransactionID(number: 10), outcome: .suspect,
                                                           reference: "K01-T000010", detail: "payout outcome unknown")),
                      at: at(17, 0, "2026-03-31"))
        script.append(type: "suspect.resolved",
                      json: #"{"paid":50000,"reason":"counted the tray","technician":"novak","transaction":10}"#,
                      at: at(17, 30, "2026-03-31"))
        script.append(type: "cash.collected", json: """
            {"counted":{"100000":1},"counted_amount":100000,"difference":-100000,"expected":{"200000":1},\
            "expected_amount":200000,"technician":"novak","unit":"cashbox"}
            """, at: at(18, 0, "2026-03-31"))
        // A record type the reports do not read is skipped.
        script.append(type: "sync.acknowledged", json: #"{"through":12}"#, at: at(18, 5, "2026-03-31"))
        // Just after midnight on 1 April.
        script.payment(8, transaction: 11, target: signature, amount: Money(halere: 3_000), card: Money(halere: 3_000),
                       receipt: 8, at: at(0, 5, "2026-04-01"))
        return script.records
    }
}
