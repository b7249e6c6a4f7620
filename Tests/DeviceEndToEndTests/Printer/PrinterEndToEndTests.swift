import Devices
import KioskSimCore
import Testing
import TownCore

/// Driver and simulated printer over a real pty. Few and quick: the byte-level cases live in DevicesTests.
@Suite struct PrinterEndToEndTests {
    private func spayd() throws -> String {
        var builder = SpaydBuilder(account: try IBAN("CZ6508000000192000145399"))
        builder.amount = Money(halere: 123_400)
        builder.message = "Poplatek ze psa"
        builder.variableSymbol = try VariableSymbol("1341000123")
        return try builder.build()
    }

    @Test func czechReceiptWithSpaydQRIsPrintedExactly() async throws {
        let rig = try PrinterRig()
        let payload = try spayd()
        _ = try await rig.log.first { $0 == .condition(.ready) }
        let job = PrintJob(id: PrintJobID("2025/000123"), lines: PrinterEndToEndFixtures.lines, qrPayload: payload)
        rig.runner.submit(.print(job))
        let outcome = try await rig.log.outcome(of: job.id)
        let receipts = rig.printer { $0.receipts }
        let malformed = rig.printer { $0.malformedCommands }
        await rig.shutDown()

        #expect(outcome == .printed(job.id))
        #expect(receipts.count == 1)
        #expect(receipts.first?.lines == PrinterEndToEndFixtures.printed)
        #expect(receipts.first?.qrPayloads == [payload])
        #expect(payload.contains("AM:1234.00") && payload.contains("X-VS:1341000123"))
        #expect(malformed.isEmpty)
    }

    @Test func paperOutRefusesTheJobAndNothingIsPrinted() async throws {
        let rig = try PrinterRig { $0.runOutOfPaper() }
        _ = try await rig.log.first { $0 == .condition(.paperOut) }
        let job = PrintJob(id: PrintJobID("2025/000124"), lines: PrinterEndToEndFixtures.lines)
        rig.runner.submit(.print(job))
        let outcome = try await rig.log.outcome(of: job.id)
        let (receipts, uncut, discarded) = rig.printer { ($0.receipts, $0.uncut, $0.discardedOperations) }
        await rig.shutDown()

        #expect(outcome == .printFailed(job.id, .notReady(.paperOut)))
        #expect(receipts.isEmpty)
        #expect(uncut == nil)
        #expect(discarded == 0, "not one byte of the job reached the printer")
    }

    @Test func paperRunningOutMidJobIsReportedAsPartial() async throws {
        var configuration = PrinterRig.configuration
        configuration.chunkSize = 32
        let rig = try PrinterRig(configuration: configuration) { $0.runOutOfPaper(afterLines: 2) }
        _ = try await rig.log.first { $0 == .condition(.ready) }
        let job = PrintJob(id: PrintJobID("2025/000125"), lines: PrinterEndToEndFixtures.lines)
        rig.runner.submit(.print(job))
        let outcome = try await rig.log.outcome(of: job.id)
        let (receipts, uncut) = rig.printer { ($0.receipts, $0.uncut) }
        await rig.shutDown()

        #expect(outcome == .printFailed(job.id, .partial(.paperOut)))
        #expect(receipts.isEmpty)
        #expect(uncut?.lines == Array(PrinterEndToEndFixtures.printed.prefix(2)))
    }

    @Test func aPrinterThatStopsAnsweringIsAFaultUntilItAnswersAgain() async throws {
        let rig = try PrinterRig()
        _ = try await rig.log.first { $0 == .condition(.ready) }
        rig.host.setWireFaults { $0.dropReplies = 1_000 }
        _ = try await rig.log.first { $0 == .fault(.notResponding) }
        let seen = await rig.log.events.count
        rig.host.setWireFaults { $0.dropReplies = 0 }
        _ = try await rig.log.first(from: seen) { $0 == .ready }
        let condition = try await rig.log.first(from: seen) { if case .condition = $0 { true } else { false } }
        await rig.shutDown()

        #expect(condition == .condition(.ready), "after a fault the condition is reported afresh")
    }
}
