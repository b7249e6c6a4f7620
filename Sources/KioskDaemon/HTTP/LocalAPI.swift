import Engine
import Hummingbird
import KioskShell
import TownCore

/// The touchscreen's API on loopback: JSON, amounts in haléře, bad input → 400 saying what was expected.
/// Documented with curl examples in docs/local-api.md.
public enum LocalAPI {
    public static func router(host: EngineHost, broadcaster: UIBroadcaster, metrics: DaemonMetrics?,
                              uiDirectory: String? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let uiDirectory {
            // The touchscreen's own files; no caching so a kiosk picks up an update at its next reload.
            router.add(middleware: FileMiddleware(uiDirectory, searchForIndexHtml: true))
        }
        router.get("api/state") { _, _ in StateDocument(await host.snapshot()) }
        router.get("api/fees") { _, _ in FeesDocument(fees: await host.snapshot().fees?.items ?? []) }
        router.post("api/payments") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /api/payments")
            return try await citizen(host, try paymentCommand(body))
        }
        router.post("api/method") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /api/method")
            return try await citizen(host, .chooseMethod(try method(body)))
        }
        router.post("api/finish") { _, _ in try await citizen(host, .finishWithInserted) }
        router.post("api/cancel") { _, _ in try await citizen(host, .cancel) }
        router.post("api/acknowledge") { _, _ in try await citizen(host, .acknowledge) }
        router.post("api/payouts") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /api/payouts")
            let voucher = try body.requiredString("voucher")
            let pin = try body.requiredString("pin")
            guard !pin.isEmpty, pin.count <= 32, pin.allSatisfy(\.isASCII) else {
                throw HTTPError(.badRequest, message: "POST /api/payouts: expected pin as 1–32 ASCII characters")
            }
            return try await citizen(host, .startVoucherPayout(voucherID: voucher, pin: EnteredPIN(pin)))
        }
        router.get("api/events") { request, _ in
            ServerSentEvents.response(to: request, events: broadcaster.subscribe())
        }
        if let metrics { router.addMetricsRoute(metrics.registry) }
        return router
    }

    private static func citizen(_ host: EngineHost, _ command: CitizenCommand) async throws -> StateDocument {
        let events = await host.submit(.citizen(command))
        return StateDocument(await host.snapshot(), events: events)
    }

    /// `{vs, amount?}` | `{scanned}` | `{fee, amount?}`.
    static func paymentCommand(_ body: JSONBody) throws -> CitizenCommand {
        let amount = try body.halere("amount").map { Money(halere: $0) }
        if let amount, !amount.isPositive {
            throw HTTPError(.badRequest, message: "\(body.route): expected amount as a positive number of haléře, found \(amount.halere)")
        }
        let lookups = ["vs", "scanned", "fee"].filter(body.has)
        guard lookups.count == 1 else {
            throw HTTPError(.badRequest, message: "\(body.route): expected exactly one of vs, scanned or fee, found \(lookups.isEmpty ? "none" : lookups.joined(separator: ", "))")
        }
        if let symbol = try body.string("vs") { return .startPayment(.variableSymbol(symbol), amount: amount) }
        if let scanned = try body.string("scanned") { return .startPayment(.scannedCode(scanned), amount: amount) }
        return .startPayment(.fee(code: try body.requiredString("fee")), amount: amount)
    }

    /// `{cash: true}` | `{card: true}` | `{mixed: <cash part in haléře>}`.
    static func method(_ body: JSONBody) throws -> PaymentMethod {
        let chosen = ["cash", "card", "mixed"].filter(body.has)
        guard chosen.count == 1 else {
            throw HTTPError(.badRequest, message: "\(body.route): expected exactly one of cash, card or mixed, found \(chosen.isEmpty ? "none" : chosen.joined(separator: ", "))")
        }
        switch chosen[0] {
        case "cash":
            guard try body.bool("cash") == true else { throw HTTPError(.badRequest, message: "\(body.route): expected cash: true") }
            return .cash
        case "card":
            guard try body.bool("card") == true else { throw HTTPError(.badRequest, message: "\(body.route): expected card: true") }
            return .card
        default:
            guard let part = try body.halere("mixed"), part > 0, part % 100 == 0 else {
                throw HTTPError(.badRequest, message: "\(body.route): expected mixed as the cash part in whole crowns, in haléře (e.g. 50000)")
            }
            return .mixed(cashPart: Money(halere: part))
        }
    }
}

/// `GET /api/fees`: the catalogue the identify screen offers, `{"fees": [{code, nameCs, nameEn, pricing}]}`.
struct FeesDocument: ResponseEncodable {
    var fees: [FeeItem]
}
