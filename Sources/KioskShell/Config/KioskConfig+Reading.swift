import Foundation
import TownCore

extension KioskConfig {
    /// Reads and validates the config file at `path`.
    public static func load(fromFile path: String) throws(KioskConfigError) -> KioskConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let nsError = error as NSError
            let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
            throw .unreadable(file: path, reason: (underlying ?? nsError).localizedDescription)
        }
        return try decode(data)
    }

    /// Validates a config document; lists every problem found, not just the first.
    public static func decode(_ data: Data) throws(KioskConfigError) -> KioskConfig {
        let document: JSONValue
        do { document = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw .notJSON(reason: Self.syntaxErrorSummary(data, decoderError: error))
        }
        let problems = ConfigProblems()
        let config = read(document, problems: problems)
        guard problems.list.isEmpty, let config else { throw .invalid(problems.list) }
        return config
    }

    private static func read(_ document: JSONValue, problems: ConfigProblems) -> KioskConfig? {
        let topKeys = ["kiosk_id", "data_directory", "devices", "http", "control", "timeouts", "metrics", "change_reserve", "sync"]
        guard let top = ConfigObject(document, at: .root, knownKeys: topKeys, problems: problems) else { return nil }
        let kioskID = top.required("kiosk_id", .kioskCode)
        let dataDirectory = top.required("data_directory", .path("a directory path for the journal database"))
        let devices = top.requiredObject("devices", knownKeys: ["nv200", "cctalk", "printer", "card_terminal"])
            .flatMap(readDevices)
        let http = top.requiredObject("http", knownKeys: ["ui_port", "bind", "ui_directory"]).flatMap(readHTTP)
        let control = top.requiredObject("control", knownKeys: ["socket_path", "mode", "group"]).flatMap(readControl)
        let timeouts = readTimeouts(top.optionalObject("timeouts", knownKeys: ["idle_seconds", "cash_not_taken_seconds", "recovery_seconds"]))
        let metrics = readMetrics(top.optionalObject("metrics", knownKeys: ["enabled"]))
        let changeReserve = top.map(
            "change_reserve", keyExpected: "a denomination in haléře (\(Self.list(Denomination.all)))",
            parseKey: Self.denomination(fromKey:), value: .integer(in: 0...10_000, "a number of pieces 0…10000"))

        let sync = readSync(top.optionalObject("sync", knownKeys: Sync.keys))

        if let changeReserve, let hoppers = devices?.coinBus.hoppers {
            let coinsWithHopper = Set(hoppers.values)
            for coin in changeReserve.keys.sorted() where coin.kind == .coin && !coinsWithHopper.contains(coin) {
                problems.add(ConfigKeyPath.root.appending(key: "change_reserve").appending(entry: String(coin.value.halere)),
                             "expected a coin that has a hopper in devices.cctalk.hoppers, found \(coin) which has none")
            }
        }
        guard let kioskID, let dataDirectory, let devices, let http, let control, let timeouts, let metrics,
              let changeReserve, let sync
        else { return nil }
        return KioskConfig(kioskID: kioskID, dataDirectory: dataDirectory, devices: devices, http: http, control: control,
                           timeouts: timeouts, metrics: metrics, changeReserve: changeReserve, sync: sync)
    }

    private static let serialKeys = ["path", "udev"]

    private static func readDevices(_ object: ConfigObject) -> Devices? {
        let nv200 = object.requiredObject("nv200", knownKeys: serialKeys).flatMap(readLocation)
        let coinBus = object.requiredObject("cctalk", knownKeys: serialKeys + ["hoppers", "echo"]).flatMap { bus in
            readCoinBus(bus)
        }
        let printer = object.requiredObject("printer", knownKeys: serialKeys + ["baud"]).flatMap { printer -> Printer? in
            let location = readLocation(printer)
            let baud = printer.optional("baud", .oneOf(supportedBaudRates, "a baud rate")).or(Printer.defaultBaud)
            guard let location, let baud else { return nil }
            return Printer(location: location, baud: baud)
        }
        let terminal = object.requiredObject("card_terminal", knownKeys: ["host", "port", "completion_timeout_seconds"])
            .flatMap { terminal -> CardTerminal? in
                let host = terminal.required("host", .hostName)
                let port = terminal.optional("port", .integer(in: 1...65_535, "a TCP port 1…65535")).or(CardTerminal.defaultPort)
                let completion = terminal.optional("completion_timeout_seconds", .integer(in: 2...600, "seconds 2…600"))
                    .or(CardTerminal.defaultCompletionTimeoutSeconds)
                guard let host, let port, let completion else { return nil }
                return CardTerminal(host: host, port: port, completionTimeoutSeconds: completion)
            }
        guard let nv200, let coinBus, let printer, let terminal else { return nil }
        return Devices(noteValidator: nv200, coinBus: coinBus, printer: printer, cardTerminal: terminal)
    }

    private static func readLocation(_ object: ConfigObject) -> SerialDeviceLocation? {
        guard object.has("path") || object.has("udev") else {
            object.report(nil, "expected \"path\" or \"udev\" {vendor, product, serial?} to find the device, found neither")
            return nil
        }
        let path = object.optional("path", .path("a device path such as /dev/ironcashier-nv200")).optionalValue
        let udev = readUdev(object.optionalObject("udev", knownKeys: ["vendor", "product", "serial"]))
        guard let path, let udev else { return nil }
        return SerialDeviceLocation(path: path, udev: udev)
    }

    /// nil when invalid, `.some(nil)` when absent.
    private static func readUdev(_ field: ConfigField<ConfigObject>) -> UdevMatch?? {
        switch field {
        case .absent: return .some(nil)
        case .invalid: return nil
        case let .present(udev):
            let vendor = udev.required("vendor", .usbID("vendor"))
            let product = udev.required("product", .usbID("product"))
            let serial = udev.optional("serial", .nonEmptyString("the adapter's USB serial number")).optionalValue
            guard let vendor, let product, let serial else { return nil }
            return .some(UdevMatch(vendor: vendor, product: product, serial: serial))
        }
    }

    private static func readCoinBus(_ object: ConfigObject) -> CoinBus? {
        let location = readLocation(object)
        let coinList = list(Denomination.coins)
        let hoppers: [UInt8: Denomination]? = object.map(
            "hoppers", keyExpected: "a ccTalk hopper address 3…255",
            parseKey: { (key: String) -> UInt8? in UInt8(key).flatMap { $0 >= 3 ? $0 : nil } },
            value: ConfigValue<Denomination>(expected: "a coin value in haléře (\(coinList))") { value in
                guard case let .integer(halere) = value,
                      let coin = try? Denomination(value: Money(halere: halere)), coin.kind == .coin else { return nil }
                return coin
            })
        let echo = object.optional("echo", .bool).or(false)
        var oneHopperPerCoin = true
        for (coin, entries) in Dictionary(grouping: hoppers ?? [:], by: \.value).sorted(by: { $0.key < $1.key })
        where entries.count > 1 {
            let addresses = entries.map(\.key).sorted().map(String.init).joined(separator: ", ")
            object.report("hoppers", "expected at most one hopper per coin, found \(entries.count) for \(coin) (addresses \(addresses))")
            oneHopperPerCoin = false
        }
        guard let location, let hoppers, let echo, oneHopperPerCoin else { return nil }
        return CoinBus(location: location, hoppers: hoppers, echo: echo)
    }

    private static func readHTTP(_ object: ConfigObject) -> HTTP? {
        let port = object.required("ui_port", .integer(in: 1...65_535, "a TCP port 1…65535"))
        let bind = object.optional("bind", .loopbackAddress).or(HTTP.defaultBind)
        let directory = object.optional("ui_directory", .path("a directory of the touchscreen's static files, such as \"/usr/share/ironcashier/ui\"")).optionalValue
        guard let port, let bind, let directory else { return nil }
        return HTTP(uiPort: port, bind: bind, uiDirectory: directory)
    }

    private static func readControl(_ object: ConfigObject) -> Control? {
        let path = object.required("socket_path", .socketPath)
        let mode = object.optional("mode", .socketMode).or(Control.defaultMode)
        let group = object.optional("group", .groupName).optionalValue
        guard let path, let mode, let group else { return nil }
        return Control(socketPath: path, mode: mode, group: group)
    }

    private static func readTimeouts(_ field: ConfigField<ConfigObject>) -> Timeouts? {
        let defaults = Timeouts()
        switch field {
        case .absent: return defaults
        case .invalid: return nil
        case let .present(object):
            let idle = object.optional("idle_seconds", .integer(in: 10...3600, "whole seconds 10…3600")).or(defaults.idleSeconds)
            let cash = object.optional("cash_not_taken_seconds", .integer(in: 5...600, "whole seconds 5…600"))
                .or(defaults.cashNotTakenSeconds)
            let recovery = object.optional("recovery_seconds", .integer(in: 3...300, "whole seconds 3…300"))
                .or(defaults.recoverySeconds)
            guard let idle, let cash, let recovery else { return nil }
            return Timeouts(idleSeconds: idle, cashNotTakenSeconds: cash, recoverySeconds: recovery)
        }
    }

    private static func readMetrics(_ field: ConfigField<ConfigObject>) -> Metrics? {
        switch field {
        case .absent: return Metrics()
        case .invalid: return nil
        case let .present(object): return object.optional("enabled", .bool).or(Metrics().enabled).map { Metrics(enabled: $0) }
        }
    }

    static let supportedBaudRates = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200, 230_400]

    private static func denomination(fromKey key: String) -> Denomination? {
        Int64(key).flatMap { try? Denomination(value: Money(halere: $0)) }
    }

    private static func list(_ denominations: [Denomination]) -> String {
        denominations.map { String($0.value.halere) }.joined(separator: ", ")
    }

    /// JSONDecoder does not say where the syntax error is; JSONSerialization gives a byte offset,
    /// which is turned into a line and column a technician can find in an editor.
    private static func syntaxErrorSummary(_ data: Data, decoderError: any Error) -> String {
        let detail: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "\(decoderError)"  // valid for JSONSerialization, refused by JSONDecoder
        } catch {
            detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        guard let marker = detail.range(of: "character "),
              let offset = Int(detail[marker.upperBound...].prefix(while: \.isNumber)), offset <= data.count
        else { return detail }
        let before = Array(data.prefix(offset))
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "line \(line), column \(column): \(detail)"
    }
}
