import DeviceProtocols
import TownCore

/// Turns one buffered acceptor event into engine events: credits, rejections and alarms.
enum CoinAcceptorEventMapping {
    static func events(for event: CCTalkCoinEvent, key: CoinEventKey, positions: [Int: Denomination]) -> [CoinBusEvent] {
        switch event {
        case let .credit(position, _):
            guard let denomination = positions[position] else { return [.fault(.unknownCoinPosition(position))] }
            return [.coinCredited(denomination, eventKey: key)]
        case .status(.nullEvent):
            return []
        case let .status(code):
            return statusEvents(code)
        }
    }

    private static func statusEvents(_ code: CCTalkCoinAcceptorEventCode) -> [CoinBusEvent] {
        if let reason = rejectReason(code) { return [.coinRejected(reason)] }
        return [.fault(.acceptorAlarm(AcceptorAlarm(code: Int(code.code), name: name(of: code), isFraud: isFraud(code))))]
    }

    /// Nil when the code is not a plain "the coin went back" event.
    private static func rejectReason(_ code: CCTalkCoinAcceptorEventCode) -> CoinRejectReason? {
        guard code.coinDisposition == .rejected, !isFraud(code) else { return nil }
        switch code {
        case .rejectCoin, .rejectSlug, .coinTooFastOverValidationSensor, .coinTooSlowOverValidationSensor:
            return .notRecognised
        case .inhibitedCoin, .inhibitedCoinType:
            return .inhibited
        default:
            return .mechanism(code: Int(code.code))
        }
    }

    /// Codes that point at someone working the mechanism: strings, light, sequence and sensor attacks.
    static func isFraud(_ code: CCTalkCoinAcceptorEventCode) -> Bool {
        switch code {
        case .creditSequenceError, .coinGoingBackwards, .coinTooFastOverCreditSensor, .coinTooSlowOverCreditSensor,
             .cosMechanismActivated, .creditSensorReachedTooEarly, .rejectCoinRepeatedSequentialTrip,
             .securityStatusChanged, .externalLightAttack:
            true
        default:
            false
        }
    }

    /// "inhibitedCoinType(3)" → "inhibitedCoinType"; keeps alarm names stable for logs and metrics.
    private static func name(of code: CCTalkCoinAcceptorEventCode) -> String {
        let text = String(describing: code)
        return String(text.prefix { $0 != "(" })
    }
}
