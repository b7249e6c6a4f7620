import SyncProtocol
import Testing

@Suite struct RequestAuthenticatorTests {
    static let secret: [UInt8] = Array(0...31)
    static let now: Int64 = 1_767_225_600_000
    static let body = Array(#"{"kiosk":"K01","records":[]}"#.utf8)
    static let nonce = "00112233445566778899aabbccddeeff"

    static func signed(method: String = "POST", path: String = "/sync/v1/journal", at time: Int64 = now,
                       body: [UInt8] = body, nonce: String = nonce) -> SignedRequestParts {
        let signature = RequestSigner(secret: secret).sign(method: method, pathWithQuery: path, timestamp: time, nonce: nonce, body: body)
        return SignedRequestParts(method: method, pathWithQuery: path, principal: "K01", timestamp: signature.timestamp,
                                  nonce: signature.nonce, signature: signature.signature, body: body)
    }

    static func verify(_ parts: SignedRequestParts, now: Int64 = now, seen: Bool = false,
                       window: Int64 = RequestAuthenticator.defaultWindowMilliseconds) -> Result<AuthenticatedRequest, AuthenticationRejection> {
        RequestAuthenticator(windowMilliseconds: window).verify(parts, now: now, secret: { $0 == "K01" ? secret : nil },
                                                                nonceWasSeen: { _, _, _ in seen })
    }

    static func rejection(_ result: Result<AuthenticatedRequest, AuthenticationRejection>) -> AuthenticationRejection? {
        if case .failure(let rejection) = result { return rejection }
        return nil
    }

    @Test func aCorrectlySignedRequestPasses() throws {
        let accepted = try Self.verify(Self.signed()).get()
        #expect(accepted.principal == "K01")
        #expect(accepted.timestamp == Self.now)
        #expect(accepted.nonce == Self.nonce)
    }

    @Test func tamperingWithAnySignedFieldIsRefused() {
        let good = Self.signed()
        var method = good; method.method = "PUT"
        var path = good; path.pathWithQuery = "/sync/v1/journal?x=1"
        var body = good; body.body = Array(#"{"kiosk":"K01","records":[1]}"#.utf8)
        var nonce = good; nonce.nonce = "00112233445566778899aabbccddeef0"
        var stamp = good; stamp.timestamp = String(Self.now + 1)
        var signature = good; signature.signature = String(good.signature!.dropLast()) + (good.signature!.hasSuffix("0") ? "1" : "0")
        for tampered in [method, path, body, nonce, stamp, signature] {
            #expect(Self.rejection(Self.verify(tampered)) == .badSignature)
        }
    }

    @Test func anotherSecretIsRefused() {
        let forged = RequestSigner(secret: Array(repeating: 7, count: 32)).sign(method: "POST", pathWithQuery: "/sync/v1/journal",
                                                                              timestamp: Self.now, nonce: Self.nonce, body: Self.body)
        var parts = Self.signed()
        parts.signature = forged.signature
        #expect(Self.rejection(Self.verify(parts)) == .badSignature)
    }

    @Test func timestampsOutsideTheWindowAreRefusedBothWays() {
        let window = RequestAuthenticator.defaultWindowMilliseconds
        #expect((try? Self.verify(Self.signed(at: Self.now - window)).get()) != nil)
        #expect((try? Self.verify(Self.signed(at: Self.now + window)).get()) != nil)
        let stale = Self.rejection(Self.verify(Self.signed(at: Self.now - window - 1)))
        let future = Self.rejection(Self.verify(Self.signed(at: Self.now + window + 1)))
        #expect(stale?.code == .staleTimestamp)
        #expect(future?.code == .staleTimestamp)
        #expect(stale?.description.contains("behind") == true)
        #expect(future?.description.contains("ahead") == true)
        // A request replayed 30 days later is stale long before its nonce matters.
        #expect(Self.rejection(Self.verify(Self.signed(), now: Self.now + 30 * 86_400_000))?.code == .staleTimestamp)
    }

    @Test func aSeenNonceIsARejectedReplay() {
        #expect(Self.rejection(Self.verify(Self.signed(), seen: true)) == .replayedNonce(nonce: Self.nonce))
    }

    @Test func theNonceIsConsultedOnlyForAValidSignature() {
        var asked = false
        var parts = Self.signed()
        parts.body = [1]
        _ = RequestAuthenticator().verify(parts, now: Self.now, secret: { _ in Self.secret }, nonceWasSeen: { _, _, _ in
            asked = true
            return false
        })
        #expect(!asked)
    }

    @Test func anUnknownKioskIsRefusedByCode() {
        var parts = Self.signed()
        parts.principal = "K99"
        let rejection = Self.rejection(Self.verify(parts))
        #expect(rejection == .unknownPrincipal(header: SignatureHeader.kiosk, id: "K99"))
        #expect(rejection?.code == .unknownKiosk)
    }

    @Test func malformedHeadersAreNamed() {
        let good = Self.signed()
        var noPrincipal = good; noPrincipal.principal = nil
        var letters = good; letters.timestamp = "12ab"
        var shortNonce = good; shortNonce.nonce = "abcd"
        var upperNonce = good; upperNonce.nonce = Self.nonce.uppercased()
        var shortSignature = good; shortSignature.signature = "00"
        var noSignature = good; noSignature.signature = nil
        let cases: [(SignedRequestParts, String)] = [
            (noPrincipal, SignatureHeader.kiosk), (letters, SignatureHeader.timestamp), (shortNonce, SignatureHeader.nonce),
            (upperNonce, SignatureHeader.nonce), (shortSignature, SignatureHeader.signature), (noSignature, SignatureHeader.signature),
        ]
        for (parts, header) in cases {
            guard case .malformedHeader(let name, let expected, _)? = Self.rejection(Self.verify(parts)) else {
                Issue.record("expected a malformed-header rejection for \(header)")
                continue
            }
            #expect(name == header)
            #expect(!expected.isEmpty)
        }
    }

    @Test func rejectionsNeverEchoTheSecret() {
        var parts = Self.signed()
        parts.body = [0]
        let text = Self.rejection(Self.verify(parts))?.description ?? ""
        #expect(!text.contains(ByteText.hex(Self.secret)))
        #expect(text.contains("expected"))
    }
}
