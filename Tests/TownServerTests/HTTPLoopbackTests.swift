import Foundation
import SyncProtocol
import Testing
import TownCore
import TownServer

/// The protocol error code of a failed client call.
private func code(_ error: any Error) -> SyncErrorCode? { (error as? SyncClientError)?.code }

@Suite(.serialized) struct HTTPLoopbackTests {
    @Test func aKioskPushesPullsAndClaimsOverHTTP() async throws {
        let clock = ManualClock()
        try await LoopbackServer.run(clock: clock) { url, store in
            let econ = EconClient(baseURL: url, clientID: "econ", secret: Fixture.econSecret, clock: clock.function)
            #expect(try await econ.importReceivablesCSV("id,variable_symbol,description,amount_due,allows_partial_payment\nO-1,1341000123,Pes,123400,true\n").changed == 1)
            #expect(try await econ.importVouchers([try Fixture.voucher("V0000000003", bound: nil)]).changed == 1)

            let k02 = SyncClient(baseURL: url, kioskID: "K02", secret: Fixture.k02Secret, clock: clock.function)
            let page = try await k02.pull(cursor: nil, limit: 100)
            #expect(page.obligations.map(\.id) == ["O-1"])
            #expect(page.vouchers.map(\.id.value) == ["V0000000003"])
            #expect(page.config?.voucherPolicy == .claimUnbound)
            #expect(try await k02.pull(cursor: page.cursor).isEmpty)

            #expect(try await k02.claim(voucherID: "V0000000003").kiosk == "K02")
            let k03 = SyncClient(baseURL: url, kioskID: "K03", secret: Fixture.k03Secret, clock: clock.function)
            do {
                _ = try await k03.claim(voucherID: "V0000000003")
                Issue.record("K03 must not get K02's voucher")
            } catch {
                #expect(code(error) == .claimRefused)
            }

            var journal = FakeKioskJournal(kiosk: "K02")
            journal.append("payment.started", FakeKioskJournal.paymentStarted(transaction: 1, obligation: "O-1", amount: 123_400))
            journal.append("receipt.issued", FakeKioskJournal.receipt(transaction: 1, number: 1, kind: "payment", amount: 123_400, cash: 123_400, card: 0))
            #expect(try await k02.push(journal.wire(1...2)).acknowledgedThrough == 2)
            #expect(try await k02.push(journal.wire(1...2)).acknowledgedThrough == 2)

            let postings = try await econ.postings()
            #expect(postings.postings.map(\.postingID) == ["K02:2"])
            #expect(postings.postings.first?.target?.id == "O-1")
            _ = try await econ.acknowledge(through: postings.cursor)
            #expect(try await econ.postings().postings.isEmpty)
            let health = try await econ.health()
            #expect(health.kiosks.first { $0.kiosk == "K02" }?.acknowledgedSequence == 2)
            #expect(health.kiosks.first { $0.kiosk == "K02" }?.lastSeenAt == clock.now)
        }
    }

    @Test func journalDefectsComeBackAsTypedErrors() async throws {
        let clock = ManualClock()
        try await LoopbackServer.run(clock: clock) { url, _ in
            let k01 = SyncClient(baseURL: url, kioskID: "K01", secret: Fixture.k01Secret, clock: clock.function)
            var journal = FakeKioskJournal(kiosk: "K01")
            journal.appendNoise(6)
            do {
                _ = try await k01.push(journal.wire(4...6))
                Issue.record("a gap must be refused")
            } catch {
                guard case .rejected(let status, let body)? = error as? SyncClientError else { throw error }
                #expect(status == 409)
                #expect(body.code == .gap)
                #expect(body.error.expectedSequence == 1)
            }
            #expect(try await k01.push(journal.wire(1...6)).acknowledgedThrough == 6)
            var altered = journal.wire(6...6)
            altered[0].payload = Array(#"{"detail":"edited","device":"printer"}"#.utf8)
            do {
                _ = try await k01.push(altered)
                Issue.record("an altered record must be refused")
            } catch {
                #expect(code(error) == .altered)
            }
            // Signed by K01 but claiming to be K02's batch.
            let impostor = SyncClient(baseURL: url, kioskID: "K01", secret: Fixture.k01Secret, clock: clock.function)
            let body = WireJSON.encode(JournalPush(kiosk: "K02", records: []))
            let http = SignedHTTPClient(baseURL: url, principalHeader: SignatureHeader.kiosk, principal: impostor.kioskID,
                                        secret: Fixture.k01Secret, clock: clock.function)
            do {
                _ = try await http.send(method: "POST", pathWithQuery: SyncPaths.journal, body: body)
                Issue.record("a batch for another kiosk must be refused")
            } catch {
                guard case .rejected(let status, let answer)? = error as? SyncClientError else { throw error }
                #expect(status == 403)
                #expect(answer.code == .kioskMismatch)
            }
            let badJSON = try? await http.send(method: "POST", pathWithQuery: SyncPaths.journal, body: Array(#"{"kiosk":"K01"}"#.utf8))
            #expect(badJSON == nil)
        }
    }

    @Test func aCapturedSignedRequestReplayedIsRefused() async throws {
        let clock = ManualClock()
        try await LoopbackServer.run(clock: clock) { url, store in
            var journal = FakeKioskJournal(kiosk: "K01")
            journal.appendNoise(1)
            let body = WireJSON.encode(JournalPush(kiosk: "K01", records: journal.wire(1...1)))
            let signature = RequestSigner(secret: Fixture.k01Secret).sign(method: "POST", pathWithQuery: SyncPaths.journal, body: body, now: clock.now)
            let headers = [SignatureHeader.kiosk: "K01", SignatureHeader.timestamp: signature.timestamp, SignatureHeader.nonce: signature.nonce,
                           SignatureHeader.signature: signature.signature, "Content-Type": "application/json"]
            let (first, _) = try await LoopbackServer.raw(url, method: "POST", path: SyncPaths.journal, headers: headers, body: body)
            #expect(first == 200)
            let (replayed, replayBody) = try await LoopbackServer.raw(url, method: "POST", path: SyncPaths.journal, headers: headers, body: body)
            #expect(replayed == 401)
            #expect(try WireJSON.decode(SyncErrorBody.self, from: replayBody).code == .replayedNonce)
            clock.advance(days: 30)
            let (late, lateBody) = try await LoopbackServer.raw(url, method: "POST", path: SyncPaths.journal, headers: headers, body: body)
            #expect(late == 401)
            #expect(try WireJSON.decode(SyncErrorBody.self, from: lateBody).code == .staleTimestamp)
            // The same request on another path, or by another kiosk's name, does not verify.
            var moved = headers
            moved[SignatureHeader.nonce] = RequestSigner.freshNonce()
            let (tampered, tamperedBody) = try await LoopbackServer.raw(url, method: "POST", path: SyncPaths.journal, headers: moved, body: body)
            #expect(tampered == 401)
            #expect(try WireJSON.decode(SyncErrorBody.self, from: tamperedBody).code != .replayedNonce)
            #expect(try await store.storedRecordCount(kiosk: "K01") == 1)
        }
    }

    @Test func wrongSecretsAndUnknownPrincipalsAreRefused() async throws {
        let clock = ManualClock()
        try await LoopbackServer.run(clock: clock) { url, _ in
            let forged = SyncClient(baseURL: url, kioskID: "K01", secret: Fixture.k02Secret, clock: clock.function)
            do { _ = try await forged.pull(cursor: nil); Issue.record("wrong secret must fail") } catch { #expect(code(error) == .badSignature) }
            let unknown = SyncClient(baseURL: url, kioskID: "K09", secret: Fixture.k01Secret, clock: clock.function)
            do { _ = try await unknown.pull(cursor: nil); Issue.record("unknown kiosk must fail") } catch { #expect(code(error) == .unknownKiosk) }
            // A kiosk cannot use the economics endpoint with its own secret.
            let kioskAsEcon = EconClient(baseURL: url, clientID: "K01", secret: Fixture.k01Secret, clock: clock.function)
            do { _ = try await kioskAsEcon.health(); Issue.record("kiosk on econ must fail") } catch { #expect(code(error) == .unknownClient) }
            let skewed = SyncClient(baseURL: url, kioskID: "K01", secret: Fixture.k01Secret, clock: { clock.now - 301_000 })
            do { _ = try await skewed.pull(cursor: nil); Issue.record("a skewed clock must fail") } catch { #expect(code(error) == .staleTimestamp) }
        }
    }

    @Test func badEconInputGets400SayingWhereAndWhat() async throws {
        let clock = ManualClock()
        try await LoopbackServer.run(clock: clock) { url, _ in
            let econ = EconClient(baseURL: url, clientID: "econ", secret: Fixture.econSecret, clock: clock.function)
            do {
                _ = try await econ.importReceivablesCSV("id,variable_symbol,description,amount_due,allows_partial_payment\nO-1,1,d,1.5,true\n")
                Issue.record("bad CSV must fail")
            } catch {
                guard case .rejected(let status, let body)? = error as? SyncClientError else { throw error }
                #expect(status == 400)
                #expect(body.message.contains("line 2, column 4"))
            }
            let half = try Fixture.voucher("V0000000005", bound: "K01",
                                           approvals: [VoucherApproval(role: .spravceRozpoctu, approverID: "ekonomka", signature: [1])])
            do { _ = try await econ.importVouchers([half]); Issue.record("half-approved must fail") } catch {
                guard case .rejected(let status, let body)? = error as? SyncClientError else { throw error }
                #expect(status == 400)
                #expect(body.message.contains("prikazceOperace"))
            }
        }
    }
}
