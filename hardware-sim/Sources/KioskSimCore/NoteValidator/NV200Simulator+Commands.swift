import DeviceProtocols
import TownCore

extension NV200Simulator {
    /// Executes one command (already decrypted when it came encrypted).
    func execute(_ data: [UInt8], encrypted: Bool) -> SSPResponse {
        let command: SSPCommand
        do {
            command = try SSPCommand.decode(data)
        } catch {
            if case .unknownCode = error { return SSPResponse(status: .commandNotKnown) }
            return SSPResponse(status: .wrongNumberOfParameters)
        }
        if command.requiresEncryption && !encrypted { return SSPResponse(status: .keyNotSet) }
        return execute(command)
    }

    private func execute(_ command: SSPCommand) -> SSPResponse {
        let ok = SSPResponse(status: .ok)
        switch command {
        case .sync, .displayOn, .displayOff:
            return ok
        case .reset:
            resetAfterReply = true
            return ok
        case .hostProtocolVersion(let version):
            guard SSPPollContext.supportedProtocolVersions.contains(version) else { return SSPResponse(status: .fail) }
            protocolVersion = version
            return ok
        case .setupRequest:
            guard let setup = setupInfo() else { return SSPResponse(status: .softwareError) }
            return SSPResponse(status: .ok, payload: setup.encoded())
        case .setChannelInhibits(let mask):
            channelMask = mask
            return ok
        case .enable:
            enabled = true
            return ok
        case .disable:
            enabled = false
            return ok
        case .enablePayoutDevice:
            payoutEnabled = true
            return ok
        case .disablePayoutDevice:
            payoutEnabled = false
            return ok
        case .poll:
            acceptDeliveredNote()
            let batch = events.poll(status: statusEvents)
            noteDelivered(batch)
            return pollReply(batch)
        case .pollWithAck:
            // While a batch awaits EVENT ACK the device takes no further note action.
            if events.unacknowledged.isEmpty { acceptDeliveredNote() }
            return pollReply(events.pollWithAck(status: statusEvents))
        case .eventAck:
            noteDelivered(events.acknowledge())
            return ok
        case .hold:
            guard case .escrow(let note, _, let delivered) = notePath else { return cannotProcess() }
            notePath = .escrow(note, holdDeadline: now + configuration.holdTimeout, delivered: delivered)
            return ok
        case .rejectBanknote:
            guard case .escrow(let note, _, _) = notePath else { return cannotProcess() }
            startRejecting(note, code: 0x08)
            return ok
        case .lastRejectCode:
            return SSPResponse(status: .ok, payload: [lastRejectCode])
        case .getSerialNumber:
            return SSPResponse(status: .ok, payload: SSPReply.encodeSerialNumber(configuration.serialNumber))
        case .getFirmwareVersion:
            return SSPResponse(status: .ok, payload: Array("NV02004141498000".utf8))
        case .getDatasetVersion:
            return SSPResponse(status: .ok, payload: Array("CZK01610".utf8))
        case .getAllLevels:
            return SSPResponse(status: .ok, payload: SSPReply.encodeLevels(recyclerLevels()))
        case .getDenominationLevel(let amount):
            guard let note = note(of: amount) else { return SSPResponse(status: .parameterOutOfRange) }
            let count = UInt16(clamping: world.count(note, at: .recycler))
            return SSPResponse(status: .ok, payload: SSPReply.encodeDenominationLevel(count))
        case .setDenominationRoute(let route, let amount):
            guard let note = note(of: amount) else { return SSPResponse(status: .parameterOutOfRange) }
            routes[note] = route
            return ok
        case .getDenominationRoute(let amount):
            guard let note = note(of: amount) else { return SSPResponse(status: .parameterOutOfRange) }
            return SSPResponse(status: .ok, payload: SSPReply.encodeRoute(routes[note] ?? .cashbox))
        case .payoutAmount(let amount, let mode):
            return startPayout(amount, mode: mode)
        case .haltPayout:
            guard let run = payoutRun else { return cannotProcess() }
            payoutRun = nil
            events.append(.halted([.czk(UInt32(clamping: run.paid.halere))]))
            return ok
        case .emptyAll, .smartEmpty:
            guard payoutRun == nil else { return cannotProcess(0x03) }
            emptyRecycler(smart: command == .smartEmpty)
            return ok
        case .payoutByDenomination:
            // Not modelled: the driver lets the device choose the notes.
            return SSPResponse(status: .commandNotKnown)
        case .cashboxPayoutOperationData:
            return SSPResponse(status: .ok, payload: SSPReply.encodeCashboxPayoutData(
                SSPCashboxPayoutData(moved: [], unrecognisedCount: 0)))
        case .setGenerator(let value):
            guard ESSPArithmetic.isPrime(value) else { return SSPResponse(status: .parameterOutOfRange) }
            generator = value
            return ok
        case .setModulus(let value):
            guard ESSPArithmetic.isPrime(value) else { return SSPResponse(status: .parameterOutOfRange) }
            modulus = value
            return ok
        case .requestKeyExchange(let hostIntermediate):
            guard let generator, let modulus else { return cannotProcess() }
            let secret = random.next() % (1 << 32) + 1
            let (intermediate, negotiated) = ESSPKeyExchange.slaveResponse(
                generator: generator, modulus: modulus, slaveRandom: secret, hostIntermediate: hostIntermediate)
            session = ESSPSession(key: ESSPKey(fixedKey: fixedKey, negotiatedKey: negotiated), role: .slave)
            return SSPResponse(status: .ok, payload: SSPReply.encodeSlaveIntermediate(intermediate))
        case .setFixedEncryptionKey(let key):
            fixedKey = key
            return ok
        case .resetFixedEncryptionKey:
            fixedKey = ESSPKey.defaultFixedKey
            return ok
        }
    }

    func cannotProcess(_ reason: UInt8? = nil) -> SSPResponse {
        SSPResponse(status: .commandCannotBeProcessed, payload: reason.map { [$0] } ?? [])
    }

    /// A POLL stacks the note in escrow once its READ has reached the host.
    private func acceptDeliveredNote() {
        if case .escrow(let note, _, true) = notePath { startStacking(note) }
    }

    private func pollReply(_ batch: [SSPPollEvent]) -> SSPResponse {
        guard let context = pollContext, let payload = try? SSPPollEvent.encodeAll(batch, context: context) else {
            return SSPResponse(status: .softwareError)
        }
        return SSPResponse(status: .ok, payload: payload)
    }

    /// The host has READ with the escrowed note's channel: the next POLL may stack it.
    private func noteDelivered(_ batch: [SSPPollEvent]) {
        guard case .escrow(let note, let deadline, false) = notePath, let channel = channel(of: note),
              batch.contains(.read(channel: channel)) else { return }
        notePath = .escrow(note, holdDeadline: deadline, delivered: true)
    }

    func setupInfo() -> SSPSetupInfo? {
        let channels = configuration.notes.enumerated().map { index, note in
            SSPChannel(number: UInt8(truncatingIfNeeded: index + 1), legacyValue: 0, security: 2,
                       currency: .czk, expandedValue: UInt32(clamping: note.crowns))
        }
        return try? SSPSetupInfo(unitType: .smartPayout, firmwareVersion: "0441", countryCode: .czk,
                                 valueMultiplier: 1, channels: channels, realValueMultiplier: 100,
                                 protocolVersion: protocolVersion)
    }

    func recyclerLevels() -> [SSPLevel] {
        configuration.notes.map { note in
            SSPLevel(count: UInt16(clamping: world.count(note, at: .recycler)),
                     amount: .czk(UInt32(clamping: note.value.halere)))
        }
    }
}
