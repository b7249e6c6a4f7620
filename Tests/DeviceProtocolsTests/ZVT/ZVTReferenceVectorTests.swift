import Testing
@testable import DeviceProtocols

/// Every ZVT byte vector in shared/reference/protocols.md §5, both directions.
@Suite struct ZVTReferenceVectorTests {
    struct SerialVector: Sendable, CustomStringConvertible {
        let name: String
        let frame: String
        let message: ZVTMessage
        var description: String { name }
    }

    static let serialVectors: [SerialVector] = [
        SerialVector(name: "registration", frame: "10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3",
                     message: .registration(ZVTRegistration(password: zvtTestPassword, config: .classic, currency: .eur))),
        SerialVector(name: "authorisation 110.00 EUR (DLE stuffing)",
                     frame: "10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF",
                     message: .authorization(ZVTAuthorization(amount: 11_000, currency: .eur))),
        SerialVector(name: "diagnosis", frame: "10 02 06 70 00 10 03 D9 F9", message: .diagnosis),
        SerialVector(name: "ack", frame: "10 02 80 00 00 10 03 F5 1F", message: .acknowledgement(.positive)),
        SerialVector(name: "please wait", frame: "10 02 84 9C 00 10 03 C3 41", message: .acknowledgement(.pleaseWait)),
        SerialVector(name: "reset terminal", frame: "10 02 06 18 00 10 03 56 3A", message: .resetTerminal),
        SerialVector(name: "status enquiry", frame: "10 02 05 01 03 12 34 56 10 03 E0 43",
                     message: .statusEnquiry(ZVTStatusEnquiry(password: zvtTestPassword))),
        // The reference elides the middle; the full text is ecrterm's test input, and the CRC B5 AB confirms it.
        SerialVector(name: "print line",
                     frame: "10 02 06 D1 19 00 47 65 73 61 6D 74 20 20 20 20 20 20 30 20 20 20 20 20 20 20 30 2C 30 30 10 03 B5 AB",
                     message: .printLine(ZVTPrintLine(attribute: 0, text: zvtASCII("Gesamt      0       0,00")))),
        SerialVector(name: "log-off", frame: "10 02 06 02 00 10 03 B9 CC", message: .logOff),
        SerialVector(name: "abort", frame: "10 02 06 B0 00 10 03 43 F3", message: .abortCommand),
        SerialVector(name: "completion", frame: "10 02 06 0F 00 10 03 C6 33", message: .completion(ZVTCompletion())),
        SerialVector(name: "authorisation 150.00 CZK", frame: "10 02 06 01 0A 04 00 00 00 01 50 00 49 02 03 10 03 E9 C0",
                     message: .authorization(ZVTAuthorization(amount: 15_000, currency: .czk))),
        SerialVector(name: "goods not issued", frame: "10 02 84 66 00 10 03 8D BE",
                     message: .acknowledgement(.goodsNotIssued)),
    ]

    @Test(arguments: serialVectors)
    func encodesToReferenceFrame(vector: SerialVector) throws {
        let frame = try ZVTSerialFrame.encode(vector.message.apdu())
        #expect(frame == zvtBytes(vector.frame))
    }

    @Test(arguments: serialVectors)
    func decodesReferenceFrameByteByByte(vector: SerialVector) throws {
        let events = try zvtDecodeSerial(zvtBytes(vector.frame))
        #expect(events.count == 1)
        guard case .frame(let payload)? = events.first else {
            Issue.record("expected one frame, got \(events)")
            return
        }
        #expect(try ZVTMessage(bytes: payload) == vector.message)
    }

    @Test func tcpLogVectorIsABareAPDU() throws {
        // Portalum log: "SendAsync - 06-01-07-04-00-00-00-00-03-14" — 3.14, no currency.
        let bytes = zvtBytes("06 01 07 04 00 00 00 00 03 14")
        #expect(try ZVTMessage(bytes: bytes) == .authorization(ZVTAuthorization(amount: 314)))
        #expect(try ZVTAuthorization(amount: 314).apdu().encoded() == bytes)
    }

    static let simulatorStatusInformation = """
        04 0F 77 27 00 04 00 00 00 00 20 40 0B 00 04 70 0C 22 39 53 0D 10 06 0E 25 12 17 00 01 19 70 22 F0 F8 EE EE EE EE \
        EE EE 47 71 29 28 00 48 69 2A 31 30 30 34 36 31 37 36 33 20 20 20 20 20 20 3B 36 31 31 38 30 34 00 00 3C F0 F1 F4 \
        47 45 4E 2E 4E 52 2E 3A 36 31 31 38 30 34 49 09 78 87 04 70 88 00 04 70 8A 2E 8B F1 F7 44 65 62 69 74 20 4D 61 73 \
        74 65 72 63 61 72 64 00
        """

    @Test func parsesPortalumSimulatorStatusInformation() throws {
        let bytes = zvtBytes(Self.simulatorStatusInformation)
        guard case .statusInformation(let info) = try ZVTMessage(bytes: bytes) else {
            Issue.record("expected status information")
            return
        }
        #expect(info.resultCode == .success)
        #expect(info.amount == 2_040)
        #expect(info.traceNumber == 470)
        #expect(info.time == (try ZVTTime(hour: 22, minute: 39, second: 53)))
        #expect(info.date == (try ZVTMonthDay(month: 10, day: 6)))
        #expect(info.fields.contains(.expiryDate(try ZVTExpiryDate(year: 25, month: 12))))
        #expect(info.fields.contains(.cardSequenceNumber(1)))
        #expect(info.fields.contains(.paymentType(0x70)))
        #expect(info.cardNumber?.maskedText == "************4771")
        #expect(info.cardNumber?.wasMaskedByCodec == false)
        #expect(info.cardNumber?.lastFourDigits == "4771")
        #expect(info.terminalID == 28_004_869)
        #expect(info.fields.contains(.vuNumber(zvtASCII("100461763      "))))
        #expect(info.fields.contains(.aid(zvtASCII("611804") + [0, 0])))
        #expect(info.additionalText == zvtASCII("GEN.NR.:611804"))
        #expect(info.currency == .eur)
        #expect(info.receiptNumber == 470)
        #expect(info.fields.contains(.turnoverRecordNumber(470)))
        #expect(info.cardType == 0x2E)
        #expect(info.cardName == zvtASCII("Debit Mastercard") + [0])
        #expect(info.redactedBMPs.isEmpty)
        #expect(info.fields.count == 18)
        #expect(try ZVTMessage.statusInformation(info).encoded() == bytes)
    }

    @Test func simulatorPaymentSequenceDecodesWhateverTheChunking() throws {
        // Portalum TerminalSimulator's answer to 06 01: ack, "insert card", status information, completion.
        let stream = zvtBytes("80 00 00") + zvtBytes("04 FF 01 0A") + zvtBytes(Self.simulatorStatusInformation)
            + zvtBytes("06 0F 00")
        for chunkSize in [1, 2, 3, 7, stream.count] {
            let messages = try zvtDecodeStream(stream, chunkSize: chunkSize).map { try ZVTMessage(apdu: $0) }
            #expect(messages.count == 4)
            #expect(messages.first == .acknowledgement(.positive))
            #expect(messages.dropFirst().first == .intermediateStatus(ZVTIntermediateStatus(status: .insertCard)))
            #expect(messages.last == .completion(ZVTCompletion()))
        }
    }
}
