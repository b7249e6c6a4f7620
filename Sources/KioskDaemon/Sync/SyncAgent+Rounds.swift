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
    /// Up to `settings.pushesInFlight` consecutive batches travel at once: while the server stores one, the
    /// next is already on its way and the kiosk reads the one after, so catching up after days offline is not
    /// a string of round trips. The server takes them in order (a batch that overtakes its predecessor waits
    /// for it); acknowledgements are cumulative, so each one drops everything up to it.
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
        guard let firstLast = first.last else {
            resendFrom = nil
            unacknowledged = 0
            return .idle
        }
        let transport = self.transport
        let results = await withTaskGroup(of: (Int, Result<JournalAcknowledgement, SyncClientError>).self) { group in
            func send(_ index: Int, _ batch: [JournalRecord]) {
                group.addTask {
                    do throws(SyncClientError) {
                        return (index, .success(try await transport.push(batch.map(WireRecord.init))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            send(0, first)
            // Read the following batches while the first is on its way.
            var next = firstLast.sequence + 1
            var sent = 1
            while sent < settings.pushesInFlight, let batch = try? outbox.records(from: next, limit: settings.batchSize),
                  let last = batch.last {
                send(sent, batch)
                sent += 1
                next = last.sequence + 1
            }
            var results: [Result<JournalAcknowledgement, SyncClientError>?] = Array(repeating: nil, count: sent)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
        return await settlePushes(results)
    }

    /// Drops what was acknowledged and decides the round by the first batch that failed, if any.
    private func settlePushes(_ results: [Result<JournalAcknowledgement, SyncClientError>]) async -> RoundOutcome {
        let acknowledged = results.compactMap { try? $0.get().acknowledgedThrough }.max()
        do {
            if let acknowledged { try outbox.acknowledgeOutbox(through: acknowledged) }
            unacknowledged = try outbox.pendingOutboxCount()
        } catch {
            return failed("cannot drop acknowledged records from the outbox: \(error)")
        }
        for (index, result) in results.enumerated() {
            guard case .failure(let error) = result else { continue }
            // A later batch refused as a gap went while its predecessor was not (yet) at the server; it goes again.
            if index > 0, case .rejected(_, let body) = error, body.code == .gap { continue }
            return await pushRefused(error)
        }
        resendFrom = nil
        lastError = nil
        publishMetrics()
        return unacknowledged > 0 ? .more : .idle
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
