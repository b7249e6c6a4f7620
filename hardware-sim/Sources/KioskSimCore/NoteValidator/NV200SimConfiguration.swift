import DeviceProtocols
import TownCore

/// How the simulated NV200 + SMART Payout behaves: its dataset and its mechanical timings.
public struct NV200SimConfiguration: Sendable, Hashable {
    /// Channels 1...n, in this order (the CZK dataset of a real NV200 lists the six notes in circulation).
    public var notes: [Denomination] = Denomination.notes
    /// From insertion to READ with a channel (or to rejection).
    public var readDuration: Duration = .milliseconds(300)
    /// From the accepting POLL to CREDIT; a power cut in the first half clears the note out of the front,
    /// in the second half into the cashbox.
    public var stackDuration: Duration = .milliseconds(600)
    public var rejectDuration: Duration = .milliseconds(400)
    /// A note left in escrow without HOLD or a decision for this long goes back to the customer.
    public var holdTimeout: Duration = .seconds(10)
    /// Time per note paid out.
    public var dispenseInterval: Duration = .milliseconds(800)
    public var recyclerCapacity = 80
    /// The protocol version the device uses until the host sets one.
    public var powerUpProtocolVersion: UInt8 = 6
    public var fixedKey: UInt64 = ESSPKey.defaultFixedKey
    /// Seeds the device's key-exchange secret and packing bytes (reproducible runs).
    public var seed: UInt64 = 0x5EED_0200
    public var serialNumber: UInt32 = 20_0200

    public init() {}
}

/// How a note jams while stacking.
public enum NV200JamKind: String, Sendable, Hashable {
    /// The note stays inside, out of the customer's reach (ground truth: still in escrow, not credited).
    case safe
    /// The customer may have pulled it: ground truth moves it to `unknown`.
    case unsafe
}

typealias NV200SimRandom = SeededRandomNumberGenerator

/// The device's event buffer with POLL WITH ACK semantics: a batch handed out by POLL WITH ACK is handed
/// out again, unchanged, until EVENT ACK; newer events wait behind it. A plain POLL needs no acknowledgement.
struct NV200SimEventQueue: Sendable {
    private(set) var pending: [SSPPollEvent] = []
    private(set) var unacknowledged: [SSPPollEvent] = []

    mutating func append(_ event: SSPPollEvent) { pending.append(event) }

    mutating func pollWithAck(status: [SSPPollEvent]) -> [SSPPollEvent] {
        if unacknowledged.isEmpty {
            unacknowledged = pending + status
            pending = []
        }
        return unacknowledged
    }

    mutating func poll(status: [SSPPollEvent]) -> [SSPPollEvent] {
        defer {
            unacknowledged = []
            pending = []
        }
        return unacknowledged + pending + status
    }

    /// Clears the outstanding batch and returns what it held.
    mutating func acknowledge() -> [SSPPollEvent] {
        defer { unacknowledged = [] }
        return unacknowledged
    }

    mutating func removeAll() {
        pending = []
        unacknowledged = []
    }
}
