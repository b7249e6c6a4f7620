import Devices
import Engine
import KioskShell
import TownCore

/// kioskd's Prometheus metrics: payments, payouts, faults, cash unit levels and journal size.
public final class DaemonMetrics: Sendable {
    public let registry: MetricsRegistry
    private let payments: Counter
    private let paymentAmount: Counter
    private let payouts: Counter
    private let payoutAmount: Counter
    private let faults: [String: Counter]
    private let failClosed: Counter
    private let journalRecords: Gauge
    private let recycler: [Denomination: Gauge]
    private let hoppers: [Denomination: Gauge]
    private let syncUnacknowledged: Gauge
    private let syncPullAge: Gauge

    public init(registry: MetricsRegistry = MetricsRegistry()) throws {
        self.registry = registry
        payments = try registry.counter("kioskd_payments_total", help: "Payment receipts issued.")
        paymentAmount = try registry.counter("kioskd_payments_halere_total", help: "Amount settled by payments, in haléře.")
        payouts = try registry.counter("kioskd_payouts_total", help: "Payout receipts issued.")
        payoutAmount = try registry.counter("kioskd_payouts_halere_total", help: "Amount paid out on vouchers, in haléře.")
        var faults: [String: Counter] = [:]
        for device in ["nv200", "cctalk", "printer", "card_terminal"] {
            faults[device] = try registry.counter("kioskd_device_faults_total", help: "Faults reported by a device.",
                                                  labels: ["device": device])
        }
        self.faults = faults
        failClosed = try registry.counter("kioskd_fail_closed_total", help: "Times the kiosk failed closed (devices disabled).")
        journalRecords = try registry.gauge("kioskd_journal_records", help: "Sequence number of the newest journal record.")
        var recycler: [Denomination: Gauge] = [:]
        for note in Denomination.notes {
            recycler[note] = try registry.gauge("kioskd_cash_unit_pieces", help: "Pieces in a cash unit as last known.",
                                                labels: ["unit": "recycler", "denomination": "\(note.value.halere)"])
        }
        var hoppers: [Denomination: Gauge] = [:]
        for coin in Denomination.coins {
            hoppers[coin] = try registry.gauge("kioskd_cash_unit_pieces", help: "Pieces in a cash unit as last known.",
                                               labels: ["unit": "hopper", "denomination": "\(coin.value.halere)"])
        }
        self.recycler = recycler
        self.hoppers = hoppers
        syncUnacknowledged = try registry.gauge("kioskd_sync_unacknowledged_records",
                                                help: "Journal records the town server has not acknowledged yet.")
        syncPullAge = try registry.gauge("kioskd_sync_last_pull_age_seconds",
                                         help: "Seconds since the last successful pull from the town server (-1: none yet).")
    }

    func sync(unacknowledged: Int, lastPullAgeSeconds: Int64?) {
        syncUnacknowledged.set(Int64(unacknowledged))
        syncPullAge.set(lastPullAgeSeconds ?? -1)
    }

    func journalHead(_ sequence: Int64) { journalRecords.set(sequence) }

    func failedClosed() { failClosed.increment() }

    func recorded(_ record: EngineRecord, head: Int64) {
        journalRecords.set(head)
        guard case .receiptIssued(let receipt) = record else { return }
        let amount = UInt64(clamping: max(0, receipt.amount.halere))
        switch receipt.kind {
        case .payment:
            payments.increment()
            paymentAmount.increment(by: amount)
        case .payout:
            payouts.increment()
            payoutAmount.increment(by: amount)
        }
    }

    func observe(_ input: EngineInput) {
        switch input {
        case .noteValidator(.fault): faults["nv200"]?.increment()
        case .noteValidator(.levels(let levels)):
            for (note, gauge) in recycler { gauge.set(Int64(levels[note] ?? 0)) }
        case .coinBus(.fault): faults["cctalk"]?.increment()
        case .printer(.fault): faults["printer"]?.increment()
        case .cardTerminal(.fault): faults["card_terminal"]?.increment()
        case .data(.cashUnits(let units)):
            for (coin, gauge) in hoppers {
                gauge.set(Int64(units.filter { $0.kind == .hopper && $0.denomination == coin }.reduce(0) { $0 + $1.count }))
            }
        default: break
        }
    }
}
