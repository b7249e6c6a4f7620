/// The journal pushes of each kiosk that the server is processing right now.
///
/// A kiosk catching up keeps two pushes in flight, so a batch can reach the store before the one it follows.
/// Rather than refuse it as a `gap` (and have it sent again), it waits while an earlier push of the same kiosk
/// is still being processed, and goes once that one is done. Waiting never decides anything: the batch is
/// checked against the stored head afterwards, as always.
///
/// Pure bookkeeping; `ServerStore` owns it and does the suspending.
struct IntakeTurns<Waiter> {
    /// Pushes being processed and not waiting.
    private var running: [String: Int] = [:]
    private var waiting: [String: [Waiter]] = [:]

    mutating func begin(_ kiosk: String) {
        running[kiosk, default: 0] += 1
    }

    /// Finishes one push and hands back every waiter of the kiosk: the head may have moved, each looks again.
    mutating func end(_ kiosk: String) -> [Waiter] {
        running[kiosk, default: 1] -= 1
        if running[kiosk] == 0 { running[kiosk] = nil }
        return waiting.removeValue(forKey: kiosk) ?? []
    }

    /// True while another push of the kiosk runs (not one that waits too: two waiting on each other would never go).
    func anotherIsRunning(_ kiosk: String) -> Bool {
        (running[kiosk] ?? 0) > 1
    }

    /// Parks a running push until the next `end` of the kiosk.
    mutating func park(_ kiosk: String, _ waiter: Waiter) {
        running[kiosk, default: 1] -= 1
        waiting[kiosk, default: []].append(waiter)
    }

    /// A parked push runs again.
    mutating func resume(_ kiosk: String) {
        running[kiosk, default: 0] += 1
    }

    func runningCount(_ kiosk: String) -> Int {
        running[kiosk] ?? 0
    }

    func waitingCount(_ kiosk: String) -> Int {
        waiting[kiosk]?.count ?? 0
    }
}
