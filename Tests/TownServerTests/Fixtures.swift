import Foundation
import Journal
import SyncProtocol
import TestSupport
import TownCore
import TownServer

/// A clock the test moves by hand (unix milliseconds).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(_ start: Int64 = 1_767_225_600_000) { value = start }

    var now: Int64 { lock.withLock { value } }
    func advance(milliseconds: Int64) { lock.withLock { value += milliseconds } }
    func advance(days: Int64) { advance(milliseconds: days * 86_400_000) }
    var function: @Sendable () -> Int64 { { self.now } }
}

enum Fixture {
    static let k01Secret: [UInt8] = Array(repeating: 0x11, count: 32)
    static let k02Secret: [UInt8] = Array(repeating: 0x22, count: 32)
    static let k03Secret: [UInt8] = Array(repeating: 0x33, count: 32)
    static let econSecret: [UInt8] = Array(repeating: 0xEC, count: 32)

    static func config(_ directory: TemporaryDirectory, port: Int = 0) -> ServerConfig {
        ServerConfig(host: "127.0.0.1", port: port, databasePath: directory.path("town.sqlite"),
                     kiosks: [.init(id: "K01", secret: k01Secret, voucherPolicy: .boundOnly),
                              .init(id: "K02", secret: k02Secret, voucherPolicy: .claimUnbound),
                              .init(id: "K03", secret: k03Secret, voucherPolicy: .claimUnbound)],
                     econClients: [.init(id: "econ", secret: econSecret)],
                     approverKeys: [ApproverKeyEntry(id: "starosta", name: "Starosta", roles: ["prikazceOperace"],
                                                     publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----")])
    }

    static func store(_ directory: TemporaryDirectory, clock: ManualClock) throws -> ServerStore {
        try ServerStore(config: config(directory), clock: clock.function)
    }

    static func obligation(_ id: String, due: Int64 = 123_400, vs: String = "1341000123") throws -> Obligation {
        try Obligation(id: id, variableSymbol: VariableSymbol(vs), description: "Poplatek \(id)", amountDue: Money(halere: due),
                       allowsPartialPayment: true)
    }

    static func voucher(_ id: String, bound: String?, amount: Int64 = 150_000,
                        approvals: [VoucherApproval]? = nil) throws -> PayoutVoucher {
        try PayoutVoucher(
            id: VoucherID(id), amount: Money(halere: amount), payeeName: "Jan Novák", expiry: DayDate(year: 2026, month: 12, day: 31),
            boundKiosk: try bound.map { try KioskCode($0) },
            approvals: approvals ?? [VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: [1, 2, 3]),
                                     VoucherApproval(role: .spravceRozpoctu, approverID: "ekonomka", signature: [4, 5, 6])],
            pinVerifier: PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 210_000],
                                     salt: Array(repeating: 9, count: 16), derivedKey: Array(repeating: 8, count: 32)),
            status: .approved)
    }
}

/// Builds a kiosk's hash-chained journal the way `Journal` does, without SQLite.
struct FakeKioskJournal {
    let kiosk: String
    private(set) var records: [JournalRecord] = []
    var recordedAt: Int64 = 1_767_225_600_000

    init(kiosk: String) { self.kiosk = kiosk }

    @discardableResult
    mutating func append(_ type: String, _ json: String) -> JournalRecord {
        let record = JournalRecord.chained(kioskID: kiosk, sequence: Int64(records.count + 1), recordedAt: recordedAt, type: type,
                                           payload: Array(json.utf8), previousHash: records.last?.hash ?? JournalRecord.genesisHash)
        records.append(record)
        recordedAt += 1_000
        return record
    }

    /// Appends `count` records that make no postings.
    mutating func appendNoise(_ count: Int) {
        for index in 0..<count { append("device.report", #"{"detail":"tick \#(index)","device":"printer"}"#) }
    }

    func wire(_ range: ClosedRange<Int>) -> [WireRecord] {
        records[(range.lowerBound - 1)...(range.upperBound - 1)].map(FakeKioskJournal.wire)
    }

    static func wire(_ record: JournalRecord) -> WireRecord {
        WireRecord(sequence: record.sequence, recordedAt: record.recordedAt, type: record.type, payload: record.payload,
                   previousHash: record.previousHash, hash: record.hash)
    }

    // Engine record payloads, written as the engine's canonical JSON.
    static func paymentStarted(transaction: Int, obligation: String, amount: Int64) -> String {
        #"{"amount":\#(amount),"outstanding":\#(amount),"target":{"allowsPartialPayment":true,"description":"Poplatek","id":"\#(obligation)","kind":"obligation","variableSymbol":"1341000123"},"transaction":\#(transaction)}"#
    }

    static func receipt(transaction: Int, number: Int, kind: String, amount: Int64, cash: Int64, card: Int64, rounding: Int64 = 0) -> String {
        let digits = String(number)
        let padded = String(repeating: "0", count: 6 - digits.count) + digits
        return #"{"amount":\#(amount),"card":\#(card),"cash":\#(cash),"change":0,"day":"2026-01-01","description":"Poplatek","kind":"\#(kind)","number":"K01-2026-\#(padded)","owed":0,"rounding":\#(rounding),"transaction":\#(transaction),"variableSymbol":"1341000123"}"#
    }

    static func refundOwed(transaction: Int, amount: Int64) -> String {
        #"{"amount":\#(amount),"reason":"change unavailable","reference":"K01-T00000\#(transaction)","transaction":\#(transaction)}"#
    }
}
