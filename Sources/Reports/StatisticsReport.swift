import Engine
import TownCore

public struct HourLine: Hashable, Sendable, Codable {
    /// Local hour in Europe/Prague, 0–23.
    public var hour: Int
    public var totals: PaymentTotals
}

public struct DayLine: Hashable, Sendable, Codable {
    public var day: DayDate
    public var totals: PaymentTotals
}

public struct FaultLine: Hashable, Sendable, Codable {
    public var device: String
    public var count: Int
}

/// How long the kiosk refused customers in the observed part of the range. Only what the journal records
/// counts: `kiosk.out_of_service` → `kiosk.in_service`. Time kioskd was not running at all, and the
/// "waiting for devices" phase at start, leave no record and cannot be derived.
public struct Availability: Hashable, Sendable, Codable {
    /// Milliseconds observed: the range clipped to the first record and to `asOf`.
    public var observedMilliseconds: Int64
    public var outOfServiceMilliseconds: Int64
    public var outOfServicePeriods: Int
    /// In-service share of the observed time in hundredths of a percent (9 950 = 99,50 %); nil when nothing observed.
    public var uptimeBasisPoints: Int?
}

/// Statistics for the economics department over whole local days `from`…`to` (Europe/Prague).
public struct StatisticsReport: Hashable, Sendable, Codable {
    public var kiosk: String
    public var from: DayDate
    public var to: DayDate
    public var payments = PaymentTotals()
    public var byMethod: [PaymentMethodKind: PaymentTotals] = [:]
    /// All 24 hours, empty ones included, so charts and spreadsheets line up.
    public var byHour: [HourLine] = []
    public var byDay: [DayLine] = []
    public var byFeeType: [FeeLine] = []
    public var payouts = Tally()
    public var refundsOwed = Tally()
    public var faults: [FaultLine] = []
    public var availability: Availability

    /// The instants the range covers: local midnight of `from` to local midnight after `to`.
    public static func window(from: DayDate, to: DayDate) throws(ReportError) -> Range<Int64> {
        guard from <= to else { throw .invalidRange(expected: "--from on or before --to", found: "\(from) after \(to)") }
        return PragueTime.startOfDay(from)..<PragueTime.startOfDay(PragueTime.nextDay(to))
    }

    /// `asOf` (ms since the epoch, normally now) ends the observed time when the range reaches the future.
    public init(kiosk: String, from: DayDate, to: DayDate, facts: ReportFacts, asOf: Int64) throws(ReportError) {
        self.kiosk = kiosk
        self.from = from
        self.to = to
        let window = try Self.window(from: from, to: to)
        let inRange = { (at: Int64) in window.contains(at) }

        var hours = Array(repeating: PaymentTotals(), count: 24)
        var days: [DayDate: PaymentTotals] = [:]
        var fees: [FeeType: FeeLine] = [:]
        for fact in facts.payments where inRange(fact.at) {
            let local = PragueTime.local(fact.at)
            try payments.add(fact.receipt)
            try byMethod[fact.method, default: PaymentTotals()].add(fact.receipt)
            try hours[local.hour].add(fact.receipt)
            try days[local.day, default: PaymentTotals()].add(fact.receipt)
            try fees[fact.feeType, default: FeeLine(feeType: fact.feeType, label: fact.label, totals: PaymentTotals())]
                .totals.add(fact.receipt)
        }
        byHour = hours.enumerated().map { HourLine(hour: $0.offset, totals: $0.element) }
        byDay = days.sorted { $0.key < $1.key }.map { DayLine(day: $0.key, totals: $0.value) }
        byFeeType = fees.values.sorted { $0.feeType < $1.feeType }
        for payout in facts.payouts where inRange(payout.at) { try payouts.add(payout.value.amount) }
        for owed in facts.refundsOwed where inRange(owed.at) { try refundsOwed.add(owed.value.amount) }

        var faultCounts: [String: Int] = [:]
        for fault in facts.faults where inRange(fault.at) { faultCounts[fault.value.device, default: 0] += 1 }
        faults = faultCounts.sorted { $0.key < $1.key }.map { FaultLine(device: $0.key, count: $0.value) }

        availability = Self.availability(facts, window: window, asOf: asOf)
    }

    static func availability(_ facts: ReportFacts, window: Range<Int64>, asOf: Int64) -> Availability {
        let start = max(window.lowerBound, facts.firstRecordAt ?? window.upperBound)
        let end = min(window.upperBound, max(asOf, facts.lastRecordAt ?? asOf))
        guard start < end else {
            return Availability(observedMilliseconds: 0, outOfServiceMilliseconds: 0, outOfServicePeriods: 0, uptimeBasisPoints: nil)
        }
        var out: Int64 = 0
        var periods = 0
        for period in facts.outOfService {
            let from = max(period.start, start)
            let until = min(period.end ?? end, end)
            guard from < until else { continue }
            out += until - from
            periods += 1
        }
        let observed = end - start
        // Periods do not overlap (one opens only after the previous closed), so out ≤ observed and
        // out × 10 000 stays far below Int64's range for any real span (10 000 years of milliseconds fit).
        let (scaled, overflow) = (observed - out).multipliedReportingOverflow(by: 10_000)
        let basisPoints = overflow ? nil : Int(scaled / observed)
        return Availability(observedMilliseconds: observed, outOfServiceMilliseconds: out, outOfServicePeriods: periods,
                            uptimeBasisPoints: basisPoints)
    }
}
