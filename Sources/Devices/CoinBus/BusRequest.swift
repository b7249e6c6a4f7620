import DeviceProtocols

/// Something a node on the bus wants to send, and from when. The bus sends one request at a time:
/// the most urgent among those due, the longest-waiting first among equals.
struct BusRequest: Equatable {
    enum Urgency: Int, Comparable {
        /// Periodic polling.
        case poll
        /// Start-up, configuration and payout steps.
        case work
        /// Inhibiting, stopping and finding out what a lost dispense did.
        case urgent

        static func < (a: Urgency, b: Urgency) -> Bool { a.rawValue < b.rawValue }
    }

    var command: CCTalkCommand
    var urgency: Urgency
    var notBefore: DriverTime

    init(_ command: CCTalkCommand, _ urgency: Urgency, notBefore: DriverTime = .zero) {
        self.command = command
        self.urgency = urgency
        self.notBefore = notBefore
    }

    /// Whether `self` should go before `other`, both being due.
    func precedes(_ other: BusRequest) -> Bool {
        urgency != other.urgency ? urgency > other.urgency : notBefore < other.notBefore
    }
}

/// Counts missed replies in a row and reports a device once when it stops and starts answering.
struct ResponseWatch: Hashable {
    let device: CoinBusDevice
    let threshold: Int
    private(set) var misses = 0
    private(set) var reportedSilent = false

    init(device: CoinBusDevice, threshold: Int) {
        self.device = device
        self.threshold = threshold
    }

    mutating func answered() -> [CoinBusEvent] {
        misses = 0
        guard reportedSilent else { return [] }
        reportedSilent = false
        return [.deviceResponding(device)]
    }

    /// Returns the fault the first time the threshold is reached.
    mutating func missed() -> [CoinBusEvent] {
        misses += 1
        guard misses >= threshold, !reportedSilent else { return [] }
        reportedSilent = true
        return [.fault(.notResponding(device))]
    }

    var hasReachedThreshold: Bool { misses >= threshold }
}
