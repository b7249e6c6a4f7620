import ArgumentParser
import Foundation
import Journal
import TownCore

/// Records one scripted citizen visit through the real domain core and journal, so a newcomer can see
/// what the journal holds before kioskd exists: a 1 234 Kč fee paid with a 2 000 Kč note, change planned
/// from the demo float, a receipt number from the gapless series. Replaced by kioskd's demo later.
struct JournalDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Record a scripted cash payment into the journal.")
    @OptionGroup var options: JournalOptions

    struct PaymentStarted: JournalEntry {
        static let recordType = "demo.payment_started"
        let transaction: String
        let variableSymbol: String
        let due: Money
        let rounding: CashRounding
    }
    struct NoteCredited: JournalEntry {
        static let recordType = "demo.note_credited"
        let transaction: String
        let note: Money
        let credited: Money
    }
    struct ChangePlanned: JournalEntry {
        static let recordType = "demo.change_planned"
        let transaction: String
        let change: Money
        let plan: ChangePlan
    }
    struct PaymentCompleted: JournalEntry {
        static let recordType = "demo.payment_completed"
        let transaction: String
        let receipt: ReceiptNumber
        let paid: Money
    }

    func run() throws {
        let journal = try options.open(writable: true)
        let kiosk = try KioskCode(options.kiosk)
        let visit = (try journal.lastRecord()?.sequence ?? 0) + 1
        let transaction = "\(kiosk)-T\(visit)"
        let due = Money(crowns: 1_234)
        let rounding = CashRounding(cashTotal: due)
        let note = Denomination.note2000.value
        let float: [Denomination: Int] = [.note500: 3, .note200: 5, .note100: 10, .coin50: 10, .coin20: 20, .coin10: 20,
                                          .coin5: 20, .coin2: 20, .coin1: 20]
        let change = note - rounding.rounded
        guard let plan = try ChangePlanner.plan(change, from: float) else {
            throw ValidationError("the demo float cannot give \(change) in change")
        }
        var prague = Calendar(identifier: .gregorian)
        prague.timeZone = TimeZone(identifier: "Europe/Prague") ?? .current
        let receipt = try ReceiptSeries(kiosk: kiosk).next(after: try lastReceipt(in: journal), year: prague.component(.year, from: Date()))

        try journal.append(PaymentStarted(transaction: transaction, variableSymbol: "1341000123", due: due, rounding: rounding))
        try journal.append(NoteCredited(transaction: transaction, note: note, credited: note))
        try journal.append(ChangePlanned(transaction: transaction, change: change, plan: plan))
        try journal.append(PaymentCompleted(transaction: transaction, receipt: receipt, paid: rounding.rounded))

        let pieces = plan.counts.sorted { $0.key > $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        print("recorded visit \(transaction): paid \(rounding.rounded) with a \(note) note; change \(change) as \(pieces); receipt \(receipt)")
    }

    /// The numbering continues from the last receipt this journal issued, gapless.
    private func lastReceipt(in journal: Journal) throws -> ReceiptNumber? {
        var last: ReceiptNumber?
        try journal.forEachRecord { record in
            if let completed = try record.decode(PaymentCompleted.self) { last = completed.receipt }
        }
        return last
    }
}
