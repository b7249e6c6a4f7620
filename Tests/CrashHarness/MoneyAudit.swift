import Engine
import Foundation
import Journal
import TownCore

/// What the journal says about money, read back from kioskd's SQLite journal after it stopped.
public struct JournalMoney: Sendable {
    /// Every note and coin credited (`cash.note_credited`, `cash.coin_credited`).
    public var credited = Money.zero
    /// Every crown journaled as handed out (`change.dispensed` and `payout.outcome`, the device-reported `paid`).
    public var paidOut = Money.zero
    /// Per voucher: its amount and what its payout outcomes paid.
    public var vouchers: [String: (amount: Money, paid: Money, paidSoFar: Money)] = [:]
    public var recordCount: Int64 = 0
    /// Problems with the journal itself: gaps, chain, undecodable records.
    public var problems: [String] = []

    public static func read(path: String, kioskID: String = "K01") -> JournalMoney {
        var money = JournalMoney()
        do {
            let journal = try Journal(path: path, kioskID: kioskID, mode: .readOnly)
            let summary = try journal.verify()
            money.recordCount = summary.recordCount
            var expected: Int64 = 1
            var voucherOfTransaction: [TransactionID: String] = [:]
            try journal.forEachRecord { record in
                if record.sequence != expected {
                    money.problems.append("sequence gap: expected \(expected), found \(record.sequence)")
                }
                expected = record.sequence + 1
                guard let entry = try EngineRecord(decoding: record) else { return }
                money.add(entry, voucherOfTransaction: &voucherOfTransaction)
            }
            if summary.lastSequence != expected - 1 {
                money.problems.append("verify() reports head \(summary.lastSequence), records end at \(expected - 1)")
            }
        } catch {
            money.problems.append("journal check failed: \(error)")
        }
        return money
    }

    mutating func add(_ entry: EngineRecord, voucherOfTransaction: inout [TransactionID: String]) {
        switch entry {
        case .noteCredited(let note): credited += note.credit.denomination.value
        case .coinCredited(let coin): credited += coin.credit.denomination.value
        case .changeDispensed(let step): paidOut += step.paid
        case .payoutIntent(let intent):
            let id = "\(intent.voucher.id)"
            voucherOfTransaction[intent.transaction] = id
            let known = vouchers[id]
            vouchers[id] = (intent.voucher.amount, known?.paid ?? .zero, known?.paidSoFar ?? .zero)
        case .payoutOutcome(let step):
            paidOut += step.paid
            if let id = voucherOfTransaction[step.transaction], let known = vouchers[id] {
                vouchers[id] = (known.amount, known.paid + step.paid, known.paidSoFar)
            }
        case .voucherSettled(let settled):
            let id = "\(settled.voucherID)"
            if let known = vouchers[id] {
                vouchers[id] = (known.amount, known.paid, max(known.paidSoFar, settled.state.paidSoFar))
            }
        default: break
        }
    }
}

/// The simulator's physical ground truth for one case: what left the customer for good, what they took away.
public struct PhysicalMoney: Sendable {
    /// Cash the kiosk physically took in: the customer's loss plus what they took back from the tray.
    public var takenIn: Money
    /// Cash physically handed out: what the citizen took from the payout tray.
    public var handedOut: Money
}

/// Compares journal and ground truth; every line returned is one money mismatch.
public func moneyMismatches(journal: JournalMoney, physical: PhysicalMoney) -> [String] {
    var found: [String] = journal.problems
    if journal.credited != physical.takenIn {
        found.append("credited in journal \(journal.credited) != physically taken in \(physical.takenIn)")
    }
    if journal.paidOut != physical.handedOut {
        found.append("paid out in journal \(journal.paidOut) != physically handed out \(physical.handedOut)")
    }
    for (id, voucher) in journal.vouchers.sorted(by: { $0.key < $1.key }) {
        if voucher.paid > voucher.amount || voucher.paidSoFar > voucher.amount {
            found.append("voucher \(id) paid \(voucher.paid) (paidSoFar \(voucher.paidSoFar)) beyond its amount \(voucher.amount)")
        }
    }
    return found
}
