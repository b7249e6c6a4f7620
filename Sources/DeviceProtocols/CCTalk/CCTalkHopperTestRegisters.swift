/// Reply to "test hopper" (163): one to three status registers (protocols.md §1.8).
/// Device variance: Suzo Flow 18 documents register 1 bit 6 as unused.
public struct CCTalkHopperTestRegisters: Sendable, Hashable {
    public struct Register1: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let absoluteMaximumCurrentExceeded = Register1(rawValue: 1 << 0)
        public static let payoutTimeout = Register1(rawValue: 1 << 1)
        public static let motorReversedToClearJam = Register1(rawValue: 1 << 2)
        public static let optoFraudPathBlockedWhileIdle = Register1(rawValue: 1 << 3)
        public static let optoFraudShortCircuitWhileIdle = Register1(rawValue: 1 << 4)
        public static let optoBlockedPermanentlyDuringPayout = Register1(rawValue: 1 << 5)
        public static let powerUpDetected = Register1(rawValue: 1 << 6)
        /// Set after power-up or reset; cleared only by "enable hopper".
        public static let payoutDisabled = Register1(rawValue: 1 << 7)
    }

    public struct Register2: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let optoFraudShortCircuitDuringPayout = Register2(rawValue: 1 << 0)
        public static let singleCoinMode = Register2(rawValue: 1 << 1)
        public static let useOtherHopper = Register2(rawValue: 1 << 2)
        public static let fingerSliderMismatch = Register2(rawValue: 1 << 3)
        public static let motorReverseLimitReached = Register2(rawValue: 1 << 4)
        public static let inductiveCoilFault = Register2(rawValue: 1 << 5)
        public static let nvMemoryChecksumError = Register2(rawValue: 1 << 6)
        public static let pinMechanismEnabled = Register2(rawValue: 1 << 7)
    }

    public struct Register3: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A payout was interrupted by power loss: reconcile from hopper status before anything else.
        public static let powerDownDuringPayout = Register3(rawValue: 1 << 0)
        public static let unknownCoinTypePaid = Register3(rawValue: 1 << 1)
        public static let pinNumberIncorrect = Register3(rawValue: 1 << 2)
        public static let incorrectCipherKey = Register3(rawValue: 1 << 3)
        public static let encryptionEnabled = Register3(rawValue: 1 << 4)
    }

    public var register1: Register1
    /// Nil when the hopper reports fewer registers.
    public var register2: Register2?
    public var register3: Register3?

    public init(register1: Register1, register2: Register2? = nil, register3: Register3? = nil) {
        self.register1 = register1
        self.register2 = register2
        self.register3 = register3
    }

    public init(replyData data: [UInt8]) throws(CCTalkMessageError) {
        try CCTalkMessageError.requireCount(data, 1...3, subject: "test hopper reply")
        register1 = Register1(rawValue: data[0])
        register2 = data.count > 1 ? Register2(rawValue: data[1]) : nil
        register3 = data.count > 2 ? Register3(rawValue: data[2]) : nil
    }

    /// Registers are positional, so a missing register 2 drops register 3 as well.
    public var replyData: [UInt8] {
        var data = [register1.rawValue]
        guard let register2 else { return data }
        data.append(register2.rawValue)
        if let register3 { data.append(register3.rawValue) }
        return data
    }
}
