import TownCore

/// kioskd's single configuration file, read once at start (`KioskConfig.load(fromFile:)`).
/// Every key is validated; unknown keys are errors. The format is documented by
/// `config/kioskd.example.json` and the key list in each nested type.
public struct KioskConfig: Sendable, Equatable {
    /// `kiosk_id`: this kiosk's code, used in receipt numbers and voucher binding.
    public var kioskID: KioskCode
    /// `data_directory`: where the journal database lives.
    public var dataDirectory: String
    public var devices: Devices
    public var http: HTTP
    public var control: Control
    public var timeouts: Timeouts
    public var metrics: Metrics
    /// `change_reserve`: pieces of each denomination (key in haléře) kept back so change can be given;
    /// the engine does not pay vouchers out of this reserve.
    public var changeReserve: [Denomination: Int]
    /// `sync`: the town server this kiosk syncs with; absent on a kiosk that runs from its seed file alone.
    public var sync: Sync?

    /// Memberwise, for tests and tools; kioskd itself reads the file with `load(fromFile:)`, which validates.
    public init(kioskID: KioskCode, dataDirectory: String, devices: Devices, http: HTTP, control: Control,
                timeouts: Timeouts = .init(), metrics: Metrics = .init(), changeReserve: [Denomination: Int] = [:],
                sync: Sync? = nil) {
        self.kioskID = kioskID
        self.dataDirectory = dataDirectory
        self.devices = devices
        self.http = http
        self.control = control
        self.timeouts = timeouts
        self.metrics = metrics
        self.changeReserve = changeReserve
        self.sync = sync
    }

    /// The journal database inside `dataDirectory`.
    public var journalDatabasePath: String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "journal.sqlite" : dataDirectory + "/journal.sqlite"
    }

    /// The sync agent's local cache of what the town server sent, inside `dataDirectory`.
    public var syncDatabasePath: String {
        dataDirectory.hasSuffix("/") ? dataDirectory + "sync.sqlite" : dataDirectory + "/sync.sqlite"
    }

    /// `devices`: `nv200`, `cctalk`, `printer`, `card_terminal` — all required.
    public struct Devices: Sendable, Equatable {
        public var noteValidator: SerialDeviceLocation
        public var coinBus: CoinBus
        public var printer: Printer
        public var cardTerminal: CardTerminal

        public init(noteValidator: SerialDeviceLocation, coinBus: CoinBus, printer: Printer, cardTerminal: CardTerminal) {
            (self.noteValidator, self.coinBus, self.printer, self.cardTerminal) = (noteValidator, coinBus, printer, cardTerminal)
        }
    }

    /// How a serial device is found: `path`, and/or `udev` {vendor, product, serial?}. With both, the USB
    /// match wins and the path is the fallback (the rule `DeviceMatcher` applies).
    public struct SerialDeviceLocation: Sendable, Equatable {
        public var path: String?
        public var udev: UdevMatch?

        public init(path: String? = nil, udev: UdevMatch? = nil) {
            (self.path, self.udev) = (path, udev)
        }
    }

    /// `udev`: USB identity as 4-hex-digit strings (`"191c"`), plus the adapter's serial number when two
    /// adapters share vendor and product.
    public struct UdevMatch: Sendable, Equatable {
        public var vendor: UInt16
        public var product: UInt16
        public var serial: String?

        public init(vendor: UInt16, product: UInt16, serial: String? = nil) {
            (self.vendor, self.product, self.serial) = (vendor, product, serial)
        }
    }

    /// `devices.cctalk`: the bus line, `hoppers` (bus address → coin value in haléře, one hopper per coin)
    /// and `echo` (true on a single-wire bus that echoes the host's bytes; default false).
    public struct CoinBus: Sendable, Equatable {
        public var location: SerialDeviceLocation
        public var hoppers: [UInt8: Denomination]
        public var echo: Bool

        public init(location: SerialDeviceLocation, hoppers: [UInt8: Denomination], echo: Bool = false) {
            (self.location, self.hoppers, self.echo) = (location, hoppers, echo)
        }
    }

    /// `devices.printer`: the line and its `baud` rate (default 9600).
    public struct Printer: Sendable, Equatable {
        public var location: SerialDeviceLocation
        public var baud: Int

        public static let defaultBaud = 9600

        public init(location: SerialDeviceLocation, baud: Int = defaultBaud) {
            (self.location, self.baud) = (location, baud)
        }
    }

    /// `devices.card_terminal`: the ZVT terminal's `host` and `port` (default 20007), and
    /// `completion_timeout_seconds` (default 180): how long a payment may run before the kiosk stops waiting
    /// for its answer and asks the terminal what happened.
    public struct CardTerminal: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var completionTimeoutSeconds: Int

        public static let defaultPort = 20_007
        public static let defaultCompletionTimeoutSeconds = 180

        public init(host: String, port: Int = defaultPort, completionTimeoutSeconds: Int = defaultCompletionTimeoutSeconds) {
            (self.host, self.port, self.completionTimeoutSeconds) = (host, port, completionTimeoutSeconds)
        }
    }

    /// `http`: the touchscreen UI's `ui_port`, bound to `bind` (default 127.0.0.1; must be loopback), and
    /// `ui_directory`, the touchscreen's static files (index.html…) served at `/`; without it only the API is served.
    public struct HTTP: Sendable, Equatable {
        public var uiPort: Int
        public var bind: String
        public var uiDirectory: String?

        public static let defaultBind = "127.0.0.1"

        public init(uiPort: Int, bind: String = defaultBind, uiDirectory: String? = nil) {
            (self.uiPort, self.bind, self.uiDirectory) = (uiPort, bind, uiDirectory)
        }
    }

    /// `control`: the Unix socket for kioskctl: `socket_path`, `mode` (octal string, default "0660",
    /// never open to others) and the optional `group` given access.
    public struct Control: Sendable, Equatable {
        public var socketPath: String
        public var mode: UInt32
        public var group: String?

        public static let defaultMode: UInt32 = 0o660

        public init(socketPath: String, mode: UInt32 = defaultMode, group: String? = nil) {
            (self.socketPath, self.mode, self.group) = (socketPath, mode, group)
        }
    }

    /// `timeouts`: `idle_seconds` (back to the start screen, default 120), `cash_not_taken_seconds`
    /// (retract dispensed cash, default 30) and `recovery_seconds` (how long after a restart the devices may take
    /// to report what happened to an interrupted transaction, default 15).
    public struct Timeouts: Sendable, Equatable {
        public var idleSeconds: Int
        public var cashNotTakenSeconds: Int
        public var recoverySeconds: Int

        public init(idleSeconds: Int = 120, cashNotTakenSeconds: Int = 30, recoverySeconds: Int = 15) {
            (self.idleSeconds, self.cashNotTakenSeconds, self.recoverySeconds) = (idleSeconds, cashNotTakenSeconds, recoverySeconds)
        }

        public var idle: Duration { .seconds(idleSeconds) }
        public var cashNotTaken: Duration { .seconds(cashNotTakenSeconds) }
        public var recovery: Duration { .seconds(recoverySeconds) }
    }

    /// `metrics`: whether `GET /metrics` is served on the UI's loopback port (default true).
    public struct Metrics: Sendable, Equatable {
        public var enabled: Bool

        public init(enabled: Bool = true) { self.enabled = enabled }
    }
}
