import SyncProtocol
import Testing

/// Vectors computed independently with `openssl dgst -sha256 -mac HMAC -macopt hexkey:…` over the documented string.
@Suite struct RequestSigningTests {
    static let secret: [UInt8] = Array(0...31)
    static let nonce = "00112233445566778899aabbccddeeff"
    static let timestamp: Int64 = 1_767_225_600_000
    static let body = Array(#"{"kiosk":"K01","records":[]}"#.utf8)

    @Test func stringToSignHasTheDocumentedShape() {
        let text = String(decoding: RequestSigner.stringToSign(method: "post", pathWithQuery: "/sync/v1/journal", timestamp: "1767225600000",
                                                               nonce: Self.nonce, body: Self.body), as: UTF8.self)
        #expect(text == "IC1\nPOST\n/sync/v1/journal\n1767225600000\n\(Self.nonce)\n33e7a85a59c88b0665d2054ae696c9bf9cc07396d659f67e680024345eb31c7a")
    }

    @Test func postVectorMatchesOpenSSL() {
        let signature = RequestSigner(secret: Self.secret).sign(method: "POST", pathWithQuery: "/sync/v1/journal",
                                                                timestamp: Self.timestamp, nonce: Self.nonce, body: Self.body)
        #expect(signature.signature == "8877c82711a5a4fb453d31a750324bb640a8c47f0cb2570d3590b8adf37f1c61")
        #expect(signature.timestamp == "1767225600000")
    }

    @Test func getVectorWithQueryAndEmptyBodyMatchesOpenSSL() {
        let signature = RequestSigner(secret: Self.secret).sign(method: "GET", pathWithQuery: "/sync/v1/deltas?cursor=42&limit=100",
                                                                timestamp: Self.timestamp, nonce: Self.nonce, body: [])
        #expect(signature.signature == "105f33352aa98bc15ade1ad7f152e7a4cfa8f35269dbee8305821bd3294f471b")
    }

    @Test func freshNoncesAreSixteenRandomBytesAndDiffer() {
        let first = RequestSigner.freshNonce()
        let second = RequestSigner.freshNonce()
        #expect(first.utf8.count == 32)
        #expect(ByteText.isLowercaseHex(first))
        #expect(first != second)
    }

    @Test func clientPathsAreSignedExactlyAsSent() {
        #expect(SyncPaths.deltas(cursor: nil, limit: nil) == "/sync/v1/deltas")
        #expect(SyncPaths.deltas(cursor: "17", limit: 50) == "/sync/v1/deltas?cursor=17&limit=50")
        #expect(SyncPaths.deltas(cursor: "a b&c", limit: nil) == "/sync/v1/deltas?cursor=a%20b%26c")
        #expect(SyncPaths.claim(voucherID: "V2026000001") == "/sync/v1/vouchers/V2026000001/claim")
    }
}
