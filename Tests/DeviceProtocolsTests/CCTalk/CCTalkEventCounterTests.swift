import Testing
@testable import DeviceProtocols

@Suite struct CCTalkEventCounterTests {
    /// A coin acceptor model: records credits for positions 1, 2, 3… in order.
    private struct Device {
        var buffer = CCTalkBufferedEvents.powerUp
        var nextPosition: UInt8 = 1

        mutating func insertCoin() -> CCTalkResultPair {
            let pair = CCTalkResultPair(nextPosition, 1)
            nextPosition = nextPosition == 200 ? 1 : nextPosition + 1
            buffer = buffer.recording(pair)
            return pair
        }
    }

    @Test func successorWrapsFrom255To1AndNeverReturnsTo0() {
        #expect(CCTalkEventCounter.successor(of: 0) == 1)
        #expect(CCTalkEventCounter.successor(of: 254) == 255)
        #expect(CCTalkEventCounter.successor(of: 255) == 1)
        var counter: UInt8 = 0
        for _ in 0..<1000 {
            counter = CCTalkEventCounter.successor(of: counter)
            #expect(counter != 0)
        }
    }

    /// The spec's worked examples (protocols.md §1.7).
    @Test(arguments: [(UInt8(23), UInt8(23), 0), (104, 102, 2), (1, 255, 1), (3, 253, 5), (54, 48, 6)])
    func specExamples(current: UInt8, last: UInt8, expected: Int) {
        #expect(CCTalkEventCounter.eventsBetween(last: last, current: current) == expected)
    }

    @Test func everyEventIsReportedExactlyOnceAcrossManyWraps() throws {
        var device = Device()
        var tracker = CCTalkEventTracker(lastCounter: 0)
        var random = CCTalkFuzzRandom(seed: 42)
        var inserted: [CCTalkResultPair] = []
        var reported: [CCTalkResultPair] = []
        for _ in 0..<2000 {
            for _ in 0..<(random.next() % 6) { inserted.append(device.insertCoin()) }
            let polls = 1 + random.next() % 2  // sometimes the same reply twice
            for _ in 0..<polls {
                switch tracker.accept(device.buffer) {
                case let .newEvents(events): reported += events
                case .noNewEvents: break
                case let other: Issue.record("unexpected \(other)")
                }
            }
        }
        #expect(inserted.count > 1000)
        #expect(reported == inserted)
    }

    @Test func duplicateReplyProducesNoEvents() throws {
        var device = Device()
        var tracker = CCTalkEventTracker(lastCounter: 0)
        _ = device.insertCoin()
        #expect(tracker.accept(device.buffer) == .newEvents([CCTalkResultPair(1, 1)]))
        #expect(tracker.accept(device.buffer) == .noNewEvents)
        #expect(tracker.lastCounter == 1)
    }

    @Test func replayedOlderReplyIsStaleNotANewBatch() throws {
        var device = Device()
        var tracker = CCTalkEventTracker(lastCounter: 0)
        _ = device.insertCoin()
        let old = device.buffer
        _ = device.insertCoin()
        _ = device.insertCoin()
        #expect(tracker.accept(old) == .newEvents([CCTalkResultPair(1, 1)]))
        #expect(tracker.accept(device.buffer) == .newEvents([CCTalkResultPair(2, 1), CCTalkResultPair(3, 1)]))
        #expect(tracker.accept(old) == .staleReply(counter: 1))
        #expect(tracker.lastCounter == 3)
        _ = device.insertCoin()
        #expect(tracker.accept(device.buffer) == .newEvents([CCTalkResultPair(4, 1)]))
    }

    @Test func moreThanFiveNewEventsIsALostEventsFault() throws {
        var device = Device()
        var tracker = CCTalkEventTracker(lastCounter: 0)
        for _ in 0..<7 { _ = device.insertCoin() }
        let expectedVisible = (3...7).map { CCTalkResultPair(UInt8($0), 1) }
        #expect(tracker.accept(device.buffer) == .eventsLost(CCTalkLostEvents(lostCount: 2, visibleEvents: expectedVisible)))
        #expect(tracker.lastCounter == 7)
    }

    @Test func exactlyFiveNewEventsAcrossTheWrapAreAllReported() throws {
        let reply = try CCTalkBufferedEvents(replyData: [3, 5, 0, 4, 0, 3, 0, 2, 0, 1, 0])
        var tracker = CCTalkEventTracker(lastCounter: 253)
        #expect(tracker.accept(reply) == .newEvents((1...5).map { CCTalkResultPair(UInt8($0), 0) }))
    }

    @Test func counterZeroAfterNonZeroSignalsDeviceReset() throws {
        var tracker = CCTalkEventTracker(lastCounter: 67)
        #expect(tracker.accept(.powerUp) == .deviceReset)
        #expect(tracker.lastCounter == 0)
        #expect(tracker.accept(.powerUp) == .noNewEvents)
        let afterReset = CCTalkBufferedEvents.powerUp.recording(CCTalkResultPair(4, 2))
        #expect(tracker.accept(afterReset) == .newEvents([CCTalkResultPair(4, 2)]))
    }

    @Test func firstReplyWithoutHistoryOnlySynchronises() throws {
        var tracker = CCTalkEventTracker()
        let reply = CCTalkBufferedEvents.powerUp.recording(CCTalkResultPair(9, 0))
        #expect(tracker.accept(reply) == .synchronised(counter: 1))
        #expect(tracker.accept(reply) == .noNewEvents)
    }

    @Test func persistedCounterWithoutBufferTreatsBackwardsCounterAsLoss() throws {
        // After a restart only the counter is known, so a counter behind it cannot be proven stale.
        var tracker = CCTalkEventTracker(lastCounter: 10)
        let reply = try CCTalkBufferedEvents(replyData: [8, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
        guard case let .eventsLost(fault) = tracker.accept(reply) else {
            Issue.record("expected a lost-events fault")
            return
        }
        #expect(fault.lostCount == 253 - 5)
    }

    @Test func bufferedCreditReplyParsesCoinCreditsAndErrors() throws {
        let reply = try CCTalkBufferedEvents(replyData: [5, 0, 2, 3, 1, 0, 129, 0, 0, 0, 0])
        #expect(reply.eventCounter == 5)
        #expect(reply.newestFirst.map(\.coinEvent) == [
            .status(.inhibitedCoin), .credit(position: 3, sorterPath: 1), .status(.inhibitedCoinType(2)),
            .status(.nullEvent), .status(.nullEvent),
        ])
        #expect(reply.replyData == [5, 0, 2, 3, 1, 0, 129, 0, 0, 0, 0])
        #expect(throws: CCTalkMessageError.self) { try CCTalkBufferedEvents(eventCounter: 1, newestFirst: []) }
    }
}
