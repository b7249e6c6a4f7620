import Foundation
import KioskShell
import Testing
import TownCore

/// The repository's config/ folder, next to Tests/.
let configFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("config")

/// A complete, valid config as a JSON object that tests edit.
func validConfigDocument() -> [String: Any] {
    [
        "kiosk_id": "K01",
        "data_directory": "var/kioskd",
        "devices": [
            "nv200": ["path": "/dev/ironcashier-nv200"],
            "cctalk": ["path": "/dev/ironcashier-cctalk", "hoppers": ["3": 100, "4": 1000, "5": 2000], "echo": true],
            "printer": ["path": "/dev/ironcashier-printer", "baud": 19200],
            "card_terminal": ["host": "192.168.1.50", "port": 20008],
        ],
        "http": ["ui_port": 8080, "bind": "127.0.0.1"],
        "control": ["socket_path": "/run/kioskd/control.sock", "mode": "0660", "group": "kiosk-cashiers"],
        "timeouts": ["idle_seconds": 90, "cash_not_taken_seconds": 20],
        "metrics": ["enabled": false],
        "change_reserve": ["100": 30, "10000": 5],
    ]
}

/// Sets (or with nil removes) the value at a key path in a JSON object.
func setValue(_ value: Any?, at path: [String], in object: inout [String: Any]) {
    guard let key = path.first else { return }
    if path.count == 1 {
        object[key] = value
    } else {
        var child = object[key] as? [String: Any] ?? [:]
        setValue(value, at: Array(path.dropFirst()), in: &child)
        object[key] = child
    }
}

func decodeConfig(_ document: [String: Any]) throws(KioskConfigError) -> KioskConfig {
    // The document is built by the tests from JSON-compatible values.
    let data = (try? JSONSerialization.data(withJSONObject: document)) ?? Data()
    return try KioskConfig.decode(data)
}

func problems(of document: [String: Any]) -> [String] {
    do {
        _ = try decodeConfig(document)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite struct KioskConfigTests {
    @Test func simulatorExampleDecodes() throws {
        let config = try KioskConfig.load(fromFile: configFolder.appendingPathComponent("kioskd.example.json").path)
        #expect(config.kioskID == (try KioskCode("K01")))
        #expect(config.journalDatabasePath == "var/kioskd/journal.sqlite")
        #expect(config.devices.coinBus.hoppers == [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50])
        #expect(config.devices.cardTerminal == .init(host: "127.0.0.1", port: 20_007))
        #expect(config.http.bind == "127.0.0.1")
        #expect(config.control.mode == 0o660)
        #expect(config.changeReserve[.coin10] == 20)
    }

    @Test func kioskPCExampleDecodes() throws {
        let config = try KioskConfig.load(fromFile: configFolder.appendingPathComponent("kioskd.kiosk-pc.example.json").path)
        #expect(config.devices.noteValidator.udev == .init(vendor: 0x191C, product: 0x4104, serial: nil))
        #expect(config.devices.coinBus.location.udev?.vendor == 0x0403)
        #expect(config.devices.coinBus.location.path == "/dev/ironcashier-cctalk")
        #expect(config.control.group == "kiosk-cashiers")
        #expect(config.dataDirectory == "/var/lib/kioskd")
    }

    @Test func everyValueIsRead() throws {
        let config = try decodeConfig(validConfigDocument())
        #expect(config.devices.noteValidator == .init(path: "/dev/ironcashier-nv200", udev: nil))
        #expect(config.devices.coinBus.echo == true)
        #expect(config.devices.coinBus.hoppers == [3: .coin1, 4: .coin10, 5: .coin20])
        #expect(config.devices.printer.baud == 19_200)
        #expect(config.devices.cardTerminal.port == 20_008)
        #expect(config.control == .init(socketPath: "/run/kioskd/control.sock", mode: 0o660, group: "kiosk-cashiers"))
        #expect(config.timeouts.idle == .seconds(90))
        #expect(config.timeouts.cashNotTaken == .seconds(20))
        #expect(config.metrics.enabled == false)
        #expect(config.changeReserve == [.coin1: 30, .note100: 5])
    }

    @Test func optionalKeysTakeTheirDefaults() throws {
        var document = validConfigDocument()
        for path in [["timeouts"], ["metrics"], ["change_reserve"], ["http", "bind"], ["control", "mode"], ["control", "group"],
                     ["devices", "cctalk", "echo"], ["devices", "printer", "baud"], ["devices", "card_terminal", "port"]] {
            setValue(nil, at: path, in: &document)
        }
        let config = try decodeConfig(document)
        #expect(config.timeouts == .init(idleSeconds: 120, cashNotTakenSeconds: 30))
        #expect(config.metrics.enabled == true)
        #expect(config.changeReserve.isEmpty)
        #expect(config.http.bind == "127.0.0.1")
        #expect(config.control.mode == 0o660)
        #expect(config.control.group == nil)
        #expect(config.devices.coinBus.echo == false)
        #expect(config.devices.printer.baud == 9600)
        #expect(config.devices.cardTerminal.port == 20_007)
    }

    @Test func udevWithPathFallbackIsRead() throws {
        var document = validConfigDocument()
        setValue(["vendor": "191C", "product": "4104", "serial": "A10K1XYZ"], at: ["devices", "nv200", "udev"], in: &document)
        let config = try decodeConfig(document)
        #expect(config.devices.noteValidator == .init(path: "/dev/ironcashier-nv200",
                                                      udev: .init(vendor: 0x191C, product: 0x4104, serial: "A10K1XYZ")))
    }

    @Test func everyProblemIsListedAtOnce() {
        var document = validConfigDocument()
        setValue("k-1", at: ["kiosk_id"], in: &document)
        setValue(300, at: ["devices", "cctalk", "hoppers", "9"], in: &document)
        setValue(true, at: ["metrics", "enabld"], in: &document)
        let found = problems(of: document)
        #expect(found.count == 3)
        #expect(found.contains { $0.hasPrefix("kiosk_id: ") })
        #expect(found.contains { $0.hasPrefix("devices.cctalk.hoppers[\"9\"]: ") })
        #expect(found.contains { $0.hasPrefix("metrics.enabld: unknown key") })
        do {
            _ = try decodeConfig(document)
        } catch {
            #expect(error.description.hasPrefix("invalid config, 3 problems:\n  "))
        }
    }

    @Test func syntaxErrorsAndUnreadableFilesAreReported() throws {
        #expect(throws: KioskConfigError.notJSON(reason: "line 3, column 10: Invalid value around character 31.")) {
            try KioskConfig.decode(Data("{\n \"kiosk_id\": \"K01\",\n \"x\": [1,, 2]\n}".utf8))
        }
        do {
            _ = try KioskConfig.load(fromFile: "/nonexistent/kioskd.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.description == "cannot read the config file /nonexistent/kioskd.json: The operation could not be completed. The file doesn’t exist.")
        }
        do {
            _ = try KioskConfig.decode(Data("[1, 2]".utf8))
        } catch {
            #expect(error.problems.map(\.description) == [
                "(top level): expected an object with keys kiosk_id, data_directory, devices, http, control, timeouts, metrics, change_reserve, sync, found an array",
            ])
        }
    }
}
