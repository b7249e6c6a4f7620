import Crypto
import Foundation
import Testing
import TownCore
@testable import VoucherSigning

@Suite struct ApproverKeyringTests {
    let starostaPEM = TestApprovers.starosta.publicKey.pemRepresentation
    let ekonomkaPEM = TestApprovers.ekonomka.publicKey.pemRepresentation

    /// One JSON entry; `extra` is spliced in verbatim.
    func entry(id: String = "starosta", name: String = "Jan Dvořák", roles: String = "[\"prikazceOperace\"]",
               pem: String? = nil, extra: String = "") -> String {
        let pemJSON = (pem ?? starostaPEM).replacingOccurrences(of: "\n", with: "\\n")
        return "{\"id\": \"\(id)\", \"name\": \"\(name)\", \"roles\": \(roles), \"public_key_pem\": \"\(pemJSON)\"\(extra)}"
    }

    func decodeError(_ json: String) -> ApproverKeyringError? {
        do throws(ApproverKeyringError) {
            _ = try ApproverKeyring(json: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func theDemoKeyringJSONDecodesToTheDemoSigners() throws {
        let keyring = try ApproverKeyring(json: Data(TestApprovers.keyringJSON.utf8))
        #expect(keyring.approvers.map(\.id) == ["starosta", "ekonomka"])
        let starosta = try #require(keyring.approver(id: "starosta"))
        #expect(starosta.roles == [.prikazceOperace])
        #expect(starosta.publicKey.x963Representation == TestApprovers.starosta.publicKey.x963Representation)
        #expect(keyring.approver(id: "ekonomka")?.roles == [.spravceRozpoctu])
        #expect(keyring.approver(id: "nobody") == nil)
        // And a voucher the demo signers approve verifies against the decoded keyring.
        let voucher = try SigningFixtures.signedVoucher(SigningFixtures.terms())
        #expect(ApprovalVerifier.isValid(voucher, keyring: keyring))
    }

    @Test func anEntryMayHoldSeveralRolesAndAnOpenSSLStylePEM() throws {
        let json = "[" + entry(id: "ekonomka", roles: "[\"spravceRozpoctu\", \"hlavniUcetni\"]", pem: ekonomkaPEM + "\n") + "]"
        let keyring = try ApproverKeyring(json: Data(json.utf8))
        #expect(keyring.approver(id: "ekonomka")?.roles == [.spravceRozpoctu, .hlavniUcetni])
    }

    @Test func aMissingNameFallsBackToTheID() throws {
        let json = "[{\"id\": \"ekonomka\", \"roles\": [\"spravceRozpoctu\"], \"public_key_pem\": \""
            + ekonomkaPEM.replacingOccurrences(of: "\n", with: "\\n") + "\"}]"
        let keyring = try ApproverKeyring(json: Data(json.utf8))
        #expect(keyring.approver(id: "ekonomka")?.name == "ekonomka")
    }

    @Test func documentLevelErrorsSayWhatWasExpected() throws {
        let notJSON = try #require(decodeError("[{"))
        #expect(notJSON.entryIndex == nil)
        #expect(notJSON.description == "approver keyring: expected a JSON array of approvers, found text that is not JSON")
        #expect(decodeError("{\"id\": \"starosta\"}")?.found == "an object")
        #expect(decodeError("\"starosta\"")?.found == "the string \"starosta\"")
        let notObject = try #require(decodeError("[" + entry() + ", 42]"))
        #expect(notObject.entryIndex == 1)
        #expect(notObject.expected == "a JSON object")
    }

    @Test(arguments: [
        // (entry JSON, field named by the error, text the message must contain)
        ("{\"name\": \"X\", \"roles\": [\"prikazceOperace\"], \"public_key_pem\": \"-\"}", "id", "no such field"),
        ("{\"id\": 7, \"name\": \"X\", \"roles\": [], \"public_key_pem\": \"-\"}", "id", "a number or boolean"),
        ("{\"id\": \"\", \"name\": \"X\", \"roles\": [], \"public_key_pem\": \"-\"}", "id", "an empty one"),
        ("{\"id\": \"a\", \"name\": null, \"roles\": [], \"public_key_pem\": \"-\"}", "name", "null"),
        ("{\"id\": \"a\", \"name\": \"X\", \"public_key_pem\": \"-\"}", "roles", "no such field"),
        ("{\"id\": \"a\", \"name\": \"X\", \"roles\": [\"hlavniUcetni\"], \"public_key_pem\": \"-\"}", "public_key_pem",
         "P-256 public key"),
    ])
    func fieldErrorsNameTheEntryAndField(_ json: String, field: String, mention: String) throws {
        let error = try #require(decodeError("[" + entry(id: "other", pem: ekonomkaPEM) + ", " + json + "]"))
        #expect(error.entryIndex == 1)
        #expect(error.field == field)
        #expect(error.description.contains("entry 1"))
        #expect(error.description.contains("field \(field)"))
        #expect(error.description.contains(mention))
    }

    @Test func roleErrorsNameTheRole() throws {
        let unknown = try #require(decodeError("[" + entry(roles: "[\"prikazce\"]") + "]"))
        #expect(unknown.field == "roles")
        #expect(unknown.approverID == "starosta")
        #expect(unknown.description.contains("found \"prikazce\""))
        #expect(unknown.description.contains("(\"starosta\")"))
        #expect(decodeError("[" + entry(roles: "\"prikazceOperace\"") + "]")?.expected == "an array of roles")
        #expect(decodeError("[" + entry(roles: "[1]") + "]")?.found == "a number or boolean")
        #expect(decodeError("[" + entry(roles: "[\"prikazceOperace\", \"prikazceOperace\"]") + "]")?.found == "prikazceOperace twice")
        let none = try #require(decodeError("[" + entry(roles: "[]") + "]"))
        #expect(none.field == "roles")
        #expect(none.expected == "at least one role")
    }

    @Test func keyErrorsDoNotAcceptOtherCurvesOrGarbage() throws {
        let p384 = P384.Signing.PrivateKey().publicKey.pemRepresentation
        for pem in [p384, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "starosta", ""] {
            let error = try #require(decodeError("[" + entry(pem: pem) + "]"), "PEM \(pem.prefix(30))")
            #expect(error.field == "public_key_pem")
            #expect(error.entryIndex == 0)
        }
    }

    @Test func unknownFieldsAreRefused() throws {
        let error = try #require(decodeError("[" + entry(extra: ", \"public_key\": \"x\"") + "]"))
        #expect(error.field == "public_key")
        #expect(error.found == "unknown field")
    }

    @Test func duplicateIdsAndSharedKeysAreRefused() throws {
        let sameID = try #require(decodeError("[" + entry() + ", " + entry(pem: ekonomkaPEM) + "]"))
        #expect(sameID.entryIndex == 1)
        #expect(sameID.field == "id")
        #expect(sameID.description.contains("already used by entry 0"))

        // One person's key under two ids would let them sign both roles of dual control.
        let sharedKey = try #require(decodeError("[" + entry() + ", "
                                                 + entry(id: "alias", roles: "[\"spravceRozpoctu\"]") + "]"))
        #expect(sharedKey.entryIndex == 1)
        #expect(sharedKey.field == "public_key_pem")
        #expect(sharedKey.description.contains("same key as \"starosta\""))
    }
}
