/// Any ZVT message this codec models, in either direction, so the ECR driver and the terminal simulator
/// share one decoder. Control fields this codec does not model decode to `.unmodelled` (the driver answers
/// those with `84 83 00`, function not possible); malformed data for a modelled command is an error.
public enum ZVTMessage: Equatable, Sendable {
    // ECR → PT
    case registration(ZVTRegistration)
    case authorization(ZVTAuthorization)
    case statusEnquiry(ZVTStatusEnquiry)
    case reversal(ZVTReversal)
    case endOfDay(ZVTEndOfDay)
    /// 06 B0: abort the running transaction; allowed without master rights, ends after the ACK.
    case abortCommand
    /// 06 02: log off; ends after the ACK.
    case logOff
    /// 06 70
    case diagnosis
    /// 06 18
    case resetTerminal
    // Both directions
    case acknowledgement(ZVTAcknowledgement)
    // PT → ECR
    case intermediateStatus(ZVTIntermediateStatus)
    case statusInformation(ZVTStatusInformation)
    case printLine(ZVTPrintLine)
    case printTextBlock(ZVTPrintTextBlock)
    case completion(ZVTCompletion)
    case terminalAbort(ZVTTerminalAbort)
    /// A well-framed APDU whose control field this codec does not interpret.
    case unmodelled(ZVTAPDU)

    private static let emptyCommands: [ZVTCommandCode: ZVTMessage] = [
        .abortCommand: .abortCommand, .logOff: .logOff, .diagnosis: .diagnosis, .resetTerminal: .resetTerminal,
    ]

    public init(apdu: ZVTAPDU) throws(ZVTCodecError) {
        let command = apdu.command
        if command.classByte == ZVTCommandCode.positiveAcknowledgementClass
            || command.classByte == ZVTCommandCode.negativeAcknowledgementClass {
            self = .acknowledgement(try ZVTAcknowledgement(apdu: apdu))
            return
        }
        if let message = Self.emptyCommands[command] {
            guard apdu.data.isEmpty else { throw .trailingBytes(context: "command \(command)", count: apdu.data.count) }
            self = message
            return
        }
        switch command {
        case .registration: self = .registration(try ZVTRegistration(data: apdu.data))
        case .authorization: self = .authorization(try ZVTAuthorization(data: apdu.data))
        case .statusEnquiry: self = .statusEnquiry(try ZVTStatusEnquiry(data: apdu.data))
        case .reversal: self = .reversal(try ZVTReversal(data: apdu.data))
        case .endOfDay: self = .endOfDay(try ZVTEndOfDay(data: apdu.data))
        case .intermediateStatus: self = .intermediateStatus(try ZVTIntermediateStatus(data: apdu.data))
        case .statusInformation: self = .statusInformation(try ZVTStatusInformation(data: apdu.data))
        case .printLine: self = .printLine(try ZVTPrintLine(data: apdu.data))
        case .printTextBlock: self = .printTextBlock(try ZVTPrintTextBlock(data: apdu.data))
        case .completion: self = .completion(try ZVTCompletion(data: apdu.data))
        case .terminalAbort: self = .terminalAbort(try ZVTTerminalAbort(data: apdu.data))
        default: self = .unmodelled(apdu)
        }
    }

    /// Decodes one complete APDU's bytes (e.g. a serial frame payload) into a message.
    public init(bytes: [UInt8]) throws(ZVTCodecError) {
        try self.init(apdu: try ZVTAPDU.decode(bytes))
    }

    public func apdu() throws(ZVTCodecError) -> ZVTAPDU {
        switch self {
        case .registration(let body): return try body.apdu()
        case .authorization(let body): return try body.apdu()
        case .statusEnquiry(let body): return try body.apdu()
        case .reversal(let body): return try body.apdu()
        case .endOfDay(let body): return try body.apdu()
        case .abortCommand: return ZVTAPDU(.abortCommand)
        case .logOff: return ZVTAPDU(.logOff)
        case .diagnosis: return ZVTAPDU(.diagnosis)
        case .resetTerminal: return ZVTAPDU(.resetTerminal)
        case .acknowledgement(let ack): return try ack.apdu()
        case .intermediateStatus(let body): return try body.apdu()
        case .statusInformation(let body): return try body.apdu()
        case .printLine(let body): return try body.apdu()
        case .printTextBlock(let body): return try body.apdu()
        case .completion(let body): return try body.apdu()
        case .terminalAbort(let body): return try body.apdu()
        case .unmodelled(let apdu): return apdu
        }
    }

    /// The bytes to send over TCP.
    public func encoded() throws(ZVTCodecError) -> [UInt8] { try apdu().encoded() }
}
