/// A receivable (pohledávka) the town's economics system expects a citizen to pay, found at the kiosk by
/// its variabilní symbol. Immutable: applying a payment returns the updated value.
public struct Obligation: Hashable, Sendable, Identifiable {
    /// The economics system's identifier for the receivable.
    public let id: String
    public let variableSymbol: VariableSymbol
    /// What is being paid, as shown to the citizen (e.g. "Poplatek ze psa 2026").
    public let description: String
    /// Name shown on screen and receipt; absent when the office does not want it displayed.
    public let payerDisplayName: String?
    public let amountDue: Money
    public let amountPaid: Money
    /// Whether the citizen may pay less than the outstanding amount (Holešov allows partial payments per item).
    public let allowsPartialPayment: Bool
    public let dueDate: DayDate?

    public init(
        id: String, variableSymbol: VariableSymbol, description: String, payerDisplayName: String? = nil,
        amountDue: Money, amountPaid: Money = .zero, allowsPartialPayment: Bool, dueDate: DayDate? = nil
    ) throws(ObligationError) {
        guard !id.isEmpty else { throw .emptyID }
        guard !description.isEmpty else { throw .emptyDescription(id: id) }
        guard amountDue.isPositive else { throw .amountDueNotPositive(id: id, amountDue) }
        guard !amountPaid.isNegative, amountPaid <= amountDue else {
            throw .amountPaidOutOfRange(id: id, paid: amountPaid, due: amountDue)
        }
        self.id = id
        self.variableSymbol = variableSymbol
        self.description = description
        self.payerDisplayName = payerDisplayName
        self.amountDue = amountDue
        self.amountPaid = amountPaid
        self.allowsPartialPayment = allowsPartialPayment
        self.dueDate = dueDate
    }

    /// What is still to be paid; never negative because the initializer keeps `amountPaid ≤ amountDue`.
    public var outstanding: Money { amountDue - amountPaid }

    public var isSettled: Bool { outstanding.isZero }

    /// The obligation after `payment` is credited. Overpayment is refused (change or a refund is the
    /// caller's business, not the receivable's), and so is a partial payment when the item does not allow it.
    public func applying(payment: Money) throws(PaymentApplicationError) -> Obligation {
        guard payment.isPositive else { throw .notPositive(payment) }
        guard !isSettled else { throw .alreadySettled(id: id) }
        guard payment <= outstanding else { throw .exceedsOutstanding(payment: payment, outstanding: outstanding) }
        guard allowsPartialPayment || payment == outstanding else {
            throw .partialPaymentNotAllowed(payment: payment, outstanding: outstanding)
        }
        // Cannot throw: the new paid amount is positive and at most amountDue.
        return Obligation(unchecked: self, amountPaid: amountPaid + payment)
    }

    private init(unchecked base: Obligation, amountPaid: Money) {
        id = base.id
        variableSymbol = base.variableSymbol
        description = base.description
        payerDisplayName = base.payerDisplayName
        amountDue = base.amountDue
        self.amountPaid = amountPaid
        allowsPartialPayment = base.allowsPartialPayment
        dueDate = base.dueDate
    }
}

extension Obligation: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, variableSymbol, description, payerDisplayName, amountDue, amountPaid, allowsPartialPayment, dueDate
    }

    /// Decoding goes through the validating initializer, so a stored or synced record cannot break the invariants.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: c.decode(String.self, forKey: .id),
            variableSymbol: c.decode(VariableSymbol.self, forKey: .variableSymbol),
            description: c.decode(String.self, forKey: .description),
            payerDisplayName: c.decodeIfPresent(String.self, forKey: .payerDisplayName),
            amountDue: c.decode(Money.self, forKey: .amountDue),
            amountPaid: c.decode(Money.self, forKey: .amountPaid),
            allowsPartialPayment: c.decode(Bool.self, forKey: .allowsPartialPayment),
            dueDate: c.decodeIfPresent(DayDate.self, forKey: .dueDate))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(variableSymbol, forKey: .variableSymbol)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(payerDisplayName, forKey: .payerDisplayName)
        try c.encode(amountDue, forKey: .amountDue)
        try c.encode(amountPaid, forKey: .amountPaid)
        try c.encode(allowsPartialPayment, forKey: .allowsPartialPayment)
        try c.encodeIfPresent(dueDate, forKey: .dueDate)
    }
}

/// An obligation record whose fields contradict each other.
public enum ObligationError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyID
    case emptyDescription(id: String)
    case amountDueNotPositive(id: String, Money)
    case amountPaidOutOfRange(id: String, paid: Money, due: Money)

    public var description: String {
        switch self {
        case .emptyID: "expected a non-empty obligation id, found an empty one"
        case .emptyDescription(let id): "obligation \(id): expected a description, found an empty one"
        case .amountDueNotPositive(let id, let due): "obligation \(id): expected a positive amount due, found \(due)"
        case .amountPaidOutOfRange(let id, let paid, let due):
            "obligation \(id): expected an amount paid between 0 and the amount due \(due), found \(paid)"
        }
    }
}

/// Why a payment cannot be credited to an obligation.
public enum PaymentApplicationError: Error, Equatable, Sendable, CustomStringConvertible {
    case notPositive(Money)
    case alreadySettled(id: String)
    case exceedsOutstanding(payment: Money, outstanding: Money)
    case partialPaymentNotAllowed(payment: Money, outstanding: Money)

    public var description: String {
        switch self {
        case .notPositive(let payment): "expected a positive payment, found \(payment)"
        case .alreadySettled(let id): "obligation \(id) is already paid in full; expected no further payment"
        case .exceedsOutstanding(let payment, let outstanding):
            "expected a payment of at most the outstanding \(outstanding), found \(payment)"
        case .partialPaymentNotAllowed(let payment, let outstanding):
            "this item must be paid in full: expected exactly \(outstanding), found \(payment)"
        }
    }
}
