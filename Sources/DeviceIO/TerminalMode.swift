import Glibc

/// termios handling shared by `SerialPort` and `PseudoTerminal`. Every tcgetattr/tcsetattr result is checked.
enum TerminalMode {
    /// Control-mode bits this module decides; read back after tcsetattr to catch drivers that ignore some.
    static let controlledFlags = tcflag_t(CSIZE | CSTOPB | PARENB | PARODD | CLOCAL | CREAD) | tcflag_t(CRTSCTS)

    static func attributes(of descriptor: Int32, path: String) throws(DeviceIOError) -> termios {
        var attributes = termios()
        guard tcgetattr(descriptor, &attributes) == 0 else {
            throw .systemCall("tcgetattr", path: path, errno: errno)
        }
        return attributes
    }

    /// Raw 8-bit transparent mode: no echo, no line editing, no signals, no CR/LF translation, no software
    /// flow control. VMIN=1/VTIME=0 so that, with O_NONBLOCK, an empty read is EAGAIN and 0 means hang-up.
    static func makeRaw(_ attributes: inout termios) {
        cfmakeraw(&attributes)
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        withUnsafeMutableBytes(of: &attributes.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 1
            controlCharacters[Int(VTIME)] = 0
        }
    }

    /// Puts the line into raw mode with `settings`, verifies the driver kept them, then discards stale bytes.
    static func configureSerial(
        descriptor: Int32, path: String, settings: SerialPortSettings
    ) throws(DeviceIOError) {
        guard let speed = SerialPortSettings.speedConstant(forBaud: settings.baudRate) else {
            // Unreachable for a validated SerialPortSettings; reported rather than trapped.
            throw .settingsNotApplied(path: path, expected: settings.description, found: "no termios speed constant")
        }
        var attributes = try Self.attributes(of: descriptor, path: path)
        makeRaw(&attributes)
        guard cfsetspeed(&attributes, speed) == 0 else {
            throw .systemCall("cfsetspeed", path: path, errno: errno)
        }
        let wanted = wantedControlFlags(settings)
        attributes.c_cflag = (attributes.c_cflag & ~controlledFlags) | wanted
        guard tcsetattr(descriptor, TCSANOW, &attributes) == 0 else {
            throw .systemCall("tcsetattr", path: path, errno: errno)
        }

        // tcsetattr succeeds if *any* change was applied (POSIX), so read the settings back.
        var applied = try Self.attributes(of: descriptor, path: path)
        if applied.c_cflag & controlledFlags != wanted || cfgetospeed(&applied) != speed {
            throw .settingsNotApplied(path: path, expected: settings.description, found: describe(applied))
        }
        guard tcflush(descriptor, TCIOFLUSH) == 0 else {
            throw .systemCall("tcflush", path: path, errno: errno)
        }
    }

    static func makeRaw(descriptor: Int32, path: String) throws(DeviceIOError) {
        var attributes = try Self.attributes(of: descriptor, path: path)
        makeRaw(&attributes)
        guard tcsetattr(descriptor, TCSANOW, &attributes) == 0 else {
            throw .systemCall("tcsetattr", path: path, errno: errno)
        }
    }

    /// Receiver on, modem control lines ignored (CLOCAL), no RTS/CTS: the kiosk's devices use none.
    static func wantedControlFlags(_ settings: SerialPortSettings) -> tcflag_t {
        var flags = settings.characterSizeFlag | tcflag_t(CLOCAL | CREAD)
        if settings.stopBits == .two { flags |= tcflag_t(CSTOPB) }
        switch settings.parity {
        case .none: break
        case .even: flags |= tcflag_t(PARENB)
        case .odd: flags |= tcflag_t(PARENB | PARODD)
        }
        return flags
    }

    /// Human-readable line settings from termios, for error messages ("9600 8N2, CRTSCTS").
    static func describe(_ attributes: termios) -> String {
        var copy = attributes
        let speed = cfgetospeed(&copy)
        let baud = SerialPortSettings.baud(forSpeedConstant: speed).map(String.init) ?? "speed code \(speed)"
        let dataBits: Int
        switch attributes.c_cflag & tcflag_t(CSIZE) {
        case tcflag_t(CS5): dataBits = 5
        case tcflag_t(CS6): dataBits = 6
        case tcflag_t(CS7): dataBits = 7
        default: dataBits = 8
        }
        let parity: Character
        if attributes.c_cflag & tcflag_t(PARENB) == 0 {
            parity = "N"
        } else {
            parity = attributes.c_cflag & tcflag_t(PARODD) == 0 ? "E" : "O"
        }
        let stopBits = attributes.c_cflag & tcflag_t(CSTOPB) == 0 ? 1 : 2
        var text = "\(baud) \(dataBits)\(parity)\(stopBits)"
        if attributes.c_cflag & tcflag_t(CRTSCTS) != 0 { text += ", CRTSCTS" }
        if attributes.c_cflag & tcflag_t(CLOCAL) == 0 { text += ", no CLOCAL" }
        if attributes.c_cflag & tcflag_t(CREAD) == 0 { text += ", no CREAD" }
        return text
    }
}
