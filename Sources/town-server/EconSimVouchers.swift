import ArgumentParser
import Foundation
import SyncProtocol
import TownCore
import TownServer
import VoucherSigning

/// The economics side of a payout voucher in the demo and in tests: the two demo approvers (starosta as příkazce
/// operace, ekonomka as správce rozpočtu) sign it and the PIN verifier is made here; the PIN goes nowhere else.
/// The demo approver keys are public in the source: a production keyring must never list them.
extension EconSim {
    struct IssueVoucher: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-voucher",
            abstract: "Sign a payout voucher with the DEMO approver keys and push it to the server.")

        @OptionGroup var connection: Connection
        @Option(help: "Voucher number, e.g. VOUCHER02.") var id: String
        @Option(help: "Amount in haléře, e.g. 153500 for 1 535 Kč.") var amount: Int64
        @Option(help: "Payee's name as printed on the voucher.") var payee: String
        @Option(help: "The PIN handed to the payee (4–8 digits).") var pin: String
        @Option(help: "Bind the voucher to this kiosk (omit for an unbound voucher).") var kiosk: String?
        @Option(help: "Days until the voucher expires.") var days: Int = 30

        /// The calendar day in Europe/Prague at `date` (voucher expiry is a Prague day).
        static func pragueDay(_ date: Date) throws -> DayDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Prague") ?? .gmt
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return try DayDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
        }

        func run() async throws {
            guard amount > 0 else { throw ValidationError("expected --amount as a positive number of haléře, found \(amount)") }
            let expiry = try Self.pragueDay(Date().addingTimeInterval(Double(days) * 86_400))
            let voucher = try TestApprovers.signedVoucher(
                id: try VoucherID(id), amount: Money(halere: amount), payeeName: payee, expiry: expiry, pin: pin,
                boundKiosk: try kiosk.map { try KioskCode($0) })
            let result = try await connection.makeClient().importVouchers([voucher])
            print("voucher \(id) (\(Money(halere: amount))) signed by starosta and ekonomka (demo keys): received \(result.received) changed \(result.changed)")
        }
    }

    struct DemoKeyring: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-keyring",
            abstract: "Print the kiosk approver keyring (public keys) of the DEMO approvers, for sync.approver_keys_file.")

        func run() throws { print(TestApprovers.keyringJSON) }
    }
}
