import Engine
import Journal
import TownCore

/// What the economics system needs from a transaction's earlier records when a later one is posted.
struct TransactionFacts: Sendable {
    var target: Posting.Target?
    var voucherID: String?
}

/// Turns one applied journal record into what the server keeps from it. Pure: earlier facts come from `lookup`.
enum PostingDeriver {
    enum Outcome: Sendable {
        case nothing
        /// `payment.started`: remember what the transaction pays.
        case paymentTarget(transaction: Int, Posting.Target)
        /// `payout.intent`: remember which voucher the transaction pays out.
        case payoutVoucher(transaction: Int, voucherID: String)
        case posting(Posting)
    }

    static let cashCollectedType = "cash.collected"
    static let cashRefilledType = "cash.refilled"
    /// The engine records that feed a posting; every other record is stored (its hash is checked) but not decoded.
    static let postedEngineTypes: Set<String> = [
        PaymentStarted.recordType, PayoutIntent.recordType, ReceiptIssued.recordType, RefundOwed.recordType,
    ]

    /// Throws when a record of a known type does not decode (the record is still stored; the caller alerts).
    static func derive(_ record: JournalRecord, lookup: (Int) throws -> TransactionFacts) throws -> Outcome {
        switch record.type {
        case cashCollectedType, cashRefilledType:
            let details = try CanonicalJSON.decode(JSONValue.self, from: record.payload)
            let collected = record.type == cashCollectedType
            let amount = (collected ? details["counted_amount"]?.integerValue : nil) ?? details["amount"]?.integerValue
            guard let amount else { throw DerivationError(message: "\(record.type): expected an integer \(collected ? "counted_amount" : "amount"), found none") }
            var posting = Posting(kiosk: record.kioskID, sequence: record.sequence, recordedAt: record.recordedAt,
                                  kind: collected ? .cashCollected : .cashRefilled, amount: Money(halere: amount))
            posting.details = details
            return .posting(posting)
        default:
            break
        }
        guard postedEngineTypes.contains(record.type), let engineRecord = try EngineRecord(decoding: record) else { return .nothing }
        switch engineRecord {
        case .paymentStarted(let started):
            return .paymentTarget(transaction: started.transaction.number,
                                  Posting.Target(kind: started.target.kind.rawValue, id: started.target.id))
        case .payoutIntent(let intent):
            return .payoutVoucher(transaction: intent.transaction.number, voucherID: intent.voucher.id.value)
        case .receiptIssued(let receipt):
            let facts = try lookup(receipt.transaction.number)
            var posting = Posting(kiosk: record.kioskID, sequence: record.sequence, recordedAt: record.recordedAt,
                                  kind: receipt.kind == .payment ? .payment : .payout, amount: receipt.amount)
            posting.cash = receipt.cash
            posting.card = receipt.card
            posting.rounding = receipt.rounding
            posting.change = receipt.change
            posting.owed = receipt.owed
            posting.receipt = receipt.number.description
            posting.variableSymbol = receipt.variableSymbol?.digits
            posting.description = receipt.description
            posting.day = receipt.day.description
            posting.transaction = receipt.transaction.description
            if receipt.kind == .payment { posting.target = facts.target } else { posting.voucherID = facts.voucherID }
            return .posting(posting)
        case .refundOwed(let owed):
            var posting = Posting(kiosk: record.kioskID, sequence: record.sequence, recordedAt: record.recordedAt,
                                  kind: .refundOwed, amount: owed.amount)
            posting.transaction = owed.transaction.description
            posting.reference = owed.reference
            posting.description = owed.reason
            posting.target = try lookup(owed.transaction.number).target
            return .posting(posting)
        default:
            return .nothing
        }
    }
}

struct DerivationError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
