import SyncProtocol
import Testing
import TownCore

@Suite struct WireCodingTests {
    static let record = WireRecord(sequence: 7, recordedAt: 1_767_225_600_123, type: "receipt.issued",
                                   payload: Array(#"{"amount":12300}"#.utf8), previousHash: Array(repeating: 0xAB, count: 32),
                                   hash: Array(0...31))

    @Test func recordsUseSnakeCaseHexAndBase64() throws {
        let json = String(decoding: WireJSON.encode(Self.record), as: UTF8.self)
        #expect(json.contains(#""recorded_at":1767225600123"#))
        #expect(json.contains(#""previous_hash":"abababababababababababababababababababababababababababababababab""#))
        #expect(json.contains(#""hash":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f""#))
        #expect(json.contains(#""payload":"eyJhbW91bnQiOjEyMzAwfQ==""#))
        #expect(try WireJSON.decode(WireRecord.self, from: Array(json.utf8)) == Self.record)
    }

    @Test func pushAndAcknowledgementRoundTrip() throws {
        let push = JournalPush(kiosk: "K01", records: [Self.record])
        #expect(try WireJSON.decode(JournalPush.self, from: WireJSON.encode(push)) == push)
        let ack = try WireJSON.decode(JournalAcknowledgement.self, from: Array(#"{"acknowledged_through":42}"#.utf8))
        #expect(ack.acknowledgedThrough == 42)
    }

    private func failure(_ json: String) -> WireDecodingError? {
        do {
            _ = try WireJSON.decode(JournalPush.self, from: Array(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    private func recordJSON(hash: String = String(repeating: "0", count: 64), payload: String = "e30=", sequence: String = "1") -> String {
        #"{"kiosk":"K01","records":[{"sequence":\#(sequence),"recorded_at":1,"type":"x","payload":"\#(payload)","previous_hash":"\#(String(repeating: "0", count: 64))","hash":"\#(hash)"}]}"#
    }

    @Test func badFieldsAreNamedByPathWithWhatWasExpected() {
        let shortHash = failure(recordJSON(hash: "abc"))
        #expect(shortHash?.path == "records[0].hash")
        #expect(shortHash?.message.contains("expected 64 lowercase hex digits") == true)

        let upperHash = failure(recordJSON(hash: String(repeating: "A", count: 64)))
        #expect(upperHash?.path == "records[0].hash")

        let badPayload = failure(recordJSON(payload: "not base64!"))
        #expect(badPayload?.path == "records[0].payload")
        #expect(badPayload?.message.contains("base64") == true)

        let zeroSequence = failure(recordJSON(sequence: "0"))
        #expect(zeroSequence?.message.contains("sequence ≥ 1") == true)

        let missing = failure(#"{"records":[]}"#)
        #expect(missing?.path == "kiosk")
        #expect(missing?.message == #"expected key "kiosk", found none"#)

        let wrongType = failure(#"{"kiosk":5,"records":[]}"#)
        #expect(wrongType?.path == "kiosk")
        #expect(wrongType?.message.contains("a string") == true)

        let notJSON = failure("{nope")
        #expect(notJSON?.message.contains("not valid JSON") == true)
    }

    @Test func errorBodiesRoundTripAndUnknownCodesSurvive() throws {
        let body = SyncErrorBody(code: .gap, message: "expected sequence 5 next, found 9", expectedSequence: 5)
        let json = String(decoding: WireJSON.encode(body), as: UTF8.self)
        #expect(json == #"{"error":{"code":"gap","expected_sequence":5,"message":"expected sequence 5 next, found 9"}}"#)
        #expect(try WireJSON.decode(SyncErrorBody.self, from: Array(json.utf8)) == body)
        let future = try WireJSON.decode(SyncErrorBody.self, from: Array(#"{"error":{"code":"maintenance","message":"later"}}"#.utf8))
        #expect(future.code.rawValue == "maintenance")
        #expect(future.error.expectedSequence == nil)
    }

    static func voucher() throws -> PayoutVoucher {
        try PayoutVoucher(
            id: VoucherID("V2026000001"), amount: Money(halere: 150_000), payeeName: "Jan Novák",
            expiry: DayDate(year: 2026, month: 12, day: 31), boundKiosk: KioskCode("K01"),
            approvals: [VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: [1, 2, 3]),
                        VoucherApproval(role: .spravceRozpoctu, approverID: "ekonomka", signature: [4, 5, 6])],
            pinVerifier: PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 210_000],
                                     salt: Array(repeating: 9, count: 16), derivedKey: Array(repeating: 8, count: 32)),
            status: .approved)
    }

    @Test func deltaPagesRoundTripWithTownCoreDocuments() throws {
        let obligation = try Obligation(id: "O-1", variableSymbol: VariableSymbol("1341000123"), description: "Poplatek ze psa 2026",
                                        amountDue: Money(halere: 123_400), allowsPartialPayment: true)
        let fees = try FeeCatalog([FeeItem(code: "OVERENI-PODPISU", nameCs: "Ověření podpisu", nameEn: "Signature", pricing: .fixed(Money(halere: 5_000)))])
        let config = KioskSyncConfig(approverKeys: [ApproverKeyEntry(id: "starosta", name: "Starosta", roles: ["prikazceOperace"],
                                                                     publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----")],
                                     voucherPolicy: .claimUnbound, voucherListMaximumAgeSeconds: 3_600)
        let page = DeltaPage(cursor: "17", hasMore: true, obligations: [obligation], fees: fees, vouchers: [try Self.voucher()],
                             cancellations: [try Cancellation(kind: .voucher, id: "V2026000002")], config: config)
        let json = String(decoding: WireJSON.encode(page), as: UTF8.self)
        #expect(json.contains(#""has_more":true"#))
        #expect(json.contains(#""voucher_policy":"claim_unbound""#))
        #expect(json.contains(#""public_key_pem""#))
        #expect(try WireJSON.decode(DeltaPage.self, from: Array(json.utf8)) == page)
        #expect(!page.isEmpty)
        #expect(DeltaPage(cursor: "0", hasMore: false).isEmpty)
    }

    @Test func aDeltaPageWithAnInvalidDocumentFailsWhole() {
        let json = #"{"cursor":"1","has_more":false,"obligations":[{"id":"O-1","variableSymbol":"12x","description":"d","amountDue":100,"amountPaid":0,"allowsPartialPayment":false}],"vouchers":[],"cancellations":[]}"#
        #expect(throws: WireDecodingError.self) { try WireJSON.decode(DeltaPage.self, from: Array(json.utf8)) }
        let badCancel = #"{"cursor":"1","has_more":false,"obligations":[],"vouchers":[],"cancellations":[{"kind":"voucher","id":"x"}]}"#
        do {
            _ = try WireJSON.decode(DeltaPage.self, from: Array(badCancel.utf8))
            Issue.record("a malformed voucher id in a cancellation must fail")
        } catch {
            let wire = error as? WireDecodingError
            #expect(wire?.path == "cancellations[0].id")
            #expect(wire?.message.contains("voucher id") == true)
        }
    }

    @Test func claimsRoundTrip() throws {
        let claim = VoucherClaim(voucherID: "V2026000001", kiosk: "K02", claimedAt: 5)
        let json = String(decoding: WireJSON.encode(claim), as: UTF8.self)
        #expect(json == #"{"claimed_at":5,"kiosk":"K02","voucher_id":"V2026000001"}"#)
        #expect(try WireJSON.decode(VoucherClaim.self, from: Array(json.utf8)) == claim)
    }

    @Test func hexHelpersRejectGarbageWithoutTrapping() {
        #expect(ByteText.bytes(fromHex: "0g") == nil)
        #expect(ByteText.bytes(fromHex: "abc") == nil)
        #expect(ByteText.bytes(fromHex: "00ff") == [0, 255])
        #expect(ByteText.bytes(fromBase64: "%%%") == nil)
    }
}
