import DeviceProtocols
@testable import Devices
import Testing

/// The pure machine driven by hand: each test is a script of steps in, expected wire steps and events out.
@Suite struct PrinterDriverScriptTests {
    private let job = PrintJob(id: PrintJobID("R-1"), lines: [PrintLine("Účet", alignment: .center, bold: true)])
    /// ESC @, ESC t 18, centre, bold, "Účet" in CP852, LF, feed to cutter and cut partially.
    private let jobBytes: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, 0x12, 0x1B, 0x61, 0x01, 0x1B, 0x45, 0x01,
                                     0xE9, 0x9F, 0x65, 0x74, 0x0A, 0x1D, 0x56, 0x42, 0x00]

    /// Reads a healthy status: DLE EOT 1 then DLE EOT 4.
    private func answerHealthy(_ script: inout PrinterScript) throws {
        try #require(script.step().printerFrame == PrinterRequest.printer)
        #expect(script.reply([PrinterStatusByte.ok]) == true)
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        #expect(script.reply([PrinterStatusByte.ok]) == true)
    }

    /// Steps through every attempt of one status read (each after a quiet period but the first), giving
    /// each request `reply`, or nothing when nil.
    private func exhaustRetries(_ script: inout PrinterScript, reply: [UInt8]? = nil) throws {
        for _ in 0..<3 {
            var step = script.step()
            if case .receive = step {
                script.timeOut(after: .milliseconds(200))
                step = script.step()
            }
            try #require(step.printerFrame == PrinterRequest.printer)
            if let reply { script.reply(reply) } else { script.timeOut(after: .milliseconds(503)) }
        }
    }

    @Test func startReadsStatusReportsReadyAndIdlesForThePollInterval() throws {
        var script = PrinterScript()
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.ready, .condition(.ready)])
        #expect(script.step() == .idle(.seconds(2)))
        // Woken early (a command arrives), it idles only for what remains.
        script.now += .milliseconds(1_500)
        #expect(script.step() == .idle(.milliseconds(500)))
        script.now += .milliseconds(500)
        try answerHealthy(&script)
        #expect(script.takeEvents().isEmpty, "an unchanged condition is not reported again")
    }

    @Test func statusExchangeHasTheConfiguredTimeoutPlusWireTime() {
        var script = PrinterScript()
        // 3 bytes at 9600 8N1 = 30 bits ≈ 3.125 ms.
        #expect(script.step() == .exchange(frame: PrinterRequest.printer, timeout: .milliseconds(500) + .microseconds(3_125)))
    }

    @Test func jobIsCheckedSentSettledAndConfirmed() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.ready, .condition(.ready)])
        #expect(script.step() == .send(jobBytes))
        // The mechanism gets the settle time (plus the bytes' time on the wire) before the check.
        guard case let .idle(settle) = script.step() else { Issue.record("expected a settle pause"); return }
        #expect(settle >= .milliseconds(500) && settle < .milliseconds(600))
        script.now += settle
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.printed(job.id)])
    }

    @Test func paperOutBeforeJobRefusesWithoutSendingAnything() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([PrinterStatusByte.offline])
        try #require(script.step().printerFrame == PrinterRequest.offlineCause)
        script.reply([PrinterStatusByte.stoppedByPaperEnd])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.paperOut])
        #expect(script.takeEvents() == [.ready, .condition(.paperOut), .printFailed(job.id, .notReady(.paperOut))])
        #expect(script.step().printerSentBytes == nil)
    }

    @Test func coverOpenRefusesTheJob() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([PrinterStatusByte.offline])
        try #require(script.step().printerFrame == PrinterRequest.offlineCause)
        script.reply([PrinterStatusByte.coverOpen])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.ok])
        #expect(script.takeEvents() == [.ready, .condition(.coverOpen), .printFailed(job.id, .notReady(.coverOpen))])
        #expect(!PrintFailure.notReady(.coverOpen).mayHavePrinted)
    }

    @Test func anOfflineCauseNamingAnErrorAsksForTheErrorCause() throws {
        var script = PrinterScript()
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([PrinterStatusByte.offline])
        try #require(script.step().printerFrame == PrinterRequest.offlineCause)
        script.reply([PrinterStatusByte.errorOccurred])
        try #require(script.step().printerFrame == PrinterRequest.errorCause)
        script.reply([PrinterStatusByte.autocutterError])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.ok])
        #expect(script.takeEvents() == [.ready, .condition(.error)])
    }

    @Test func paperNearEndStillPrints() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([PrinterStatusByte.ok])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.nearEnd])
        #expect(script.takeEvents() == [.ready, .condition(.paperNearEnd)])
        #expect(script.step().printerSentBytes == jobBytes)
    }

    @Test func paperRunningOutBetweenChunksStopsTheJob() throws {
        var script = PrinterScript(printerTestConfiguration(chunkSize: 16))
        let long = PrintJob(id: PrintJobID("R-2"), lines: (1...6).map { PrintLine("Řádek \($0)") })
        script.handle(.print(long))
        try answerHealthy(&script)
        _ = script.takeEvents()
        let first = try #require(script.step().printerSentBytes)
        // The status request waits behind the chunk on the wire, so its timeout grows by the chunk's time.
        let expectedTimeout = Duration.milliseconds(500) + .nanoseconds(Int64(first.count + 3) * 10 * 1_000_000_000 / 9600)
        #expect(script.step() == .exchange(frame: PrinterRequest.printer, timeout: expectedTimeout))
        script.reply([PrinterStatusByte.offline])
        try #require(script.step().printerFrame == PrinterRequest.offlineCause)
        script.reply([PrinterStatusByte.stoppedByPaperEnd])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.paperOut])
        let events = script.takeEvents()
        #expect(events == [.condition(.paperOut), .printFailed(long.id, .partial(.paperOut))])
        #expect(PrintFailure.partial(.paperOut).mayHavePrinted)
        #expect(script.step().printerSentBytes == nil, "nothing more is sent after the printer stopped")
    }

    @Test func paperRunningOutByTheConfirmingCheckFailsTheJobAsPartial() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try answerHealthy(&script)
        #expect(script.step().printerSentBytes == jobBytes)
        guard case let .idle(settle) = script.step() else { Issue.record("expected a settle pause"); return }
        script.now += settle
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([PrinterStatusByte.offline])
        try #require(script.step().printerFrame == PrinterRequest.offlineCause)
        script.reply([PrinterStatusByte.stoppedByPaperEnd])
        try #require(script.step().printerFrame == PrinterRequest.paperSensor)
        script.reply([PrinterStatusByte.paperOut])
        #expect(script.takeEvents() == [.ready, .condition(.ready), .condition(.paperOut), .printFailed(job.id, .partial(.paperOut))])
    }

    @Test func silencePastTheRetriesIsNotRespondingAndRecoveryIsReady() throws {
        var script = PrinterScript()
        for attempt in 0..<3 {
            if attempt > 0 {
                // A quiet period swallows a late reply before the request is repeated.
                #expect(script.step() == .receive(timeout: .milliseconds(200)))
                #expect(script.reply([PrinterStatusByte.ok]) == false, "a late byte is discarded, not taken as the answer")
                script.timeOut(after: .milliseconds(200))
            }
            try #require(script.step().printerFrame == PrinterRequest.printer)
            script.timeOut(after: .milliseconds(503))
        }
        #expect(script.takeEvents() == [.fault(.notResponding)])
        #expect(script.step() == .idle(.seconds(2)))
        script.now += .seconds(2)
        #expect(script.step() == .receive(timeout: .milliseconds(200)))
        script.timeOut(after: .milliseconds(200))
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.ready, .condition(.ready)])
    }

    @Test func aJobToASilentPrinterFailsAsNotRespondingWithNothingSent() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try exhaustRetries(&script)
        #expect(script.takeEvents() == [.fault(.notResponding), .printFailed(job.id, .notResponding(dataSent: false))])
    }

    @Test func aPrinterFallingSilentAfterTheDataFailsTheJobAsMaybePrinted() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try answerHealthy(&script)
        _ = script.takeEvents()
        #expect(script.step().printerSentBytes == jobBytes)
        guard case let .idle(settle) = script.step() else { Issue.record("expected a settle pause"); return }
        script.now += settle
        try exhaustRetries(&script)
        #expect(script.takeEvents() == [.fault(.notResponding), .printFailed(job.id, .notResponding(dataSent: true))])
    }

    @Test func garbledRepliesAreRetriedThenReportedAsUnexpected() throws {
        var script = PrinterScript()
        try #require(script.step().printerFrame == PrinterRequest.printer)
        script.reply([0x13])  // bit 0 set: not a status byte (a corrupted 0x12)
        #expect(script.step() == .receive(timeout: .milliseconds(200)))
        script.timeOut(after: .milliseconds(200))
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.ready, .condition(.ready)], "one bad byte is retried silently")

        script.now += .seconds(2)
        // Two bytes for one request: a stale reply sharing the chunk cannot be told from the answer.
        try exhaustRetries(&script, reply: [0x12, 0x12])
        let events = script.takeEvents()
        #expect(events.count == 1)
        guard case let .fault(.unexpectedReply(detail))? = events.first else { Issue.record("\(events)"); return }
        #expect(detail.contains("expected 1 status byte") && detail.contains("found 2"))
    }

    @Test func checkStatusReportsTheConditionEvenWhenUnchanged() throws {
        var script = PrinterScript()
        try answerHealthy(&script)
        _ = script.takeEvents()
        script.handle(.checkStatus)
        try answerHealthy(&script)  // at once, although the next poll is 2 s away
        #expect(script.takeEvents() == [.condition(.ready)])
    }

    @Test func lostTransportFailsTheJobInFlightAndTheWaitingOnes() throws {
        var script = PrinterScript()
        let second = PrintJob(id: PrintJobID("R-2"), lines: [PrintLine("x")])
        script.handle(.print(job))
        script.handle(.print(second))
        try answerHealthy(&script)
        _ = script.takeEvents()
        #expect(script.step().printerSentBytes == jobBytes)
        script.events += script.driver.transportLost("unplugged", at: script.now)
        #expect(script.takeEvents() == [
            .fault(.connectionLost("unplugged")),
            .printFailed(job.id, .connectionLost(dataSent: true)),
            .printFailed(second.id, .connectionLost(dataSent: false)),
        ])
        script.events += script.driver.transportLost("cannot open", at: script.now)
        #expect(script.takeEvents().isEmpty, "the fault is reported once")
        script.events += script.driver.start(at: script.now)
        try answerHealthy(&script)
        #expect(script.takeEvents() == [.ready, .condition(.ready)])
    }

    @Test func aJobThatCannotBeEncodedFailsAtOnce() {
        var script = PrinterScript()
        script.handle(.print(PrintJob(id: PrintJobID("Q"), lines: [], qrPayload: "")))
        #expect(script.takeEvents() == [.printFailed(PrintJobID("Q"), .invalidJob("ESC/POS QR data: expected at least 1 byte, found none"))])
        #expect(script.step().printerFrame == PrinterRequest.printer, "and the machine carries on polling")
    }

    @Test func checkStatusWhileFaultedReportsTheFaultAgain() throws {
        var script = PrinterScript()
        try exhaustRetries(&script)
        #expect(script.takeEvents() == [.fault(.notResponding)])
        script.now += .seconds(2)
        try exhaustRetries(&script)
        #expect(script.takeEvents().isEmpty, "a lasting fault is reported once")
        script.handle(.checkStatus)
        try exhaustRetries(&script)
        #expect(script.takeEvents() == [.fault(.notResponding)], "unless the engine asks")
    }

    @Test func restartingMidJobFailsTheJobInsteadOfForgettingIt() throws {
        var script = PrinterScript()
        script.handle(.print(job))
        try answerHealthy(&script)
        _ = script.takeEvents()
        #expect(script.step().printerSentBytes == jobBytes)
        script.events += script.driver.start(at: script.now)
        #expect(script.takeEvents() == [.printFailed(job.id, .connectionLost(dataSent: true))])
        #expect(script.step().printerFrame == PrinterRequest.printer)
    }
}
