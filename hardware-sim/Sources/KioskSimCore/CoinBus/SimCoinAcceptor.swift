import DeviceProtocols
import TownCore

/// The simulated coin acceptor: a five-event buffer with its event counter, per-position inhibits and the
/// master inhibit, all lost at power-up like the real device.
final class SimCoinAcceptor {
    let address: UInt8
    let positions: [Int: Denomination]
    private(set) var buffer = CCTalkBufferedEvents.powerUp
    /// After power-up every position is inhibited and the master inhibit is "normal operation" (spec).
    private(set) var inhibitMask = CCTalkInhibitMask(bytes: [0, 0])
    private(set) var acceptanceEnabled = true

    init(address: UInt8, positions: [Int: Denomination]) {
        self.address = address
        self.positions = positions
    }

    /// The coin position that would accept `denomination` now, if any.
    func acceptingPosition(for denomination: Denomination) -> Int? {
        guard acceptanceEnabled else { return nil }
        return positions.filter { $0.value == denomination && inhibitMask.isEnabled(position: $0.key) }.keys.min()
    }

    func record(_ event: CCTalkResultPair) {
        buffer = buffer.recording(event)
    }

    func powerCycle() {
        buffer = .powerUp
        inhibitMask = CCTalkInhibitMask(bytes: [0, 0])
        acceptanceEnabled = true
    }

    func respond(to command: CCTalkCommand) -> CCTalkResponse {
        switch command {
        case .simplePoll: return .acknowledged
        case .resetDevice:
            powerCycle()
            return .acknowledged
        case .requestManufacturerId: return .manufacturerId("SIM")
        case .requestEquipmentCategory: return .equipmentCategory(.coinAcceptor)
        case .requestProductCode: return .productCode("CoinSim")
        case .requestSerialNumber: return .serialNumber(0x00_1234)
        case .requestSoftwareRevision: return .softwareRevision("1.0")
        case .requestPollingPriority: return .pollingPriority(CCTalkPollingPriority(units: 2, value: 20))
        case .performSelfCheck: return .selfCheck(faultCode: 0, extraInfo: nil)
        case .requestCoinAcceptorStatus: return .coinAcceptorStatus(0)
        case let .modifyInhibitStatus(mask):
            inhibitMask = mask
            return .acknowledged
        case .requestInhibitStatus: return .inhibitStatus(inhibitMask)
        case .readBufferedCredit: return .bufferedCredit(buffer)
        case let .modifyMasterInhibit(enabled):
            acceptanceEnabled = enabled
            return .acknowledged
        case .requestMasterInhibit: return .masterInhibit(acceptanceEnabled: acceptanceEnabled)
        case let .requestCoinId(position):
            return coinId(position: Int(position)).map { .coinId($0) } ?? .negativeAcknowledged
        case .addressPoll, .enableHopper, .testHopper, .requestHopperStatus, .dispenseHopperCoins, .emergencyStop,
             .requestHopperDispenseCount, .requestPayoutHighLowStatus, .pumpRNG, .requestCipherKey:
            return .negativeAcknowledged
        }
    }

    /// "CZ005A" style ids; unprogrammed positions answer "......" as real acceptors do.
    private func coinId(position: Int) -> CCTalkCoinId? {
        guard let denomination = positions[position] else { return try? CCTalkCoinId("......") }
        let digits = String(denomination.crowns)
        return try? CCTalkCoinId("CZ" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "A")
    }
}
