import Foundation
import KioskShell
import Testing

/// One class of bad config: how to break the valid document, and the exact problem kioskd must report.
struct BadConfig: Sendable, CustomTestStringConvertible {
    let name: String
    let edits: [([String], SendableJSON?)]
    let expected: String

    var testDescription: String { name }
}

/// JSON-compatible values the table can hold and still be Sendable.
enum SendableJSON: Sendable {
    case int(Int)
    case string(String)
    case bool(Bool)
    /// Only to check that fractions are refused where whole numbers belong.
    case fraction(Double)
    case object([String: SendableJSON])

    var any: Any {
        switch self {
        case let .int(value): value
        case let .string(value): value
        case let .bool(value): value
        case let .fraction(value): value
        case let .object(value): value.mapValues(\.any)
        }
    }
}

let badConfigs: [BadConfig] = [
    BadConfig(name: "hopper value is not a coin", edits: [(["devices", "cctalk", "hoppers", "9"], .int(300))],
              expected: "devices.cctalk.hoppers[\"9\"]: expected a coin value in haléře (100, 200, 500, 1000, 2000, 5000), found 300"),
    BadConfig(name: "hopper value is a note", edits: [(["devices", "cctalk", "hoppers", "6"], .int(10_000))],
              expected: "devices.cctalk.hoppers[\"6\"]: expected a coin value in haléře (100, 200, 500, 1000, 2000, 5000), found 10000"),
    BadConfig(name: "hopper address is reserved", edits: [(["devices", "cctalk", "hoppers", "1"], .int(500))],
              expected: "devices.cctalk.hoppers[\"1\"]: expected a ccTalk hopper address 3…255 as the key, found \"1\""),
    BadConfig(name: "two hoppers for one coin", edits: [(["devices", "cctalk", "hoppers", "7"], .int(1000))],
              expected: "devices.cctalk.hoppers: expected at most one hopper per coin, found 2 for 10 Kč (addresses 4, 7)"),
    BadConfig(name: "misspelt key", edits: [(["devices", "printer", "baudrate"], .int(9600))],
              expected: "devices.printer.baudrate: unknown key; expected one of path, udev, baud (did you mean \"baud\"?)"),
    BadConfig(name: "unknown key without a near match", edits: [(["colour"], .string("red"))],
              expected: "colour: unknown key; expected one of kiosk_id, data_directory, devices, http, control, timeouts, metrics, change_reserve, sync"),
    BadConfig(name: "missing required key", edits: [(["control", "socket_path"], nil)],
              expected: "control.socket_path: missing; expected a socket file path of at most 107 bytes, such as \"/run/kioskd/control.sock\""),
    BadConfig(name: "missing device", edits: [(["devices", "card_terminal"], nil)],
              expected: "devices.card_terminal: missing; expected an object with keys host, port, completion_timeout_seconds"),
    BadConfig(name: "port given as a string", edits: [(["http", "ui_port"], .string("8080"))],
              expected: "http.ui_port: expected a TCP port 1…65535, found \"8080\""),
    BadConfig(name: "port out of range", edits: [(["devices", "card_terminal", "port"], .int(70_000))],
              expected: "devices.card_terminal.port: expected a TCP port 1…65535, found 70000"),
    BadConfig(name: "card completion timeout too short", edits: [(["devices", "card_terminal", "completion_timeout_seconds"], .int(1))],
              expected: "devices.card_terminal.completion_timeout_seconds: expected seconds 2…600, found 1"),
    BadConfig(name: "UI reachable from the network", edits: [(["http", "bind"], .string("0.0.0.0"))],
              expected: "http.bind: expected a loopback address (127.0.0.1, another 127.x.x.x, ::1 or localhost); the UI API must not be reachable from the network, found \"0.0.0.0\""),
    BadConfig(name: "control socket open to others", edits: [(["control", "mode"], .string("0666"))],
              expected: "control.mode: expected an octal mode string without permissions for others, such as \"0660\", found \"0666\""),
    BadConfig(name: "control mode not octal", edits: [(["control", "mode"], .string("0690"))],
              expected: "control.mode: expected an octal mode string without permissions for others, such as \"0660\", found \"0690\""),
    BadConfig(name: "control socket path too long", edits: [(["control", "socket_path"], .string("/" + String(repeating: "s", count: 107)))],
              expected: "control.socket_path: expected a socket file path of at most 107 bytes, such as \"/run/kioskd/control.sock\", found \"/\(String(repeating: "s", count: 79))\"…"),
    BadConfig(name: "group name with a space", edits: [(["control", "group"], .string("kiosk cashiers"))],
              expected: "control.group: expected a Unix group name such as \"kiosk-cashiers\", found \"kiosk cashiers\""),
    BadConfig(name: "kiosk id malformed", edits: [(["kiosk_id"], .string("k-1"))],
              expected: "kiosk_id: expected a kiosk code: an uppercase letter, then 1–7 uppercase letters or digits, such as \"K01\", found \"k-1\""),
    BadConfig(name: "device with neither path nor udev", edits: [(["devices", "nv200"], .object([:]))],
              expected: "devices.nv200: expected \"path\" or \"udev\" {vendor, product, serial?} to find the device, found neither"),
    BadConfig(name: "udev vendor not hex", edits: [(["devices", "nv200", "udev"], .object(["vendor": .string("19g1"), "product": .string("4104")]))],
              expected: "devices.nv200.udev.vendor: expected a USB vendor id of 4 hex digits as a string, such as \"0403\", found \"19g1\""),
    BadConfig(name: "udev product as a number", edits: [(["devices", "nv200", "udev"], .object(["vendor": .string("191c"), "product": .int(4104)]))],
              expected: "devices.nv200.udev.product: expected a USB product id of 4 hex digits as a string, such as \"0403\", found 4104"),
    BadConfig(name: "unsupported baud rate", edits: [(["devices", "printer", "baud"], .int(9601))],
              expected: "devices.printer.baud: expected a baud rate (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400), found 9601"),
    BadConfig(name: "echo not a boolean", edits: [(["devices", "cctalk", "echo"], .string("yes"))],
              expected: "devices.cctalk.echo: expected true or false, found \"yes\""),
    BadConfig(name: "number where a boolean belongs", edits: [(["devices", "cctalk", "echo"], .int(1))],
              expected: "devices.cctalk.echo: expected true or false, found 1"),
    BadConfig(name: "boolean where a number belongs", edits: [(["http", "ui_port"], .bool(true))],
              expected: "http.ui_port: expected a TCP port 1…65535, found true"),
    BadConfig(name: "recovery deadline too short", edits: [(["timeouts", "recovery_seconds"], .int(1))],
              expected: "timeouts.recovery_seconds: expected whole seconds 3…300, found 1"),
    BadConfig(name: "fraction where an integer belongs", edits: [(["timeouts", "cash_not_taken_seconds"], .fraction(7.5))],
              expected: "timeouts.cash_not_taken_seconds: expected whole seconds 5…600, found 7.5"),
    BadConfig(name: "idle timeout out of range", edits: [(["timeouts", "idle_seconds"], .int(5))],
              expected: "timeouts.idle_seconds: expected whole seconds 10…3600, found 5"),
    BadConfig(name: "reserve of a coin without hopper", edits: [(["change_reserve", "5000"], .int(10))],
              expected: "change_reserve[\"5000\"]: expected a coin that has a hopper in devices.cctalk.hoppers, found 50 Kč which has none"),
    BadConfig(name: "reserve of a non-denomination", edits: [(["change_reserve", "300"], .int(10))],
              expected: "change_reserve[\"300\"]: expected a denomination in haléře (100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000) as the key, found \"300\""),
    BadConfig(name: "negative reserve", edits: [(["change_reserve", "100"], .int(-1))],
              expected: "change_reserve[\"100\"]: expected a number of pieces 0…10000, found -1"),
    BadConfig(name: "sync server URL without a scheme",
              edits: [(["sync"], .object(["server_url": .string("town.example"), "secret_hex": .string(String(repeating: "ab", count: 32))]))],
              expected: "sync.server_url: expected an http:// or https:// URL of the town server such as \"https://town.example\", found \"town.example\""),
    BadConfig(name: "sync secret too short",
              edits: [(["sync"], .object(["server_url": .string("http://127.0.0.1:8090"), "secret_hex": .string("abcd")]))],
              expected: "sync.secret_hex: expected at least 64 hex digits (`openssl rand -hex 32`), found 4 characters that are not"),
    BadConfig(name: "sync unbound voucher policy unknown",
              edits: [(["sync"], .object(["server_url": .string("http://127.0.0.1:8090"), "secret_hex": .string(String(repeating: "ab", count: 32)),
                                          "unbound_vouchers": .string("claim")]))],
              expected: "sync.unbound_vouchers: expected \"refuse\" or \"claim_online\", found \"claim\""),
    BadConfig(name: "sync without a secret",
              edits: [(["sync"], .object(["server_url": .string("http://127.0.0.1:8090")]))],
              expected: "sync.secret_file: missing; expected secret_file (a file of at least 64 hex digits (`openssl rand -hex 32`), mode 0600) or secret_hex"),
    BadConfig(name: "section of the wrong type", edits: [(["http"], .string("8080"))],
              expected: "http: expected an object with keys ui_port, bind, ui_directory, found \"8080\""),
]

@Suite struct KioskConfigProblemTests {
    @Test(arguments: badConfigs)
    func badConfigNamesTheKeyAndWhatWasExpected(_ bad: BadConfig) {
        var document = validConfigDocument()
        for (path, value) in bad.edits { setValue(value?.any, at: path, in: &document) }
        #expect(problems(of: document) == [bad.expected])
    }
}
