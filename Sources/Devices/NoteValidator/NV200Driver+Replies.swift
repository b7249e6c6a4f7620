import DeviceProtocols
import TownCore

extension NV200Driver {
    // MARK: Initialisation

    mutating func initStep(_ step: NV200InitStep) -> DriverStep {
        let request = NV200Request.initStep(step)
        switch step {
        case .sync:
            return .exchange(frame: link.sync(), timeout: configuration.replyTimeout)
        case .protocolVersion(let candidate):
            let versions = configuration.protocolVersions
            let version = versions.indices.contains(candidate) ? versions[candidate] : (versions.first ?? 8)
            return plaintext(.hostProtocolVersion(version), for: request)
        case .setup:
            return plaintext(.setupRequest, for: request)
        case .generator:
            guard let fresh = makeKeyExchange() else {
                // Only a broken random source gets here: start over later.
                phase = .initialising(.sync)
                return .idle(configuration.initRetryDelay)
            }
            keyExchange = fresh
            return plaintext(.setGenerator(fresh.generator), for: request)
        case .modulus, .keyExchange:
            guard let exchange = keyExchange else {
                phase = .initialising(.generator)
                return initStep(.generator)
            }
            if step == .modulus { return plaintext(.setModulus(exchange.modulus), for: request) }
            return plaintext(.requestKeyExchange(hostIntermediate: exchange.hostIntermediate), for: request)
        case .inhibits:
            return encrypted(.setChannelInhibits(enabledChannels: acceptanceMask), for: request)
        case .enable:
            return encrypted(desiredEnabled ? .enable : .disable, for: request)
        case .enablePayout:
            return encrypted(.enablePayoutDevice(options: nil), for: request)
        case .levels:
            return encrypted(.getAllLevels, for: request)
        }
    }

    /// Generator and modulus: random primes below 2^31 (as ITL's library draws them), generator the
    /// smaller; the secret exponent is a random 32-bit value.
    private mutating func makeKeyExchange() -> ESSPKeyExchange? {
        for _ in 0..<16 {
            guard let first = ESSPArithmetic.randomPrime(random: { random.next() }),
                  let second = ESSPArithmetic.randomPrime(random: { random.next() }), first != second
            else { continue }
            let secret = random.next() % (1 << 32) + 1
            if let exchange = try? ESSPKeyExchange(generator: min(first, second), modulus: max(first, second),
                                                   hostRandom: secret) {
                return exchange
            }
        }
        return nil
    }

    private mutating func initReply(_ step: NV200InitStep, _ response: SSPResponse, at now: DriverTime) -> [Event] {
        switch step {
        case .sync:
            phase = .initialising(.protocolVersion(candidate: 0))
        case .protocolVersion(let candidate):
            let versions = configuration.protocolVersions
            if response.isOK, versions.indices.contains(candidate) {
                negotiatedVersion = versions[candidate]
                phase = .initialising(.setup)
            } else if candidate + 1 < versions.count {
                phase = .initialising(.protocolVersion(candidate: candidate + 1))
            } else {
                return initFailed(.datasetMismatch("HOST PROTOCOL VERSION: expected one of \(versions) accepted, found all refused"), at: now)
            }
        case .setup:
            do {
                let setup = try SSPSetupInfo(payload: try response.okPayload(for: "SETUP_REQUEST"))
                dataset = try NV200Dataset(setup: setup, protocolVersion: negotiatedVersion ?? 0)
            } catch {
                return initFailed(.datasetMismatch("\(error)"), at: now)
            }
            phase = .initialising(.generator)
        case .generator, .modulus:
            guard response.isOK else { return keyExchangeFailed("\(step) answered \(response.status)", at: now) }
            phase = .initialising(step == .generator ? .modulus : .keyExchange)
        case .keyExchange:
            guard let exchange = keyExchange else { return keyExchangeFailed("no exchange in progress", at: now) }
            do {
                let slave = try SSPReply.decodeSlaveIntermediate(try response.okPayload(for: "REQUEST_KEY_EXCHANGE"))
                let negotiated = try exchange.negotiatedKey(slaveIntermediate: slave)
                let key = ESSPKey(fixedKey: configuration.fixedKey, negotiatedKey: negotiated)
                link.install(ESSPSession(key: key, role: .host))
            } catch {
                return keyExchangeFailed("\(error)", at: now)
            }
            keyExchange = nil
            keyExchangeFailures = 0
            phase = .initialising(.inhibits)
        case .inhibits:
            phase = .initialising(.enable)
            if !response.isOK { return [.fault(.protocolError("SET CHANNEL INHIBITS answered \(response.status)"))] }
        case .enable:
            phase = .initialising(.enablePayout)
            if !response.isOK { return [.fault(.protocolError("ENABLE answered \(response.status)"))] }
        case .enablePayout:
            phase = .initialising(.levels)
            if !response.isOK { return [.fault(.payoutOutOfService)] }
        case .levels:
            return levelsEvents(response) + finishInit(at: now)
        }
        return []
    }

    private mutating func keyExchangeFailed(_ reason: String, at now: DriverTime) -> [Event] {
        keyExchange = nil
        keyExchangeFailures += 1
        if keyExchangeFailures < 3 {
            phase = .initialising(.generator)
            return []
        }
        keyExchangeFailures = 0
        return initFailed(.encryptionFailure("key exchange: \(reason)"), at: now)
    }

    private mutating func initFailed(_ fault: NoteValidatorFault, at now: DriverTime) -> [Event] {
        phase = .initialising(.sync)
        retryAt = now + configuration.initRetryDelay
        defer { lastInitFault = fault }
        return lastInitFault == fault ? [] : [.fault(fault)]
    }

    private mutating func finishInit(at now: DriverTime) -> [Event] {
        phase = .running
        linkDownReported = false
        lastInitFault = nil
        firstPollSinceInit = true
        nextPollAt = now
        nextHoldAt = now
        return [.ready]
    }

    // MARK: Replies

    mutating func handleReply(_ request: NV200Request, _ content: NV200ReplyContent, at now: DriverTime) -> [Event] {
        let response: SSPResponse
        switch content {
        case .keyNotSet:
            var events: [Event] = [.fault(.keyNotSet)]
            if request == .payout, case .awaitingReply(let order) = payout {
                payout = .inDoubt(order, knownPaid: .zero, since: now, keyNotSet: true)
            }
            events += beginInit(at: now)
            if case .initStep = request { retryAt = now + configuration.initRetryDelay }
            return events
        case .unreadable(let reason):
            let fault: NoteValidatorFault = link.hasKey ? .encryptionFailure(reason) : .protocolError(reason)
            return [.fault(fault)] + beginInit(at: now)
        case .response(let readable):
            response = readable
        }
        switch request {
        case .initStep(let step):
            return initReply(step, response, at: now)
        case .poll:
            return pollReply(response, at: now)
        case .eventAck:
            pendingAck = false
            unackedBatch = nil
            if reinitAfterAck { return beginInit(at: now) }
        case .hold:
            if response.isOK {
                nextHoldAt = now + configuration.holdInterval
            } else if case .held(let note) = escrow {
                escrow = .unconfirmed(note)
                nextPollAt = now
            }
        case .reject:
            if !response.isOK {
                escrow = .unconfirmed(escrow.note)
                nextPollAt = now
            }
        case .payout:
            return payoutReply(response, at: now)
        case .levels:
            return levelsEvents(response)
        case .route(let note, let toRecycler):
            return commandResult(response, "SET DENOMINATION ROUTE \(note) → \(toRecycler ? "recycler" : "cashbox")")
        case .smartEmpty:
            return commandResult(response, "SMART EMPTY")
        case .inhibits:
            return commandResult(response, "SET CHANNEL INHIBITS")
        case .enable:
            return commandResult(response, "ENABLE")
        case .disable:
            return commandResult(response, "DISABLE")
        }
        return []
    }

    private func commandResult(_ response: SSPResponse, _ command: String) -> [Event] {
        response.isOK ? [] : [.commandFailed(command: command, reason: Self.describe(response))]
    }

    static func describe(_ response: SSPResponse) -> String {
        guard let reason = response.cannotProcessReason else { return response.status.description }
        return "\(response.status) reason \(reason)"
    }

    private func levelsEvents(_ response: SSPResponse) -> [Event] {
        guard response.isOK, let levels = try? SSPReply.decodeLevels(response.payload) else {
            return [.commandFailed(command: "GET ALL LEVELS", reason: Self.describe(response))]
        }
        var counts: [Denomination: Int] = [:]
        for level in levels {
            guard let value = level.amount.czkMoney, let note = try? Denomination(value: value) else { continue }
            counts[note, default: 0] += Int(level.count)
        }
        return [.levels(counts)]
    }

    private mutating func payoutReply(_ response: SSPResponse, at now: DriverTime) -> [Event] {
        guard case .awaitingReply(let order) = payout else { return [] }
        if response.isOK {
            payout = .dispensing(order, paid: .zero)
            nextPollAt = now
            return []
        }
        payout = .none
        let reason: PayoutRefusal
        switch response.cannotProcessReason {
        case 0x01: reason = .notEnoughValue
        case 0x02: reason = .cannotPayExactAmount
        case 0x03: reason = .busy
        case 0x04: reason = .deviceDisabled
        default: reason = .deviceRefused(Self.describe(response))
        }
        return [.payoutRefused(payoutID: order.id, reason: reason)]
    }
}
