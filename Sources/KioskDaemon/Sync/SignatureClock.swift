import Foundation
import SyncProtocol

/// The clock the kiosk signs requests with: its own wall clock plus an offset learnt from the server.
///
/// The server refuses timestamps more than its window (±300 s) away from its own clock. A kiosk whose clock
/// jumped by days would otherwise never sync again, so when a request is refused as `stale_timestamp` the
/// agent reads the server's `Date` header and signs with that offset from then on. Only signing uses it:
/// journal records keep the kiosk's own time (they are evidence of what the kiosk believed), and voucher-list
/// age is measured on the monotonic clock. Nonces still make every signed request single-use.
public final class SignatureClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Int64 = 0
    private let wall: @Sendable () -> Int64

    public init(wall: @escaping @Sendable () -> Int64) { self.wall = wall }

    public var offsetMilliseconds: Int64 {
        get { lock.withLock { offset } }
        set { lock.withLock { offset = newValue } }
    }

    public func now() -> Int64 { wall() &+ offsetMilliseconds }

    /// Adopts the server's time: `serverMilliseconds` was read just now.
    public func adopt(serverMilliseconds: Int64) { offsetMilliseconds = serverMilliseconds - wall() }
}

/// Reads the town server's clock from the `Date` header of its unauthenticated `GET /health` (1 s resolution,
/// well inside the signature window).
public protocol ServerTimeProbe: Sendable {
    func serverMilliseconds() async -> Int64?
}

public struct HealthDateProbe: ServerTimeProbe {
    public let baseURL: URL
    public let timeoutSeconds: Double

    public init(baseURL: URL, timeoutSeconds: Double = 5) {
        self.baseURL = baseURL
        self.timeoutSeconds = timeoutSeconds
    }

    public func serverMilliseconds() async -> Int64? {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + "/health") else { return nil }
        let header = await SignedHTTPClient.dateHeader(of: url, timeoutSeconds: timeoutSeconds)
        guard let header else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return Int64(date.timeIntervalSince1970) * 1_000
    }
}
