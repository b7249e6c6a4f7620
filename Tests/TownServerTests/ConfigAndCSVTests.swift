import SyncProtocol
import TestSupport
import Testing
import TownCore
import TownServer

@Suite struct ServerConfigTests {
    static let secret = String(repeating: "ab", count: 32)

    static func json(kioskSecret: String = secret, extra: String = "", kioskID: String = "K01", port: Int = 8090) -> [UInt8] {
        Array(#"{"listen":{"host":"0.0.0.0","port":\#(port)},"database":"/tmp/t.sqlite",\#(extra)"kiosks":[{"id":"\#(kioskID)","secret_hex":"\#(kioskSecret)","voucher_policy":"claim_unbound"}],"econ_clients":[{"id":"econ","secret_hex":"\#(secret)"}]}"#.utf8)
    }

    @Test func aValidFileLoadsWithDefaults() throws {
        let config = try ServerConfig.decode(Self.json())
        #expect(config.host == "0.0.0.0")
        #expect(config.kiosks.first?.voucherPolicy == .claimUnbound)
        #expect(config.kiosks.first?.secret.count == 32)
        #expect(config.timestampWindowMilliseconds == 300_000)
        #expect(config.voucherListMaximumAgeSeconds == 86_400)
    }

    @Test func errorsNameTheKey() {
        func key(_ bytes: [UInt8]) -> String? {
            do { _ = try ServerConfig.decode(bytes); return nil } catch { return error.key }
        }
        #expect(key(Self.json(kioskSecret: "abcd")) == "kiosks[0].secret_hex")
        #expect(key(Self.json(kioskID: "k-1")) == "kiosks[0].id")
        #expect(key(Self.json(port: 70_000)) == "listen.port")
        #expect(key(Self.json(extra: #""timestamp_window_seconds":1,"#)) == "timestamp_window_seconds")
        #expect(key(Self.json(extra: #""secrets":1,"#)) == "secrets")
        #expect(key(Array(#"{"database":"x","kiosks":[]}"#.utf8)) == "econ_clients")
        #expect(key(Self.json(extra: #""approver_keys":[{"id":"a","roles":["boss"],"public_key_pem":"x"}],"#)) == "approver_keys[0].roles")
    }
}

@Suite struct EconCSVTests {
    @Test func receivablesParseWithQuotesAndOptionalColumns() throws {
        let csv = "id,variable_symbol,description,amount_due,allows_partial_payment,due_date\r\n"
            + "O-1,0012345678,\"Poplatek ze psa, 2026\",123400,true,2026-03-31\r\n"
            + "O-2,77,\"Řekl \"\"ano\"\"\",5000,0,\n"
        let obligations = try EconCSV.receivables(csv)
        #expect(obligations.map(\.id) == ["O-1", "O-2"])
        #expect(obligations[0].variableSymbol.digits == "0012345678")
        #expect(obligations[0].description == "Poplatek ze psa, 2026")
        #expect(obligations[0].dueDate?.description == "2026-03-31")
        #expect(obligations[1].description == "Řekl \"ano\"")
        #expect(!obligations[1].allowsPartialPayment)
        #expect(obligations[1].dueDate == nil)
    }

    @Test func badCellsAreReportedByLineAndColumn() {
        func error(_ csv: String) -> CSVError? {
            do { _ = try EconCSV.receivables(csv); return nil } catch { return error }
        }
        let header = "id,variable_symbol,description,amount_due,allows_partial_payment\n"
        let amount = error(header + "O-1,1,d,100,true\nO-2,2,d,12.50,true\n")
        #expect(amount?.line == 3)
        #expect(amount?.column == 4)
        #expect(amount?.message.contains("amount_due: expected an integer amount in haléře, found \"12.50\"") == true)
        let symbol = error(header + "O-1,12x,d,100,true\n")
        #expect(symbol?.line == 2)
        #expect(symbol?.column == 2)
        let count = error(header + "O-1,1,d,100\n")
        #expect(count?.message.contains("expected 5 fields") == true)
        let quote = error(header + "O-1,1,\"open,100,true\n")
        #expect(quote?.message.contains("closing quote") == true)
        let missing = error("id,description\nO-1,d\n")
        #expect(missing?.message.contains("variable_symbol") == true)
        let zero = error(header + "O-1,1,d,0,true\n")
        #expect(zero?.line == 2)
    }

    @Test func feesParseBothPricingKinds() throws {
        let csv = "code,name_cs,name_en,pricing,amount,minimum,maximum\nOVERENI,Ověření,Verification,fixed,5000,,\nKOPIE,Kopie,Copy,entered,,200,50000\n"
        let catalog = try EconCSV.fees(csv)
        #expect(catalog.items.map(\.pricing) == [.fixed(Money(halere: 5_000)), .entered(minimum: Money(halere: 200), maximum: Money(halere: 50_000))])
        #expect(throws: CSVError.self) { try EconCSV.fees("code,name_cs,name_en,pricing,amount\nX,a,b,free,1\n") }
    }
}

@Suite struct NonceTests {
    @Test func aNonceIsAcceptedOnceAndPrunedAfterTheWindow() async throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let store = try Fixture.store(directory, clock: clock)
        let signature = RequestSigner(secret: Fixture.k01Secret).sign(method: "GET", pathWithQuery: "/sync/v1/deltas", body: [], now: clock.now)
        let parts = SignedRequestParts(method: "GET", pathWithQuery: "/sync/v1/deltas", principal: "K01", timestamp: signature.timestamp,
                                       nonce: signature.nonce, signature: signature.signature, body: [])
        #expect((try? await store.authenticate(parts, as: .kiosk).get()) != nil)
        guard case .failure(let replay) = try await store.authenticate(parts, as: .kiosk) else {
            Issue.record("a replay must fail")
            return
        }
        #expect(replay.code == .replayedNonce)
        // A kiosk's signature never opens the economics routes.
        var asEcon = parts
        asEcon.principal = "K01"
        if case .failure(let rejection) = try await store.authenticate(asEcon, as: .econ) { #expect(rejection.code == .unknownClient) }
        #expect(try await store.nonceCount() == 1)
        clock.advance(milliseconds: 301_000)
        try await store.pruneNonces()
        #expect(try await store.nonceCount() == 0)
        if case .failure(let stale) = try await store.authenticate(parts, as: .kiosk) { #expect(stale.code == .staleTimestamp) }
    }
}
