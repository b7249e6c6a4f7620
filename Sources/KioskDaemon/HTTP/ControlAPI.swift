import Engine
import Foundation
import Hummingbird
import KioskShell
import TownCore

/// The control API on the Unix socket (kioskctl): status, service, refill, collect and suspects. Every change
/// is journaled by the engine; a command the engine refuses is answered 409 (404 for an unknown suspect).
public enum ControlAPI {
    /// - Parameter syncStatus: the sync agent's lag and alert for `GET /status` (nil: the kiosk does not sync).
    public static func router(host: EngineHost,
                              syncStatus: (@Sendable () async -> SyncStatus)? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("status") { _, _ in ControlStatusDocument(await host.snapshot(), sync: await syncStatus?()) }
        router.post("service") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /service")
            guard let inService = try body.bool("in_service") else {
                throw HTTPError(.badRequest, message: "POST /service: expected in_service (true or false), found none")
            }
            let technician = try Self.technician(body)
            if inService {
                await host.submit(.technician(.putInService(technician: technician)))
            } else {
                let reason = try body.requiredString("reason")
                await host.submit(.technician(.putOutOfService(reason: "\(reason) (\(technician))")))
            }
            return ControlStatusDocument(await host.snapshot())
        }
        router.post("refill") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /refill")
            let unit = try Self.unit(body)
            let pieces = try Self.pieces(body, key: "pieces")
            let records = try Self.carriedOut(await host.technician(.refill(unit, pieces, technician: try Self.technician(body))))
            guard let refill = records.lazy.compactMap({ if case .cashRefilled(let r) = $0 { r } else { nil } }).first else {
                throw HTTPError(.internalServerError, message: "POST /refill: the refill was not journaled")
            }
            return CashOperationDocument(refill: RefillDocument(refill), cashUnits: await host.snapshot().cashUnits)
        }
        router.post("collect") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /collect")
            let unit = try Self.unit(body)
            let counted = try Self.pieces(body, key: "counted")
            let records = try Self.carriedOut(await host.technician(.collect(unit, counted: counted, technician: try Self.technician(body))))
            guard let collection = records.lazy.compactMap({ if case .cashCollected(let c) = $0 { c } else { nil } }).first else {
                throw HTTPError(.internalServerError, message: "POST /collect: the collection was not journaled")
            }
            return CashOperationDocument(collection: CollectionDocument(collection), cashUnits: await host.snapshot().cashUnits)
        }
        router.get("suspects") { _, _ in
            let snapshot = await host.snapshot()
            return SuspectsDocument(snapshot.suspects, kiosk: snapshot.kiosk)
        }
        router.post("suspects/resolve") { request, _ in
            let body = try await JSONBody.read(request, route: "POST /suspects/resolve")
            let transaction = try Self.transaction(body)
            let reason = try body.requiredString("reason")
            let paid = try body.halere("paid").map { Money(halere: $0) }
            if let paid, paid.isNegative {
                throw HTTPError(.badRequest, message: "POST /suspects/resolve: expected paid as 0 or more haléře, found \(paid.halere)")
            }
            guard await host.snapshot().suspects[transaction] != nil else {
                throw HTTPError(.notFound, message: "POST /suspects/resolve: no suspect transaction \(transaction)")
            }
            let command = TechnicianCommand.resolveSuspect(transaction, technician: try Self.technician(body), reason: reason, paid: paid)
            _ = try Self.carriedOut(await host.technician(command))
            return ResolvedDocument(resolved: .init(transaction: transaction.description, reason: reason, paid: paid?.halere),
                                    suspects: await host.snapshot().suspects.keys.sorted().map(\.description))
        }
        return router
    }

    private static func carriedOut(_ result: Result<[EngineRecord], TechnicianRefusal>) throws -> [EngineRecord] {
        switch result {
        case .success(let records): return records
        case .failure(let refusal): throw HTTPError(.conflict, message: refusal.reason)
        }
    }

    private static func technician(_ body: JSONBody) throws -> String {
        let name = try body.requiredString("technician").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else {
            throw HTTPError(.badRequest, message: "\(body.route): expected a technician name of 1–64 characters")
        }
        return name
    }

    private static func unit(_ body: JSONBody) throws -> CashUnitName {
        let text = try body.requiredString("unit")
        guard let unit = CashUnitName(rawValue: text) else {
            throw HTTPError(.badRequest, message: "\(body.route): expected unit recycler, cashbox, hopper or coin_cashbox, found \(text)")
        }
        return unit
    }

    private static func transaction(_ body: JSONBody) throws -> TransactionID {
        let text = try body.requiredString("transaction")
        guard text.first == "T", let number = Int(text.dropFirst()), number > 0 else {
            throw HTTPError(.badRequest, message: "\(body.route): expected transaction like T000012, found \(text)")
        }
        return TransactionID(number: number)
    }

    /// `{"20000": 3, "100": 12}`: denomination in haléře → pieces (0 or more).
    private static func pieces(_ body: JSONBody, key: String) throws -> PieceCounts {
        guard case .object(let fields)? = body.fields[key] else {
            throw HTTPError(.badRequest, message: "\(body.route): expected \(key) as an object of denomination in haléře → pieces, e.g. {\"20000\": 3}")
        }
        var counts: [Denomination: Int] = [:]
        for (name, value) in fields {
            guard let halere = Int64(name), let denomination = try? Denomination(value: Money(halere: halere)) else {
                throw HTTPError(.badRequest, message: "\(body.route): expected a Czech denomination in haléře (100 … 500000) as a key of \(key), found \(name)")
            }
            guard case .integer(let count) = value, (0...100_000).contains(count) else {
                throw HTTPError(.badRequest, message: "\(body.route): expected \(key).\(name) as a piece count 0…100000, found \(value.found)")
            }
            counts[denomination] = Int(count)
        }
        do { return try PieceCounts(counts) } catch {
            throw HTTPError(.badRequest, message: "\(body.route): \(error)")
        }
    }
}

struct RefillDocument: Encodable {
    var unit: String
    var pieces: PieceCounts
    var amount: Int64

    init(_ refill: CashRefilled) { (unit, pieces, amount) = (refill.unit.rawValue, refill.pieces, refill.amount.halere) }
}

struct CollectionDocument: Encodable {
    var unit: String
    var expected: PieceCounts
    var counted: PieceCounts
    var expectedAmount: Int64
    var countedAmount: Int64
    var difference: Int64

    init(_ c: CashCollected) {
        (unit, expected, counted) = (c.unit.rawValue, c.expected, c.counted)
        (expectedAmount, countedAmount, difference) = (c.expectedAmount.halere, c.countedAmount.halere, c.difference.halere)
    }

    enum CodingKeys: String, CodingKey {
        case unit, expected, counted, difference
        case expectedAmount = "expected_amount"
        case countedAmount = "counted_amount"
    }
}

struct CashOperationDocument: ResponseEncodable {
    var refill: RefillDocument?
    var collection: CollectionDocument?
    var cashUnits: [CashUnitDocument]

    init(refill: RefillDocument? = nil, collection: CollectionDocument? = nil, cashUnits: [CashUnitLevel]) {
        (self.refill, self.collection, self.cashUnits) = (refill, collection, cashUnits.map(CashUnitDocument.init))
    }

    enum CodingKeys: String, CodingKey {
        case refill, collection
        case cashUnits = "cash_units"
    }
}

struct SuspectsDocument: ResponseEncodable {
    struct Suspect: Encodable {
        var transaction: String
        var reference: String
        var reason: String
    }
    var suspects: [Suspect]

    init(_ suspects: [TransactionID: String], kiosk: KioskCode) {
        self.suspects = suspects.sorted { $0.key < $1.key }.map {
            Suspect(transaction: $0.key.description, reference: kiosk.value + "-" + $0.key.description, reason: $0.value)
        }
    }
}

struct ResolvedDocument: ResponseEncodable {
    struct Resolved: Encodable {
        var transaction: String
        var reason: String
        var paid: Int64?
    }
    var resolved: Resolved
    var suspects: [String]
}
