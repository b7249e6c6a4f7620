import ServiceLifecycle

/// The agent as a ServiceGroup member: three loops (push, pull, voucher-list age) until graceful shutdown.
extension SyncAgent: Service {
    public func run() async throws {
        await waitForEngine()
        await refreshFreshness()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.repeatRounds(every: self.settings.pushInterval) { await $0.pushOnce() } }
                group.addTask { await self.repeatRounds(every: self.settings.pullInterval) { await $0.pullOnce() } }
                group.addTask { await self.watchFreshness() }
            }
        }
        logger.info("sync agent stopped", metadata: ["sync.unacknowledged": "\(unacknowledged)"])
    }

    /// Runs `round` forever: again at once after progress, after `interval` when idle, after a jittered
    /// exponential backoff on failure; a halted round ends the loop.
    func repeatRounds(every interval: Duration, _ round: @Sendable (isolated SyncAgent) async -> RoundOutcome) async {
        var failures = 0
        while !Task.isCancelled {
            let pause: Duration
            switch await round(self) {
            case .more:
                failures = 0
                continue
            case .idle:
                failures = 0
                pause = interval
            case .failed:
                failures += 1
                pause = settings.backoff.delay(afterFailures: failures, random: random())
            case .halted:
                return
            }
            do { try await clock.sleep(for: pause) } catch { return }
        }
    }

    private func watchFreshness() async {
        while !Task.isCancelled {
            await refreshFreshness()
            do { try await clock.sleep(for: settings.freshnessCheckInterval) } catch { return }
        }
    }

    /// Data sent before the engine booted would be dropped; wait for it (briefly polled).
    private func waitForEngine() async {
        while !Task.isCancelled, await !sink.isReady() {
            do { try await clock.sleep(for: .milliseconds(50)) } catch { return }
        }
    }
}
