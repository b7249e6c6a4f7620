/// A device setting in the configuration could not be understood. Messages say what was expected and what
/// was found; the config loader adds the key.
public enum DeviceConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedSerialSettings(found: String)
    case unsupportedBaudRate(found: String)
    case invalidDataBits(found: String)
    case invalidParity(found: String)
    case invalidStopBits(found: String)
    case malformedUSBID(found: String)

    public var description: String {
        switch self {
        case let .malformedSerialSettings(found):
            return "expected serial settings '<baud> <data bits><parity><stop bits>' such as '9600 8N2', found '\(found)'"
        case let .unsupportedBaudRate(found):
            let rates = SerialPortSettings.supportedBaudRates.map(String.init).joined(separator: ", ")
            return "expected a baud rate of \(rates), found '\(found)'"
        case let .invalidDataBits(found):
            return "expected data bits 5, 6, 7 or 8, found '\(found)'"
        case let .invalidParity(found):
            return "expected parity N (none), E (even) or O (odd), found '\(found)'"
        case let .invalidStopBits(found):
            return "expected stop bits 1 or 2, found '\(found)'"
        case let .malformedUSBID(found):
            return "expected a USB id '<vendor>:<product>' in 4 hex digits each such as '0403:6001', found '\(found)'"
        }
    }
}
