import DeviceProtocols
import TownCore

/// Timing and link settings of the NV200 driver. Defaults suit a real device at 9600 baud.
public struct NV200Configuration: Sendable, Hashable {
    /// SSP address: NV200 + SMART Payout answer at 0x00.
    public var address: UInt8 = SSPFrame.validatorAddress
    public var pollInterval: Duration = .milliseconds(200)
    /// How long to wait for a reply before resending the identical frame.
    public var replyTimeout: Duration = .seconds(1)
    /// Identical resends after the first attempt before the link counts as lost.
    public var maxResends = 2
    /// HOLD cadence while a note waits in escrow; well inside the device's 10 s auto-return.
    public var holdInterval: Duration = .seconds(2)
    /// Pause between SYNC attempts while the device does not answer.
    public var resyncInterval: Duration = .seconds(1)
    /// Pause before retrying an initialisation the device refused (wrong dataset, key exchange failed).
    public var initRetryDelay: Duration = .seconds(5)
    /// How long a payout may stay in doubt while the device is unreachable before `.payoutOutcomeUnknown`.
    public var payoutVerdictDelay: Duration = .seconds(10)
    /// HOST PROTOCOL VERSION candidates, best first (the poll codec reads 6...8).
    public var protocolVersions: [UInt8] = [8, 7, 6]
    /// The eSSP fixed key half. Production devices should carry their own, not ITL's default.
    public var fixedKey: UInt64 = ESSPKey.defaultFixedKey
    /// Acknowledge a poll batch only when the host sends `.acknowledgeEvents` (after it journaled the batch's
    /// events), so a batch the host never recorded is repeated by the device to the next driver after a crash.
    /// Off: the driver acknowledges as soon as it emitted the events.
    public var acknowledgeWhenJournaled = false

    public init() {}
}

/// The device's channel table from SETUP REQUEST, checked: Czech notes only.
struct NV200Dataset: Sendable, Hashable {
    let protocolVersion: UInt8
    let context: SSPPollContext
    /// Channel number (1-based) → note.
    let notes: [UInt8: Denomination]

    init(setup: SSPSetupInfo, protocolVersion: UInt8) throws(NV200DatasetError) {
        guard setup.countryCode == .czk else {
            throw NV200DatasetError("country code: expected CZK, found \(setup.countryCode)")
        }
        guard setup.unitType == .smartPayout || setup.unitType == .validator else {
            throw NV200DatasetError("unit type: expected SMART Payout or validator, found \(setup.unitType)")
        }
        guard setup.protocolVersion == protocolVersion else {
            throw NV200DatasetError("protocol version: expected \(protocolVersion), found \(setup.protocolVersion)")
        }
        do {
            context = try SSPPollContext(protocolVersion: protocolVersion, unitType: setup.unitType)
        } catch {
            throw NV200DatasetError(error.description)
        }
        var notes: [UInt8: Denomination] = [:]
        for channel in setup.channels {
            // Channels of other currencies stay unmapped: they are never enabled.
            guard let amount = setup.amount(ofChannel: channel.number), amount.currency == .czk,
                  let note = try? Denomination(value: Money(halere: Int64(amount.value))), note.kind == .note
            else { continue }
            notes[channel.number] = note
        }
        guard !notes.isEmpty else {
            throw NV200DatasetError("channels: expected at least one Czech note, found none of \(setup.channels.count)")
        }
        self.protocolVersion = protocolVersion
        self.notes = notes
    }

    func note(onChannel channel: UInt8) -> Denomination? { notes[channel] }

    /// SET CHANNEL INHIBITS mask (bit 0 = channel 1, set = enabled); channels above 16 cannot be enabled.
    func inhibitMask(accepting accepted: Set<Denomination>) -> UInt16 {
        var mask: UInt16 = 0
        for (channel, note) in notes where accepted.contains(note) && (1...16).contains(channel) {
            mask |= 1 << UInt16(channel - 1)
        }
        return mask
    }
}

struct NV200DatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "NV200 dataset " + description }
}

extension SSPAmount {
    /// The value as money when it is in Czech crowns.
    var czkMoney: Money? { currency == .czk ? Money(halere: Int64(value)) : nil }
}

extension Array where Element == SSPAmount {
    /// The Czech part of a multi-currency value list (other currencies are not ours to count).
    var czkMoney: Money { compactMap(\.czkMoney).reduce(.zero, +) }
}
