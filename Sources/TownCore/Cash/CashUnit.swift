/// One logical cash unit — one denomination in one physical container — with persistent XFS-style counters.
///
/// The ledger always satisfies `initialCount + inCounts.total − outCounts.total == count`
/// (XFS4IoT derives the total exactly this way). `count` is stored as well as derived so that
/// `isConsistent` can catch a corrupted record. Every operation either applies completely or throws
/// and leaves the unit untouched; no operation can drive a counter below zero.
/// A mixed physical cashbox is modelled as one logical unit per denomination.
public struct CashUnit: Hashable, Sendable {
    /// What the physical unit is for.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Note recycler: accepts and pays out one denomination.
        case recycler
        /// Coin hopper: pays out (and may be refilled with) one coin.
        case hopper
        /// Note cashbox: accept-only.
        case cashbox
        /// Coin cashbox (overflow box): accept-only.
        case coinCashbox
    }

    /// Whether the device vouches for `count` (XFS "count accuracy").
    public enum Accuracy: String, Hashable, Sendable, Codable {
        case accurate
        /// A jam, picking fault or similar may have made the count wrong.
        case inaccurate
        /// The device cannot tell.
        case unknown
    }

    public let id: String
    public let denomination: Denomination
    public let kind: Kind
    /// Contents at the last exchange (replenishment).
    public private(set) var initialCount: Int
    public private(set) var inCounts: CashUnitInCounts
    public private(set) var outCounts: CashUnitOutCounts
    /// Items in the unit now.
    public private(set) var count: Int
    public private(set) var accuracy: Accuracy

    /// A freshly exchanged unit holding `initialCount` items, all other counters zero.
    public init(id: String, denomination: Denomination, kind: Kind, initialCount: Int) throws(CashUnitError) {
        guard initialCount >= 0 else { throw .negativeQuantity(unit: id, found: initialCount) }
        self.id = id
        self.denomination = denomination
        self.kind = kind
        self.initialCount = initialCount
        self.inCounts = CashUnitInCounts()
        self.outCounts = CashUnitOutCounts()
        self.count = initialCount
        self.accuracy = .accurate
    }

    /// Value of the items in the unit now.
    public var value: Money { denomination.value * Int64(count) }

    /// True when no counter is negative and the ledger equation holds without overflow.
    public var isConsistent: Bool {
        let outBuckets = outCounts.buckets
        guard initialCount >= 0, count >= 0, inCounts.buckets.allSatisfy({ $0 >= 0 }),
              outBuckets.allSatisfy({ $0 >= 0 }), let gross = CashUnit.checkedSum([initialCount] + inCounts.buckets)
        else { return false }
        // Subtracting non-negative values from a non-negative total cannot overflow.
        return outBuckets.reduce(gross, -) == count
    }

    /// Sum of non-negative values, or nil on overflow.
    static func checkedSum(_ values: [Int]) -> Int? {
        var total = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    // MARK: Items coming in

    /// `n` items accepted into the unit.
    public mutating func deposit(_ n: Int) throws(CashUnitError) { try receive(n, into: \.deposited) }

    /// `n` presented-but-not-taken items pulled back into this unit.
    public mutating func retract(_ n: Int) throws(CashUnitError) { try receive(n, into: \.retracted) }

    /// `n` rejected items diverted into this unit (it acts as the reject area).
    public mutating func receiveRejected(_ n: Int) throws(CashUnitError) { try receive(n, into: \.rejected) }

    /// Adds `n` to one in-bucket and to the count together, or changes nothing.
    private mutating func receive(_ n: Int, into bucket: WritableKeyPath<CashUnitInCounts, Int>) throws(CashUnitError) {
        try requireRoomForIncoming(n)
        let newIn = try adding(n, to: inCounts[keyPath: bucket])
        let newCount = try adding(n, to: count)
        inCounts[keyPath: bucket] = newIn
        count = newCount
    }

    // MARK: Items going out

    /// `n` items leave the unit; their outcome stays open in `outCounts.dispensed` until resolved.
    public mutating func dispense(_ n: Int) throws(CashUnitError) {
        try requireNonNegative(n)
        guard n <= count else { throw .insufficientCount(unit: id, requested: n, available: count) }
        let newOut = try adding(n, to: outCounts.dispensed)
        outCounts.dispensed = newOut
        count -= n
    }

    /// `n` dispensed items reached the citizen.
    public mutating func present(_ n: Int) throws(CashUnitError) {
        let moved = try resolvingDispensed(n, into: outCounts.presented)
        outCounts.dispensed -= n
        outCounts.presented = moved
    }

    /// `n` dispensed items were diverted to a reject area instead of the citizen.
    public mutating func rejectDispensed(_ n: Int) throws(CashUnitError) {
        let moved = try resolvingDispensed(n, into: outCounts.rejected)
        outCounts.dispensed -= n
        outCounts.rejected = moved
    }

    /// `n` dispensed items whose whereabouts cannot be established. They stay out of `count`: an
    /// ambiguous payout is never assumed to have stayed in the machine.
    public mutating func markUnknown(_ n: Int) throws(CashUnitError) {
        let moved = try resolvingDispensed(n, into: outCounts.unknown)
        outCounts.dispensed -= n
        outCounts.unknown = moved
    }

    /// `n` dispensed items that the device reports never left (a payout stopped before they were paid).
    public mutating func cancelDispense(_ n: Int) throws(CashUnitError) {
        let newCount = try resolvingDispensed(n, into: count)
        outCounts.dispensed -= n
        count = newCount
    }

    // MARK: Housekeeping

    /// Replenishment or reset: the unit now holds `initialCount` items, in/out counters restart at zero
    /// and the count is accurate again. Refused while a dispense outcome is open, because resetting
    /// would silently drop those items from the ledger.
    public mutating func exchange(initialCount newInitial: Int) throws(CashUnitError) {
        try requireNonNegative(newInitial)
        guard outCounts.dispensed == 0 else {
            throw .dispenseOutcomePending(unit: id, awaiting: outCounts.dispensed)
        }
        initialCount = newInitial
        inCounts = CashUnitInCounts()
        outCounts = CashUnitOutCounts()
        count = newInitial
        accuracy = .accurate
    }

    /// Records what the device says about the reliability of `count`.
    public mutating func setAccuracy(_ accuracy: Accuracy) {
        self.accuracy = accuracy
    }

    // MARK: Checked arithmetic

    private func requireNonNegative(_ n: Int) throws(CashUnitError) {
        guard n >= 0 else { throw .negativeQuantity(unit: id, found: n) }
    }

    private func adding(_ n: Int, to counter: Int) throws(CashUnitError) -> Int {
        try requireNonNegative(n)
        let (sum, overflow) = counter.addingReportingOverflow(n)
        guard !overflow else { throw .counterOverflow(unit: id) }
        return sum
    }

    /// Checks that `initial + in + n` stays representable. Every other counter (count, each bucket,
    /// `inCounts.total`, `outCounts.total`) is bounded by that gross total, so none of them can overflow.
    private func requireRoomForIncoming(_ n: Int) throws(CashUnitError) {
        try requireNonNegative(n)
        guard CashUnit.checkedSum([initialCount, n] + inCounts.buckets) != nil else {
            throw .counterOverflow(unit: id)
        }
    }

    /// Validates moving `n` items out of `dispensed` and returns the destination counter's new value.
    private func resolvingDispensed(_ n: Int, into destination: Int) throws(CashUnitError) -> Int {
        try requireNonNegative(n)
        guard n <= outCounts.dispensed else {
            throw .insufficientDispensed(unit: id, requested: n, awaiting: outCounts.dispensed)
        }
        return try adding(n, to: destination)
    }
}

extension CashUnit: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, denomination, kind, initialCount, inCounts, outCounts, count, accuracy
    }

    /// Decodes and refuses a record that breaks the ledger equation or has a negative counter.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        denomination = try container.decode(Denomination.self, forKey: .denomination)
        kind = try container.decode(Kind.self, forKey: .kind)
        initialCount = try container.decode(Int.self, forKey: .initialCount)
        inCounts = try container.decode(CashUnitInCounts.self, forKey: .inCounts)
        outCounts = try container.decode(CashUnitOutCounts.self, forKey: .outCounts)
        count = try container.decode(Int.self, forKey: .count)
        accuracy = try container.decode(Accuracy.self, forKey: .accuracy)
        guard isConsistent else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container,
                debugDescription: "cash unit \(id): expected non-negative counters with initial + in − out == count, "
                    + "found initial \(initialCount), in \(inCounts.buckets), out \(outCounts.buckets), count \(count)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(denomination, forKey: .denomination)
        try container.encode(kind, forKey: .kind)
        try container.encode(initialCount, forKey: .initialCount)
        try container.encode(inCounts, forKey: .inCounts)
        try container.encode(outCounts, forKey: .outCounts)
        try container.encode(count, forKey: .count)
        try container.encode(accuracy, forKey: .accuracy)
    }
}
