/// The first data byte of every slave reply (kybarg status_desc.js).
public enum SSPResponseStatus: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0xF0
    case commandNotKnown = 0xF2
    case wrongNumberOfParameters = 0xF3
    case parameterOutOfRange = 0xF4
    /// May be followed by a reason byte (e.g. 0x03 = busy); reasons depend on the command.
    case commandCannotBeProcessed = 0xF5
    case softwareError = 0xF6
    case fail = 0xF8
    /// The slave is in encrypted mode but keys have not been negotiated.
    case keyNotSet = 0xFA

    public var description: String {
        switch self {
        case .ok: "OK"
        case .commandNotKnown: "COMMAND_NOT_KNOWN"
        case .wrongNumberOfParameters: "WRONG_NO_PARAMETERS"
        case .parameterOutOfRange: "PARAMETER_OUT_OF_RANGE"
        case .commandCannotBeProcessed: "COMMAND_CANNOT_BE_PROCESSED"
        case .softwareError: "SOFTWARE_ERROR"
        case .fail: "FAIL"
        case .keyNotSet: "KEY_NOT_SET"
        }
    }
}

/// A plaintext reply: generic status plus whatever followed it. What the payload means
/// depends on the command it answers; see the `SSPReply` parsers and `SSPPollEvent`.
public struct SSPResponse: Hashable, Sendable {
    public let status: SSPResponseStatus
    public let payload: [UInt8]

    public init(status: SSPResponseStatus, payload: [UInt8] = []) {
        self.status = status
        self.payload = payload
    }

    public init(data: [UInt8]) throws(SSPDecodingError) {
        guard let first = data.first else { throw .truncated(field: "response status", needed: 1, available: 0) }
        guard let status = SSPResponseStatus(rawValue: first) else {
            throw .unknownCode(what: "response status", code: first)
        }
        self.status = status
        self.payload = Array(data.dropFirst())
    }

    public var isOK: Bool { status == .ok }

    /// The reason byte after COMMAND_CANNOT_BE_PROCESSED, if the device sent one.
    public var cannotProcessReason: UInt8? {
        status == .commandCannotBeProcessed ? payload.first : nil
    }

    /// The frame's DATA field.
    public func encoded() -> [UInt8] { [status.rawValue] + payload }

    /// The payload of an OK reply; any other status is a typed error naming it.
    public func okPayload(for what: String) throws(SSPDecodingError) -> [UInt8] {
        guard status == .ok else {
            throw .invalidField(field: "\(what) reply status", expected: "OK (0xF0)",
                                found: "\(status) (0x\(sspHex(status.rawValue)))")
        }
        return payload
    }
}
