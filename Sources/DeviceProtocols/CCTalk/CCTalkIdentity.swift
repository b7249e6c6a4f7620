/// Equipment category string returned by header 245 (protocols.md §1.5). Some devices send "_" for " ".
public enum CCTalkEquipmentCategory: Sendable, Hashable {
    case coinAcceptor, payout, reel, billValidator, cardReader, changer, display, keypad, dongle, meter
    case bootloader, power, printer, rng, hopperScale, coinFeeder, billRecycler, escrow, debug
    case other(String)

    private static let names: [(CCTalkEquipmentCategory, String)] = [
        (.coinAcceptor, "Coin Acceptor"), (.payout, "Payout"), (.reel, "Reel"), (.billValidator, "Bill Validator"),
        (.cardReader, "Card Reader"), (.changer, "Changer"), (.display, "Display"), (.keypad, "Keypad"),
        (.dongle, "Dongle"), (.meter, "Meter"), (.bootloader, "Bootloader"), (.power, "Power"),
        (.printer, "Printer"), (.rng, "RNG"), (.hopperScale, "Hopper Scale"), (.coinFeeder, "Coin Feeder"),
        (.billRecycler, "Bill Recycler"), (.escrow, "Escrow"), (.debug, "Debug"),
    ]

    public init(reported: String) {
        let normalised = String(reported.map { $0 == "_" ? " " : $0 }).trimmingASCIISpaces()
        self = Self.names.first { $0.1 == normalised }?.0 ?? .other(reported)
    }

    public var reportedName: String {
        if case let .other(name) = self { return name }
        return Self.names.first { $0.0 == self }?.1 ?? ""
    }
}

/// Reply to "request coin id" (184): six ASCII characters, e.g. "CZ020A" = country, value code, issue.
/// The value code's scaling differs per country, so mapping positions to money is configuration.
public struct CCTalkCoinId: Sendable, Hashable {
    public static let length = 6
    public let text: String

    public init(replyData data: [UInt8]) throws(CCTalkMessageError) {
        try CCTalkMessageError.requireCount(data, Self.length...Self.length, subject: "coin id reply")
        text = try CCTalkMessageError.requireASCII(data, subject: "coin id")
    }

    public init(_ text: String) throws(CCTalkMessageError) {
        try self.init(replyData: Array(text.utf8))
    }

    public var countryCode: Substring { text.prefix(2) }
    public var valueCode: Substring { text.dropFirst(2).prefix(3) }
    public var issueCode: Substring { text.dropFirst(5) }
}

/// Reply to "request polling priority" (249): `[units][value]`.
public struct CCTalkPollingPriority: Sendable, Hashable {
    public var units: UInt8
    public var value: UInt8

    public init(units: UInt8, value: UInt8) {
        self.units = units
        self.value = value
    }

    /// The interval for the units the reference names (1 ms, 2 ×10 ms, 3 s); nil otherwise.
    public var milliseconds: Int? {
        switch units {
        case 1: Int(value)
        case 2: Int(value) * 10
        case 3: Int(value) * 1000
        default: nil
        }
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> String {
        var characters = Substring(self)
        while characters.first == " " { characters = characters.dropFirst() }
        while characters.last == " " { characters = characters.dropLast() }
        return String(characters)
    }
}
