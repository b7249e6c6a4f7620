import Testing
@testable import DeviceProtocols

@Suite("SSP sequence flag")
struct SSPSequenceTests {
    private func reply(_ flag: Bool, address: UInt8 = 0) throws -> SSPFrame {
        try SSPFrame(sequenceFlag: flag, address: address, data: [0xF0])
    }

    @Test("SYNC goes out with the flag set, the next command with it clear (ITL library rule)")
    func syncThenCommand() throws {
        var sequencer = try SSPSequencer()
        #expect(try sequencer.send(SSPCommand.sync.encoded()) == sspBytes("7F 80 01 11 65 82"))
        try sequencer.acceptReply(reply(true))
        #expect(try sequencer.send(SSPCommand.hostProtocolVersion(6).encoded()) == sspBytes("7F 00 02 06 06 1B 94"))
        try sequencer.acceptReply(reply(false))
        #expect(try sequencer.send(SSPCommand.poll.encoded()) == sspBytes("7F 80 01 07 12 02"))
    }

    @Test("SYNC forces the flag set even when the sequence is at 0")
    func syncResetsFlag() throws {
        var sequencer = try SSPSequencer(nextFlag: false)
        #expect(try sequencer.send([0x11]) == sspBytes("7F 80 01 11 65 82"))
    }

    @Test("a timeout resend is byte-identical and does not move the flag — a payout is never re-issued")
    func resendIsIdentical() throws {
        var sequencer = try SSPSequencer(nextFlag: false)
        let payout = SSPCommand.payoutAmount(sspCZK500, .real).encoded()
        let first = try sequencer.send(payout)
        #expect(first == sspBytes("7F 00 09 33 50 C3 00 00 43 5A 4B 58 F4 6D"))
        for _ in 0..<3 { #expect(try sequencer.retransmission() == first) }
        #expect(sequencer.nextFlag == false)
        // A new command may not be framed (with or without a new flag) while the payout is unanswered.
        #expect(throws: SSPSequenceError.commandOutstanding(first)) { try sequencer.send(payout) }
        try sequencer.acceptReply(reply(false))
        #expect(sequencer.nextFlag == true)
        #expect(sequencer.outstanding == nil)
    }

    @Test("the flag flips only after a reply, once per reply")
    func flipsOnlyOnReply() throws {
        var sequencer = try SSPSequencer()
        var flags: [Bool] = []
        for _ in 0..<4 {
            let wire = try sequencer.send([0x07])
            flags.append(wire[1] & 0x80 != 0)
            try sequencer.acceptReply(reply(flags.last ?? false))
        }
        #expect(flags == [true, false, true, false])
    }

    @Test("a stale reply (other flag) or a reply from another address is refused and changes nothing")
    func refusesStaleReply() throws {
        var sequencer = try SSPSequencer(nextFlag: true)
        let sent = try sequencer.send([0x07])
        #expect(throws: SSPSequenceError.wrongSequenceFlag(expected: true, found: false)) {
            try sequencer.acceptReply(reply(false))
        }
        #expect(throws: SSPSequenceError.wrongAddress(expected: 0, found: 0x10)) {
            try sequencer.acceptReply(reply(true, address: 0x10))
        }
        #expect(try sequencer.retransmission() == sent)
        #expect(sequencer.nextFlag == true)
    }

    @Test("no reply without an outstanding command, no resend without one")
    func nothingOutstanding() throws {
        var sequencer = try SSPSequencer()
        #expect(throws: SSPSequenceError.nothingOutstanding) { try sequencer.acceptReply(reply(true)) }
        #expect(throws: SSPSequenceError.nothingOutstanding) { try sequencer.retransmission() }
    }

    @Test("synchronise abandons the unanswered command and frames SYNC with the flag set")
    func synchroniseAbandons() throws {
        var sequencer = try SSPSequencer(address: 0x10, nextFlag: false)
        _ = try sequencer.send([0x07])
        let sync = sequencer.synchronise()
        #expect(sync == sspBytes("7F 90 01 11 26 03"))
        #expect(try sequencer.retransmission() == sync)
        try sequencer.acceptReply(reply(true, address: 0x10))
        #expect(sequencer.nextFlag == false)
    }

    @Test("refuses an invalid address and unframeable data")
    func refusesInvalid() throws {
        #expect(throws: SSPFrameError.addressOutOfRange(0x7F)) { try SSPSequencer(address: 0x7F) }
        var sequencer = try SSPSequencer()
        #expect(throws: SSPSequenceError.unframeable(.dataCountOutOfRange(0))) { try sequencer.send([]) }
        #expect(sequencer.outstanding == nil)
    }
}
