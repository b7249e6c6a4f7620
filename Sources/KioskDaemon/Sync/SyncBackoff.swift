/// Exponential backoff with jitter: after the n-th consecutive failure wait `base · 2^(n-1)`, capped, then
/// scaled by a random factor in [½, 1] so a town's kiosks coming back online do not all retry in step.
public struct SyncBackoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// - Parameters:
    ///   - failures: consecutive failures so far (≥ 1; 0 gives no delay).
    ///   - random: any 64-bit value (uniform); it picks the jitter factor.
    public func delay(afterFailures failures: Int, random: UInt64) -> Duration {
        guard failures > 0 else { return .zero }
        let capMilliseconds = Self.milliseconds(cap)
        var ceiling = Self.milliseconds(base)
        // Doubling stops at the cap, so the value never overflows however long the outage.
        for _ in 1..<min(failures, 64) where ceiling < capMilliseconds { ceiling *= 2 }
        ceiling = min(ceiling, capMilliseconds)
        let half = ceiling / 2
        let jitter = half == 0 ? 0 : Int64(random % UInt64(half + 1))
        return .milliseconds(half + jitter)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }
}
