import DeviceIO
import Testing

@Suite struct SerialPortSettingsTests {
    @Test func presetsMatchTheProtocols() {
        #expect(SerialPortSettings.ssp.description == "9600 8N2")
        #expect(SerialPortSettings.ccTalk.description == "9600 8N1")
        #expect(SerialPortSettings.ssp.stopBits == .two)
        #expect(SerialPortSettings.ccTalk.parity == .none)
    }

    @Test func parsesConfigNotation() throws {
        #expect(try SerialPortSettings(parsing: "9600 8N2") == .ssp)
        #expect(try SerialPortSettings(parsing: " 9600\t8n1 ") == .ccTalk)
        let seven = try SerialPortSettings(parsing: "19200 7E1")
        #expect(seven.baudRate == 19200)
        #expect(seven.dataBits == 7)
        #expect(seven.parity == .even)
        #expect(seven.stopBits == .one)
        let odd = try SerialPortSettings(parsing: "115200 8o2")
        #expect(odd.parity == .odd)
        #expect(odd.description == "115200 8O2")
    }

    @Test(arguments: [
        ("", DeviceConfigError.malformedSerialSettings(found: "")),
        ("9600", .malformedSerialSettings(found: "9600")),
        ("9600 8N", .malformedSerialSettings(found: "9600 8N")),
        ("9600 8N1 extra", .malformedSerialSettings(found: "9600 8N1 extra")),
        ("9600 8N11", .malformedSerialSettings(found: "9600 8N11")),
        ("9601 8N1", .unsupportedBaudRate(found: "9601")),
        ("fast 8N1", .unsupportedBaudRate(found: "fast")),
        ("-9600 8N1", .unsupportedBaudRate(found: "-9600")),
        ("99999999999999999999999 8N1", .unsupportedBaudRate(found: "99999999999999999999999")),
        ("9600 9N1", .invalidDataBits(found: "9")),
        ("9600 4N1", .invalidDataBits(found: "4")),
        ("9600 ８N1", .invalidDataBits(found: "８")),
        ("9600 8X1", .invalidParity(found: "X")),
        ("9600 8N3", .invalidStopBits(found: "3")),
        ("9600 8N0", .invalidStopBits(found: "0")),
    ])
    func rejectsMalformedSettings(text: String, expected: DeviceConfigError) {
        #expect(throws: expected) { try SerialPortSettings(parsing: text) }
    }

    @Test func errorMessagesSayWhatWasExpectedAndFound() {
        let baud = DeviceConfigError.unsupportedBaudRate(found: "9601").description
        #expect(baud.contains("9600") && baud.contains("115200") && baud.contains("'9601'"))
        let shape = DeviceConfigError.malformedSerialSettings(found: "9600").description
        #expect(shape.contains("9600 8N2") && shape.contains("found '9600'"))
        #expect(DeviceConfigError.invalidParity(found: "X").description.contains("N (none), E (even) or O (odd)"))
    }

    @Test func initializerValidates() throws {
        #expect(throws: DeviceConfigError.unsupportedBaudRate(found: "1000")) {
            try SerialPortSettings(baudRate: 1000)
        }
        #expect(throws: DeviceConfigError.invalidDataBits(found: "4")) {
            try SerialPortSettings(baudRate: 9600, dataBits: 4)
        }
        #expect(try SerialPortSettings(baudRate: 9600, stopBits: .two) == .ssp)
    }

    @Test func parsesUSBIDs() throws {
        let id = try USBDeviceID(parsing: "0403:6001")
        #expect(id == USBDeviceID(vendor: 0x0403, product: 0x6001))
        #expect(id.description == "0403:6001")
        #expect(try USBDeviceID(parsing: "067B:2303").description == "067b:2303")
        for bad in ["403:6001", "0403-6001", "gggg:0001", "0403:6001:1", "", ":", "+403:6001", "0403:"] {
            #expect(throws: DeviceConfigError.malformedUSBID(found: bad)) { try USBDeviceID(parsing: bad) }
        }
    }
}
