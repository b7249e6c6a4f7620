import AsyncHTTPClient
import Foundation
import SyncProtocol
import TownCore

/// The economics system's side of `/econ/v1/…` (used by `town-server econ-sim` and tests).
public struct EconClient: Sendable {
    private let http: SignedHTTPClient

    public init(baseURL: URL, clientID: String, secret: [UInt8], httpClient: HTTPClient = SignedHTTPClient.sharedClient,
                clock: @escaping @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds) {
        http = SignedHTTPClient(baseURL: baseURL, principalHeader: SignatureHeader.client, principal: clientID, secret: secret,
                                http: httpClient, clock: clock)
    }

    private static let prefix = SyncVersion.econPathPrefix

    public func importReceivables(_ receivables: [Obligation]) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/receivables",
                                body: WireJSON.encode(ReceivablesImport(receivables: receivables)))
    }

    public func importReceivablesCSV(_ csv: String) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/receivables",
                                body: Array(csv.utf8), contentType: "text/csv")
    }

    public func importFees(_ catalog: FeeCatalog) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/fees",
                                body: WireJSON.encode(FeesImport(fees: catalog)))
    }

    public func importFeesCSV(_ csv: String) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/fees",
                                body: Array(csv.utf8), contentType: "text/csv")
    }

    public func importVouchers(_ vouchers: [PayoutVoucher]) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/vouchers",
                                body: WireJSON.encode(VouchersImport(vouchers: vouchers)))
    }

    public func cancel(_ cancellations: [Cancellation]) async throws(SyncClientError) -> ImportResult {
        try await http.sendJSON(ImportResult.self, method: "POST", pathWithQuery: Self.prefix + "/cancellations",
                                body: WireJSON.encode(CancellationsImport(cancellations: cancellations)))
    }

    /// Postings after `after` (nil: after what this client acknowledged).
    public func postings(after: String? = nil, limit: Int? = nil) async throws(SyncClientError) -> PostingsPage {
        var items: [String] = []
        if let after { items.append("after=\(after)") }
        if let limit { items.append("limit=\(limit)") }
        return try await http.sendJSON(PostingsPage.self, method: "GET",
                                       pathWithQuery: Self.prefix + "/postings" + (items.isEmpty ? "" : "?" + items.joined(separator: "&")))
    }

    public func acknowledge(through: String) async throws(SyncClientError) -> PostingsAcknowledgement {
        try await http.sendJSON(PostingsAcknowledgement.self, method: "POST", pathWithQuery: Self.prefix + "/postings/ack",
                                body: WireJSON.encode(PostingsAcknowledgement(through: through)))
    }

    public func health() async throws(SyncClientError) -> HealthReport {
        try await http.sendJSON(HealthReport.self, method: "GET", pathWithQuery: Self.prefix + "/health")
    }
}
