import TownCore

/// A read-only view of the engine for the control API, metrics and tests.
public struct EngineStatus: Hashable, Sendable {
    /// `idle`, `payment.acceptingCash`, `voucher.payingOut`, `recovering`, `halted`…
    public var phase: String
    public var inService: Bool
    /// Why the kiosk does not serve, for technicians.
    public var outOfServiceReason: String?
    public var transaction: TransactionID?
    /// Cash credited to the open payment.
    public var credited: Money?
    /// Cash the open payment keeps.
    public var cashDue: Money?
    public var lastReceipt: ReceiptNumber?
    /// Transactions a restart left open and recovery has not yet resolved (no customer until empty).
    public var unfinished: [TransactionID]
}

extension KioskEngine {
    /// The fee catalogue the touchscreen offers (nil until the data arrived).
    public var fees: FeeCatalog? { context.fees }

    public var status: EngineStatus {
        let block = serviceBlock
        var status = EngineStatus(phase: "", inService: block == nil, outOfServiceReason: block?.reason,
                                  transaction: nil, credited: nil, cashDue: nil, lastReceipt: context.lastReceipt,
                                  unfinished: context.replayedOpen.map(\.id))
        switch state {
        case .starting: status.phase = "starting"
        case .recovering(let work):
            status.phase = "recovering"
            status.inService = false
            status.unfinished = work.open.map(\.id)
        case .idle: status.phase = "idle"
        case .halted(let reason):
            status.phase = "halted"
            status.inService = false
            status.outOfServiceReason = "journal failure: \(reason)"
        case .payment(let session):
            status.transaction = session.transaction
            status.credited = session.credited
            status.cashDue = session.cashDue
            switch session.step {
            case .choosingMethod: status.phase = "payment.choosingMethod"
            case .acceptingCash: status.phase = "payment.acceptingCash"
            case .dispensing(let run): status.phase = "payment.dispensing." + run.purpose.rawValue
            case .charging: status.phase = "payment.charging"
            }
        case .voucher(let session):
            status.transaction = session.transaction
            switch session.step {
            case .claiming: status.phase = "voucher.claiming"
            case .checkingPIN: status.phase = "voucher.checkingPIN"
            case .payingOut: status.phase = "voucher.payingOut"
            }
        }
        return status
    }

    /// Why no new customer may start now; nil when the kiosk serves.
    var serviceBlock: ServiceBlock? {
        if let sticky = context.sticky { return sticky }
        let required: [(String, DeviceCondition)] = [
            ("note validator", context.devices.noteValidator), ("coin bus", context.devices.coinBus),
            ("printer", context.devices.printer),
        ]
        for (name, condition) in required {
            switch condition {
            case .starting: return ServiceBlock(cause: nil, reason: "waiting for the \(name)", reference: nil)
            case .faulty(let reason): return ServiceBlock(cause: .deviceFault, reason: "\(name): \(reason)", reference: nil)
            case .ready: continue
            }
        }
        let minimum = configuration.minimumChangeValue
        if minimum.isPositive && context.inventory.totalValue < minimum {
            return ServiceBlock(cause: .changeUnavailable,
                                reason: "change below the minimum: \(context.inventory.totalValue) of \(minimum)", reference: nil)
        }
        return nil
    }

    /// Journals a change of service state and, when asked and idle, shows the matching screen.
    mutating func refreshService(showScreen: Bool) {
        let block = serviceBlock
        if let block, let cause = block.cause, block != context.announced {
            journal(.outOfService(KioskOutOfService(cause: cause, reason: block.reason, reference: block.reference)))
            context.announced = block
        } else if block == nil, context.announced != nil {
            journal(.inService(KioskInService(technician: nil)))
            context.announced = nil
        }
        guard showScreen, case .idle = state else { return }
        if let block {
            show(.outOfService(reference: block.reference))
        } else {
            show(.welcome(cardAvailable: context.devices.cardAvailable))
        }
    }

    /// Blocks service until a technician reconciles `transaction`.
    mutating func blockUntilResolved(_ transaction: TransactionID?, reason: String) {
        let reference = transaction.map(reference)
        let detail = transaction.map { "transaction \($0): \(reason)" } ?? reason
        if let existing = context.sticky {
            context.sticky = ServiceBlock(cause: existing.cause, reason: existing.reason + "; " + detail,
                                          reference: existing.reference ?? reference)
        } else {
            context.sticky = ServiceBlock(cause: .unresolvedTransaction, reason: detail, reference: reference)
        }
    }

    /// Ends the open transaction's phase: back to idle with the result screen up for a while.
    mutating func returnToIdle() {
        state = .idle
        cancelTimer(.inactivity)
        startTimer(.finishedScreen, configuration.finishedScreenTimeout)
        emit(.noteValidator(.refreshLevels))
        refreshService(showScreen: false)
    }
}
