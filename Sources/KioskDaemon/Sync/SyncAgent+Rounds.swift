import Journal
import SyncProtocol

/// One push round and one pull round; the loops (SyncAgent+Service.swift) repeat them with backoff.
extension SyncAgent {
    public enum RoundOutcome: Sendable, Equatable {
        /// Nothing left to do now: wait the normal interval.
        case idle
        /// Progress made and more is waiting: go again at once.
        case more
        /// Failed: back off.
        case failed
        /// Pushing must stop (fork or altered record at the server): a technician has to look.
        case halted
    }

    /// Sends the oldest unacknowledged records and drops what the server acknowledged.
    ///
    /// Batches go as a sliding window of `settings.pushesInFlight`: while the server stores one, the next is
    /// already on its way and the kiosk reads the one after, so catching up after days offline is not a string
    /// of round trips. The server takes a kiosk's batches in order (one that overtakes its predecessor waits
    /// for it); acknowledgements are cumulative, so each drops everything up to it. A round ends when the
    /// outbox is drained, after `settings.batchesPerRound` batches, or at the first failure.
    public func pushOnce() async -> RoundOutcome {
        guard alert == nil else { return .halted }
        let first: [JournalRecord]
        do {
            if let from = resendFrom {
                first = try outbox.records(from: from, limit: settings.batchSize)
            } else {
                first = try outbox.pendingOutbox(limit: settings.batchSize)
            }
        } catch {
            return failed("cannot read the journal outbox: \(error)")
        }
        guard !first.isEmpty else {
            resendFrom = nil
            unacknowledged = 0
            return .idle
        }
        let window = await pushWindow(startingWith: first)
        if let ackFailure = window.ackFailure {
            return failed("cannot drop acknowledged records from the outbox: \(ackFailure)")
        }
        unacknowledged = (try? outbox.pendingOutboxCount()) ?? unacknowledged
        if let (index, error) = window.failure {
            // A later batch refused as a gap reached the server before its predecessor did; it goes again.
            let overtaken = if index > 0, case .rejected(_, let body) = error, body.code == .gap { true } else { false }
            if !overtaken { return await pushRefused(error) }
        }
        resendFrom = nil
        lastError = nil
        publishMetrics()
        return unacknowledged > 0 ? .more : .idle
    }

    private struct WindowOutcome {
        /// The first batch (in outbox order) that failed.
        var failure: (index: Int, error: SyncClientError)?
        var ackFailure: (any Error)?
    }

    /// Keeps up to `pushesInFlight` pushes going and acknowledges answers in batch order as they come.
    private func pushWindow(startingWith first: [JournalRecord]) async -> WindowOutcome {
        let transport = self.transport
        return await withTaskGroup(of: (Int, Result<JournalAcknowledgement, SyncClientError>).self) { group in
            var outcome = WindowOutcome()
            var sent = 0
            var next = Int64(0)
            var drained = false
            func send(_ batch: [JournalRecord]) {
                let index = sent
                group.addTask {
                    do throws(SyncClientError) {
                        return (index, .success(try await transport.push(batch.map(WireRecord.init))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
                sent += 1
                next = (batch.last?.sequence ?? next) + 1
            }
            func refill(settled: Int) {
                while outcome.failure == nil, outcome.ackFailure == nil, !drained, sent < settings.batchesPerRound,
                      sent - settled < settings.pushesInFlight {
                    guard let batch = try? outbox.records(from: next, limit: settings.batchSize), !batch.isEmpty else {
                        drained = true
                        return
                    }
                    send(batch)
                }
            }
            send(first)
            refill(settled: 0)
            var answers: [Int: Result<JournalAcknowledgement, SyncClientError>] = [:]
            var settled = 0
            for await (index, answer) in group {
                answers[index] = answer
                var acknowledged: Int64?
                while let answer = answers.removeValue(forKey: settled) {
                    switch answer {
                    case .success(let acknowledgement): acknowledged = max(acknowledged ?? 0, acknowledgement.acknowledgedThrough)
                    case .failure(let error): if outcome.failure == nil { outcome.failure = (settled, error) }
                    }
                    settled += 1
                }
                // The next batch leaves before the outbox rows go: the server should not wait for our fsync.
                refill(settled: settled)
                if let acknowledged {
                    do {
                        try outbox.acknowledgeOutbox(through: acknowledged)
                    } catch {
                        outcome.ackFailure = outcome.ackFailure ?? error
                    }
                }
            }
            return outcome
        }
    }

    private func pushRefused(_ error: SyncClientError) async -> RoundOutcome {
        switch error {
        case .rejected(_, let body) where body.code == .gap:
            // The server lacks records before this batch (lost answer, restored server): resend from where it
            // expects, straight from the journal. The same gap twice in a row is a failure, not a loop.
            guard let expected = body.error.expectedSequence, expected >= 1 else { return failed("push refused: \(error)") }
            if resendFrom == expected { return failed("push refused again from sequence \(expected): \(error)") }
            logger.notice("server reported a gap; resending", metadata: ["sync.expected_sequence": "\(expected)"])
            resendFrom = expected
            return .more
        case .rejected(_, let body) where body.code == .fork || body.code == .altered:
            alert = "\(body.code) at sequence \(body.error.expectedSequence.map(String.init) ?? "?"): \(body.message)"
            lastError = "push refused: \(error)"
            logger.critical("town server holds a different history for this kiosk; pushing stopped until a technician acts",
                            metadata: ["sync.code": "\(body.code)", "sync.message": "\(body.message)"])
            return .halted
        case .rejected(_, let body) where body.code == .staleTimestamp:
            return await correctClock(after: error)
        default:
            return failed("push failed: \(error)")
        }
    }

    /// Fetches pages until the server has nothing more, each applied in one cache transaction, then feeds
    /// the engine the full lists.
    public func pullOnce() async -> RoundOutcome {
        var changed = sentStale == nil || lastPull == nil
        while true {
            let page: DeltaPage
            do {
                page = try await transport.pull(cursor: cursor, limit: settings.pageLimit)
            } catch {
                if case .rejected(_, let body) = error, body.code == .staleTimestamp { return await correctClock(after: error) }
                if changed { await feedEngine() }
                return failed("pull failed: \(error)")
            }
            do {
                try cache.apply(page, pulledAt: clock.wallMilliseconds())
            } catch {
                return failed("cannot store a delta page in sync.sqlite: \(error)")
            }
            cursor = page.cursor
            if let config = page.config {
                gate = VoucherGate(local: localKeyring, server: config.approverKeys)
                if localKeyring != nil, !config.approverKeys.isEmpty {
                    logger.info("server sent approver keys; the local approver_keys_file wins")
                }
            }
            changed = changed || !page.isEmpty
            if !page.hasMore { break }
        }
        lastPull = clock.elapsed()
        lastError = nil
        if changed { await feedEngine() }
        await refreshFreshness()
        return .idle
    }

    /// A `stale_timestamp` refusal: the kiosk's clock is off. Adopt the server's time for signing and retry.
    private func correctClock(after error: SyncClientError) async -> RoundOutcome {
        guard let signatureClock, let timeProbe, let serverTime = await timeProbe.serverMilliseconds() else {
            return failed("request refused for the kiosk's clock: \(error)")
        }
        let before = signatureClock.offsetMilliseconds
        signatureClock.adopt(serverMilliseconds: serverTime)
        logger.warning("kiosk clock differs from the town server's; signing with the server's time",
                       metadata: ["sync.clock_offset_seconds": "\(signatureClock.offsetMilliseconds / 1_000)"])
        // A second refusal with an unchanged offset means something else is wrong.
        return abs(signatureClock.offsetMilliseconds - before) > 1_000 ? .more : failed("request refused for the kiosk's clock: \(error)")
    }

    private func failed(_ message: String) -> RoundOutcome {
        lastError = message
        logger.warning("sync round failed", metadata: ["sync.error": "\(message)"])
        return .failed
    }
}
