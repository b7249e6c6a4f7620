import DeviceProtocols
import TownCore

/// A simulated coin hopper. It pays one coin per `coinInterval` from the world's hopper into the payout
/// tray, counts dispense commands in its event counter (NAKed ones too, as Suzo hoppers do) and keeps
/// "last payout" paid/unpaid across a power cut like the real hopper's EEPROM.
final class SimCoinHopper {
    typealias Registers = CCTalkHopperTestRegisters

    let address: UInt8
    let denomination: Denomination
    private let coinInterval: Duration
    private let lowLevelTrigger: Int
    private let highLevelTrigger: Int

    private(set) var eventCounter: UInt8 = 0
    private(set) var isEnabled = false
    private(set) var remaining = 0
    private(set) var paid = 0
    private(set) var unpaid = 0
    private(set) var dispensedTotal: UInt32 = 0
    private(set) var isJammed = false
    private(set) var dispenseCommandsReceived = 0
    private var register1: Registers.Register1 = [.powerUpDetected, .payoutDisabled]
    private var register2: Registers.Register2 = []
    private var register3: Registers.Register3 = []
    private var nextCoinAt: Duration?

    /// Fault: the hopper runs dry after this many more coins, whatever the world says it holds.
    var coinsBeforeEmpty: Int?
    /// Fault: the next payout jams after this many more coins.
    var coinsBeforeJam: Int?

    init(address: UInt8, denomination: Denomination, coinInterval: Duration, lowLevelTrigger: Int, highLevelTrigger: Int) {
        self.address = address
        self.denomination = denomination
        self.coinInterval = coinInterval
        self.lowLevelTrigger = lowLevelTrigger
        self.highLevelTrigger = highLevelTrigger
    }

    var isPaying: Bool { remaining > 0 }

    func respond(to command: CCTalkCommand, at now: Duration, world: PhysicalWorld) -> CCTalkResponse {
        switch command {
        case .simplePoll: return .acknowledged
        case .resetDevice:
            powerCycle()
            return .acknowledged
        case .requestManufacturerId: return .manufacturerId("SIM")
        case .requestEquipmentCategory: return .equipmentCategory(.payout)
        case .requestProductCode: return .productCode("HopperSim")
        case .requestSerialNumber: return .serialNumber(0x00_5600 + UInt32(address))
        case .requestSoftwareRevision: return .softwareRevision("1.0")
        case .requestPollingPriority: return .pollingPriority(CCTalkPollingPriority(units: 2, value: 10))
        case .performSelfCheck: return .selfCheck(faultCode: isJammed ? 25 : 0, extraInfo: nil)
        case let .enableHopper(enable):
            isEnabled = enable
            if enable { register1.subtract([.payoutDisabled, .powerUpDetected]) } else { register1.insert(.payoutDisabled) }
            return .acknowledged
        case .testHopper:
            return .hopperTest(Registers(register1: register1, register2: register2, register3: register3))
        case .requestHopperStatus:
            return .hopperStatus(CCTalkHopperStatus(
                eventCounter: eventCounter, coinsRemaining: UInt8(clamping: remaining),
                lastPayoutCoinsPaid: UInt8(clamping: paid), lastPayoutCoinsUnpaid: UInt8(clamping: unpaid)))
        case let .dispenseHopperCoins(request):
            return dispense(request, at: now)
        case .emergencyStop:
            let left = remaining
            if isPaying { stop() }
            return .emergencyStopped(coinsRemaining: UInt8(clamping: left))
        case .requestHopperDispenseCount: return .hopperDispenseCount(dispensedTotal & 0xFF_FFFF)
        case .requestPayoutHighLowStatus: return .payoutLevel(level(world: world))
        case .addressPoll, .requestCoinAcceptorStatus, .modifyInhibitStatus, .requestInhibitStatus,
             .readBufferedCredit, .modifyMasterInhibit, .requestMasterInhibit, .requestCoinId, .pumpRNG,
             .requestCipherKey:
            return .negativeAcknowledged
        }
    }

    /// Pays the coins that are due by `now`, one at a time.
    func tick(at now: Duration, world: PhysicalWorld) {
        while isPaying, let due = nextCoinAt, now >= due {
            if coinsBeforeJam == 0 {
                coinsBeforeJam = nil
                isJammed = true
                register1.insert(.optoBlockedPermanentlyDuringPayout)
                stop()
                return
            }
            let moved: Bool
            if coinsBeforeEmpty == 0 || world.count(denomination, at: .hopper) == 0 {
                moved = false
            } else {
                moved = (try? world.move(1, denomination, from: .hopper, to: .payoutTray)) != nil
            }
            guard moved else {
                register1.insert(.payoutTimeout)
                stop()
                return
            }
            paid += 1
            remaining -= 1
            dispensedTotal &+= 1
            coinsBeforeEmpty = coinsBeforeEmpty.map { $0 - 1 }
            coinsBeforeJam = coinsBeforeJam.map { $0 - 1 }
            nextCoinAt = isPaying ? due + coinInterval : nil
        }
    }

    /// Power cut and back: a payout in progress is saved as paid/unpaid with the power-down flag; the
    /// event counter restarts at 0 and payout stays disabled until "enable hopper".
    func powerCycle() {
        if isPaying {
            register3.insert(.powerDownDuringPayout)
            stop()
        }
        eventCounter = 0
        isEnabled = false
        register1 = [.powerUpDetected, .payoutDisabled]
        if isJammed { register1.insert(.optoBlockedPermanentlyDuringPayout) }
    }

    func clearJam() {
        isJammed = false
        register1.remove(.optoBlockedPermanentlyDuringPayout)
    }

    private func dispense(_ request: CCTalkDispenseRequest, at now: Duration) -> CCTalkResponse {
        dispenseCommandsReceived += 1
        eventCounter = CCTalkEventCounter.successor(of: eventCounter)
        guard isEnabled, !isJammed, !isPaying, request.coinCount > 0, request.security == .none else {
            // Refused: counters untouched, so "last payout" still describes the previous payout.
            return .negativeAcknowledged
        }
        remaining = Int(request.coinCount)
        paid = 0
        unpaid = 0
        register1.subtract([.payoutTimeout, .optoBlockedPermanentlyDuringPayout, .absoluteMaximumCurrentExceeded])
        register3.remove(.powerDownDuringPayout)
        nextCoinAt = now + coinInterval
        return .dispenseAccepted(eventCounter: eventCounter)
    }

    private func stop() {
        unpaid = remaining
        remaining = 0
        nextCoinAt = nil
    }

    private func level(world: PhysicalWorld) -> CCTalkPayoutLevelStatus {
        let coins = world.count(denomination, at: .hopper)
        var status: CCTalkPayoutLevelStatus = [.lowLevelSensorFitted, .highLevelSensorFitted]
        if coins < lowLevelTrigger { status.insert(.belowLowLevel) }
        if coins >= highLevelTrigger { status.insert(.atOrAboveHighLevel) }
        return status
    }

    func status(into status: inout [String: String]) {
        let prefix = "hopper.\(denomination.crowns)"
        status["\(prefix).address"] = String(address)
        status["\(prefix).event_counter"] = String(eventCounter)
        status["\(prefix).enabled"] = String(isEnabled)
        status["\(prefix).remaining"] = String(remaining)
        status["\(prefix).last_paid"] = String(paid)
        status["\(prefix).last_unpaid"] = String(unpaid)
        status["\(prefix).jammed"] = String(isJammed)
        status["\(prefix).dispensed_total"] = String(dispensedTotal)
    }
}
