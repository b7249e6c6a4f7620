import Glibc

/// Line settings of a serial port: baud rate, data bits, parity and stop bits ("9600 8N2").
public struct SerialPortSettings: Sendable, Hashable, CustomStringConvertible {
    public enum Parity: Sendable, Hashable {
        case none, even, odd

        /// The letter used in "8N1"-style notation.
        public var letter: Character {
            switch self {
            case .none: "N"
            case .even: "E"
            case .odd: "O"
            }
        }
    }

    public enum StopBits: Int, Sendable, Hashable {
        case one = 1
        case two = 2
    }

    public let baudRate: Int
    public let dataBits: Int
    public let parity: Parity
    public let stopBits: StopBits

    /// ITL SSP/eSSP (NV200, Smart Hopper): 9600 baud, 8 data bits, no parity, 2 stop bits.
    public static let ssp = SerialPortSettings(checkedBaud: 9600, dataBits: 8, parity: .none, stopBits: .two)
    /// ccTalk: 9600 baud, 8 data bits, no parity, 1 stop bit.
    public static let ccTalk = SerialPortSettings(checkedBaud: 9600, dataBits: 8, parity: .none, stopBits: .one)

    /// Rates with a termios speed constant, in ascending order.
    public static let supportedBaudRates: [Int] = speedTable.map(\.baud)

    public init(baudRate: Int, dataBits: Int = 8, parity: Parity = .none, stopBits: StopBits = .one)
        throws(DeviceConfigError)
    {
        guard Self.speedConstant(forBaud: baudRate) != nil else {
            throw .unsupportedBaudRate(found: String(baudRate))
        }
        guard (5...8).contains(dataBits) else { throw .invalidDataBits(found: String(dataBits)) }
        self.init(checkedBaud: baudRate, dataBits: dataBits, parity: parity, stopBits: stopBits)
    }

    /// Parses the config notation "<baud> <data bits><parity><stop bits>", e.g. "9600 8N2" or "19200 7e1".
    public init(parsing text: String) throws(DeviceConfigError) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2 else { throw .malformedSerialSettings(found: text) }
        let baudText = fields[0]
        let frame = Array(fields[1])
        guard frame.count == 3 else { throw .malformedSerialSettings(found: text) }

        guard baudText.allSatisfy(\.isASCIIDigit), let baud = Int(baudText),
              Self.speedConstant(forBaud: baud) != nil
        else { throw .unsupportedBaudRate(found: String(baudText)) }

        guard frame[0].isASCIIDigit, let dataBits = frame[0].wholeNumberValue, (5...8).contains(dataBits)
        else { throw .invalidDataBits(found: String(frame[0])) }

        let parity: Parity
        switch frame[1].uppercased() {
        case "N": parity = .none
        case "E": parity = .even
        case "O": parity = .odd
        default: throw .invalidParity(found: String(frame[1]))
        }

        let stopBits: StopBits
        switch frame[2] {
        case "1": stopBits = .one
        case "2": stopBits = .two
        default: throw .invalidStopBits(found: String(frame[2]))
        }
        self.init(checkedBaud: baud, dataBits: dataBits, parity: parity, stopBits: stopBits)
    }

    public var description: String {
        "\(baudRate) \(dataBits)\(parity.letter)\(stopBits.rawValue)"
    }

    private init(checkedBaud: Int, dataBits: Int, parity: Parity, stopBits: StopBits) {
        self.baudRate = checkedBaud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    // MARK: termios encoding

    private static let speedTable: [(baud: Int, speed: speed_t)] = [
        (1200, speed_t(B1200)), (2400, speed_t(B2400)), (4800, speed_t(B4800)), (9600, speed_t(B9600)),
        (19200, speed_t(B19200)), (38400, speed_t(B38400)), (57600, speed_t(B57600)),
        (115200, speed_t(B115200)), (230400, speed_t(B230400)),
    ]

    static func speedConstant(forBaud baud: Int) -> speed_t? {
        speedTable.first { $0.baud == baud }?.speed
    }

    static func baud(forSpeedConstant speed: speed_t) -> Int? {
        speedTable.first { $0.speed == speed }?.baud
    }

    var characterSizeFlag: tcflag_t {
        switch dataBits {
        case 5: tcflag_t(CS5)
        case 6: tcflag_t(CS6)
        case 7: tcflag_t(CS7)
        default: tcflag_t(CS8)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
