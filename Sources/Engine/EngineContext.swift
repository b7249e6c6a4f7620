import TownCore

/// What the engine keeps across transactions: loaded data, cash inventory, device health, numbering.
struct EngineContext: Sendable {
    var obligations: [String: Obligation] = [:]
    var fees: FeeCatalog?
    /// Vouchers as payable here: the server's copy with this kiosk's journaled state applied.
    var vouchers: [VoucherID: PayoutVoucher] = [:]
    /// This kiosk's newest journaled state per voucher; wins over an older server copy.
    var voucherStates: [VoucherID: VoucherState] = [:]
    var inventory = CashInventory()
    var devices = DeviceHealth()
    /// Out of service until a technician says otherwise.
    var sticky: ServiceBlock?
    /// The out-of-service block last journaled, so only changes are journaled.
    var announced: ServiceBlock?
    var lastReceipt: ReceiptNumber?
    var nextTransaction: Int
    /// Credit keys already journaled in this process life: a repeated device event never credits twice (P3).
    var creditKeys: Set<String> = []
    var timers = TimerBook()
    /// Unfinished transactions found by the replay, handed to recovery at boot.
    var replayedOpen: [OpenTransaction]
    /// Counter for credits that arrive without a device key (power-up findings).
    var syntheticCredits = 0
    /// The newest journaled event counter per hopper (see `HopperCounter`).
    var hopperCounters: [Denomination: UInt8] = [:]
    /// The voucher list is older than allowed: no payouts until a fresh one arrives.
    var vouchersStale = false
    /// Unbound vouchers the town server granted to this kiosk in this process life.
    var claimedVouchers: Set<VoucherID> = []
    /// Cash units and suspects as journaled (kept current by every record the engine journals).
    var ledger: CashLedger

    init(replay: JournalReplay) {
        lastReceipt = replay.lastReceipt
        nextTransaction = replay.highestTransaction + 1
        voucherStates = replay.voucherStates
        sticky = replay.sticky
        replayedOpen = replay.unfinished
        hopperCounters = replay.hopperCounters
        ledger = replay.ledger
    }

    mutating func loadObligations(_ list: [Obligation]) {
        obligations = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The obligation a variabilní symbol names: one still owing money, else one already settled.
    func obligation(for symbol: VariableSymbol) -> Obligation? {
        let matching = obligations.values
            .filter { $0.variableSymbol.withoutLeadingZeros == symbol.withoutLeadingZeros }
            .sorted { $0.id < $1.id }
        return matching.first(where: { !$0.isSettled }) ?? matching.first
    }

    mutating func loadVouchers(_ list: [PayoutVoucher]) {
        vouchers = [:]
        for voucher in list {
            if let merged = merge(server: voucher, local: voucherStates[voucher.id]) { vouchers[voucher.id] = merged }
        }
    }

    /// Records a transition this kiosk journaled.
    mutating func update(_ voucher: PayoutVoucher) {
        vouchers[voucher.id] = voucher
        voucherStates[voucher.id] = VoucherState(voucher)
    }

    /// This kiosk's state wins (it is newer than anything the server could know), except that a server
    /// cancellation or expiry still stops a voucher the kiosk has not started paying. A combination that
    /// does not validate leaves the voucher out: not payable is the safe side.
    private func merge(server: PayoutVoucher, local: VoucherState?) -> PayoutVoucher? {
        guard let local else { return server }
        var status = local.status
        let serverStopped = server.status == .cancelled || server.status == .expired
        if serverStopped && (status == .approved || status == .partiallyPaid || status == .issued) { status = server.status }
        return try? PayoutVoucher(
            id: server.id, amount: server.amount, payeeName: server.payeeName, expiry: server.expiry,
            boundKiosk: server.boundKiosk, approvals: server.approvals, pinVerifier: server.pinVerifier,
            paidSoFar: max(local.paidSoFar, server.paidSoFar), failedPinAttempts: max(local.failedPinAttempts, server.failedPinAttempts),
            pinCheck: status.acceptsPinAttempts ? local.pinCheck : .idle, status: status)
    }
}
