import DeviceProtocols

/// The receipt printer driver as a pure machine (ESC/POS over a serial line).
///
/// Idle, it reads the status every `pollInterval` and reports changes. A job goes: status check (refused
/// with `.notReady` when the printer cannot print, so nothing is printed into the void) → chunks, with a
/// status check after each, stopping at the first problem (`.partial`) → a pause for the mechanism →
/// a confirming status check → `.printed`. Status reads retry after a quiet period that swallows late
/// replies; when retries run out the printer is `.notResponding`.
///
/// Limits of ESC/POS real-time status: it says what the printer is now, not how far it got, so a job
/// whose data the printer silently dropped while still reporting "ready" cannot be detected.
public struct ESCPOSPrinterDriver: DriverMachine {
    public typealias Command = PrinterCommand
    public typealias Event = PrinterEvent

    public let configuration: PrinterConfiguration

    private struct ActiveJob: Sendable, Hashable {
        let id: PrintJobID
        let chunks: [PrintJobEncoding.Chunk]
        var nextChunk = 0
    }

    /// What a status read is for.
    private enum Purpose: Sendable, Hashable {
        case poll
        case beforeJob(ActiveJob)
        case betweenChunks(ActiveJob)
        case confirm(ActiveJob)

        /// The job this read belongs to, and whether any of its bytes were already sent.
        var job: (ActiveJob, dataSent: Bool)? {
            switch self {
            case .poll: nil
            case let .beforeJob(job): (job, false)
            case let .betweenChunks(job), let .confirm(job): (job, true)
            }
        }
    }

    private enum State: Sendable, Hashable {
        /// Waiting for the next poll or a command.
        case idle
        /// Exchanging `DLE EOT` requests; the next step asks `read.request`.
        case reading(PrinterStatusRead, Purpose)
        /// The next step sends `job.chunks[job.nextChunk]`.
        case sending(ActiveJob)
        /// All data sent; waiting until `until` before the confirming status read.
        case settling(ActiveJob, until: DriverTime)
    }

    /// Whether the printer is known to answer.
    private enum Link: Sendable, Hashable { case unknown, answering, faulted }

    private var state = State.idle
    private var queue: [ActiveJob] = []
    private var nextPollAt: DriverTime = .zero
    /// `.checkStatus` arrived: the next completed read reports its condition even when unchanged.
    private var statusRequested = false
    private var link = Link.unknown
    private var reportedCondition: PrinterCondition?
    /// A reply was missing or garbled: listen to the line for a quiet period before the next request.
    private var resyncNeeded = false
    private var draining = false
    /// Job bytes sent since the last status request; they travel ahead of the next request on the wire.
    private var bytesInFlight = 0

    public init(configuration: PrinterConfiguration = PrinterConfiguration()) {
        self.configuration = configuration
    }

    public mutating func start(at now: DriverTime) -> [PrinterEvent] {
        // The runner calls `transportLost` before reopening, so normally no job is active here; if one is,
        // it is failed rather than silently forgotten.
        let events = abandonActiveJob()
        nextPollAt = now
        return events
    }

    public mutating func handle(_ command: PrinterCommand, at now: DriverTime) -> [PrinterEvent] {
        switch command {
        case let .print(job):
            do {
                let encoding = try PrintJobEncoding(job, configuration: configuration)
                queue.append(ActiveJob(id: job.id, chunks: encoding.chunks))
                return []
            } catch {
                return [.printFailed(job.id, .invalidJob(error.description))]
            }
        case .checkStatus:
            statusRequested = true
            return []
        }
    }

    public mutating func nextStep(at now: DriverTime) -> DriverStep {
        switch state {
        case .idle:
            if !queue.isEmpty {
                let job = queue.removeFirst()
                return beginRead(.beforeJob(job))
            }
            if statusRequested || now >= nextPollAt { return beginRead(.poll) }
            return .idle(nextPollAt - now)
        case let .reading(read, _):
            return exchange(read.request)
        case var .sending(job):
            guard job.nextChunk < job.chunks.count else { return settle(job, at: now) }
            let chunk = job.chunks[job.nextChunk]
            job.nextChunk += 1
            bytesInFlight += chunk.bytes.count
            if job.nextChunk == job.chunks.count {
                state = .settling(job, until: now + wireTime(bytes: bytesInFlight) + configuration.settleTime)
            } else if chunk.endsAtCommandBoundary {
                state = .reading(PrinterStatusRead(), .betweenChunks(job))
            } else {
                state = .sending(job)
            }
            return .send(chunk.bytes)
        case let .settling(job, until):
            if now >= until { return beginRead(.confirm(job)) }
            return .idle(until - now)
        }
    }

    public mutating func received(_ bytes: [UInt8], at now: DriverTime) -> DriverReaction<PrinterEvent> {
        // Late or stray bytes while resynchronising are discarded; keep listening until the quiet period ends.
        if draining { return DriverReaction(replyComplete: false) }
        guard case .reading(var read, let purpose) = state else { return DriverReaction(replyComplete: true) }
        switch read.accept(bytes, layout: configuration.statusLayout) {
        case .askNext:
            state = .reading(read, purpose)
            return DriverReaction(replyComplete: true)
        case let .complete(condition):
            return DriverReaction(events: finish(purpose, condition: condition, at: now), replyComplete: true)
        case let .unexpected(detail):
            return DriverReaction(events: failAttempt(read, purpose, fault: .unexpectedReply(detail), at: now),
                                  replyComplete: true)
        }
    }

    public mutating func timedOut(at now: DriverTime) -> [PrinterEvent] {
        if draining {
            draining = false
            resyncNeeded = false
            return []
        }
        guard case let .reading(read, purpose) = state else { return [] }
        return failAttempt(read, purpose, fault: .notResponding, at: now)
    }

    public mutating func transportLost(_ reason: String, at now: DriverTime) -> [PrinterEvent] {
        var events: [PrinterEvent] = []
        if link != .faulted {
            link = .faulted
            events.append(.fault(.connectionLost(reason)))
        }
        reportedCondition = nil
        events += abandonActiveJob()
        // Waiting jobs fail too, so the engine is not left waiting for a printer that may be gone for good.
        events += queue.map { .printFailed($0.id, .connectionLost(dataSent: false)) }
        queue.removeAll()
        return events
    }

    /// Fails the job in progress (the line is gone), if any, and resets the wire state to idle.
    private mutating func abandonActiveJob() -> [PrinterEvent] {
        let failure = PrintFailure.connectionLost
        var events: [PrinterEvent] = []
        switch state {
        case .idle: break
        case let .reading(_, purpose):
            if case let (job, dataSent)? = purpose.job { events.append(.printFailed(job.id, failure(dataSent))) }
        case let .sending(job):
            events.append(.printFailed(job.id, failure(job.nextChunk > 0)))
        case let .settling(job, _):
            events.append(.printFailed(job.id, failure(true)))
        }
        state = .idle
        resyncNeeded = false
        draining = false
        bytesInFlight = 0
        return events
    }

    // MARK: - Steps

    private mutating func beginRead(_ purpose: Purpose) -> DriverStep {
        let read = PrinterStatusRead()
        state = .reading(read, purpose)
        return exchange(read.request)
    }

    private mutating func exchange(_ request: ESCPOSStatusRequest) -> DriverStep {
        if resyncNeeded {
            draining = true
            return .receive(timeout: configuration.resyncQuietTime)
        }
        // The request waits behind job data still on the wire.
        let timeout = configuration.statusTimeout + wireTime(bytes: bytesInFlight + request.bytes.count)
        bytesInFlight = 0
        return .exchange(frame: request.bytes, timeout: timeout)
    }

    private mutating func settle(_ job: ActiveJob, at now: DriverTime) -> DriverStep {
        state = .settling(job, until: now + configuration.settleTime)
        return .idle(configuration.settleTime)
    }

    /// How long `bytes` take at the configured line settings (start bit + data + parity + stop bits each).
    private func wireTime(bytes: Int) -> Duration {
        let serial = configuration.serial
        let bitsPerByte = 1 + serial.dataBits + (serial.parity == .none ? 0 : 1) + serial.stopBits.rawValue
        let baud = max(1, serial.baudRate)
        return .nanoseconds(Int64(max(0, bytes)) * Int64(bitsPerByte) * 1_000_000_000 / Int64(baud))
    }

    // MARK: - Outcomes of a status read

    private mutating func finish(_ purpose: Purpose, condition: PrinterCondition, at now: DriverTime) -> [PrinterEvent] {
        var events: [PrinterEvent] = []
        if link != .answering {
            link = .answering
            events.append(.ready)
        }
        if condition != reportedCondition || statusRequested {
            events.append(.condition(condition))
            reportedCondition = condition
            statusRequested = false
        }
        state = .idle
        switch purpose {
        case .poll:
            nextPollAt = now + configuration.pollInterval
        case let .beforeJob(job):
            if condition.canPrint { state = .sending(job) } else { events.append(.printFailed(job.id, .notReady(condition))) }
        case let .betweenChunks(job):
            if condition.canPrint { state = .sending(job) } else { events.append(.printFailed(job.id, .partial(condition))) }
        case let .confirm(job):
            events.append(condition.canPrint ? .printed(job.id) : .printFailed(job.id, .partial(condition)))
            nextPollAt = now + configuration.pollInterval
        }
        return events
    }

    private mutating func failAttempt(_ read: PrinterStatusRead, _ purpose: Purpose, fault: PrinterFault,
                                      at now: DriverTime) -> [PrinterEvent] {
        var read = read
        read.failures += 1
        resyncNeeded = true
        if read.failures <= configuration.statusRetries {
            state = .reading(read, purpose)
            return []
        }
        var events: [PrinterEvent] = []
        if link != .faulted || statusRequested {
            link = .faulted
            statusRequested = false
            events.append(.fault(fault))
        }
        reportedCondition = nil
        if case let (job, dataSent)? = purpose.job { events.append(.printFailed(job.id, .notResponding(dataSent: dataSent))) }
        state = .idle
        nextPollAt = now + configuration.pollInterval
        return events
    }
}
