import Testing
@testable import DeviceProtocols

@Suite struct ESCPOSStatusTests {
    @Test func bytesWithoutTheFixedBitPatternAreRejected() {
        #expect(throws: ESCPOSStatusError.notAStatusByte(found: 0x00)) { try ESCPOSStatusByte(0x00) }
        #expect(throws: ESCPOSStatusError.notAStatusByte(found: 0x92)) { try ESCPOSStatusByte(0x92) }
        #expect(throws: ESCPOSStatusError.notAStatusByte(found: 0x13)) { try ESCPOSStatusByte(0x13) }
        #expect(throws: Never.self) { try ESCPOSStatusByte(0x12) }
        var accepted = 0
        for byte in UInt8.min...UInt8.max where (try? ESCPOSStatusByte(byte)) != nil { accepted += 1 }
        #expect(accepted == 16)  // four fixed bits leave 2^4 status bytes
    }

    @Test func printerStatusOfflineBit() throws {
        #expect(ESCPOSPrinterStatus(try ESCPOSStatusByte(0x16)) == ESCPOSPrinterStatus(drawerKickPin3High: true, offline: false))
        #expect(ESCPOSPrinterStatus(try ESCPOSStatusByte(0x1A)).offline)
    }

    @Test func offlineCauseBits() throws {
        let status = ESCPOSOfflineStatus(try ESCPOSStatusByte(0x12 | 0x04 | 0x20 | 0x40))
        #expect(status == ESCPOSOfflineStatus(coverOpen: true, printingStoppedByPaperEnd: true, errorOccurred: true))
        #expect(status.statusByte.rawValue == 0x76)
    }

    @Test func errorCauseBits() throws {
        let status = ESCPOSErrorStatus(try ESCPOSStatusByte(0x12 | 0x08))
        #expect(status.autocutterError && !status.unrecoverableError && !status.autoRecoverableError)
        #expect(ESCPOSErrorStatus(try ESCPOSStatusByte(0x12 | 0x40)).autoRecoverableError)
        #expect(ESCPOSErrorStatus(try ESCPOSStatusByte(0x12 | 0x20)).unrecoverableError)
    }

    @Test func epsonPaperBitsAreTestedIndividually() throws {
        let ok = ESCPOSPaperStatus(try ESCPOSStatusByte(0x12), layout: .epson)
        #expect(!ok.paperNearEnd && !ok.paperOut)
        #expect(ESCPOSPaperStatus(try ESCPOSStatusByte(0x1E), layout: .epson).paperNearEnd)  // 0x12 | 0x0C
        #expect(ESCPOSPaperStatus(try ESCPOSStatusByte(0x16), layout: .epson).paperNearEnd)  // only one near-end bit
        #expect(ESCPOSPaperStatus(try ESCPOSStatusByte(0x72), layout: .epson).paperOut)      // 0x12 | 0x60
        #expect(ESCPOSPaperStatus(try ESCPOSStatusByte(0x52), layout: .epson).paperOut)      // only bit 6
        #expect(ESCPOSPaperStatus(paperNearEnd: true, paperOut: true).statusByte(layout: .epson).rawValue == 0x7E)
    }

    @Test func citizenPresenterLayoutSplitsPaperEndAndPresenter() throws {
        let presenterOnly = ESCPOSPaperStatus(try ESCPOSStatusByte(0x52), layout: .citizenPPU231)
        #expect(!presenterOnly.paperOut)
        #expect(presenterOnly.presenterSensor == true)
        #expect(ESCPOSPaperStatus(try ESCPOSStatusByte(0x32), layout: .citizenPPU231).paperOut)
        let roundTrip = ESCPOSPaperStatus(paperNearEnd: true, paperOut: false, presenterSensor: true)
        #expect(ESCPOSPaperStatus(roundTrip.statusByte(layout: .citizenPPU231), layout: .citizenPPU231) == roundTrip)
    }

    @Test func conditionCombinesTheReplies() throws {
        let paperEndOffline = ESCPOSOfflineStatus(printingStoppedByPaperEnd: true)
        #expect(ESCPOSPrinterCondition(offline: paperEndOffline).paperOut)
        let coverOpen = ESCPOSPrinterCondition(offline: ESCPOSOfflineStatus(coverOpen: true))
        #expect(coverOpen.coverOpen && !coverOpen.canPrint)
        let nearEnd = ESCPOSPrinterCondition(paper: ESCPOSPaperStatus(paperNearEnd: true))
        #expect(nearEnd.paperNearEnd && nearEnd.canPrint)
        #expect(ESCPOSPrinterCondition(error: ESCPOSErrorStatus(autocutterError: true)).error)
        #expect(ESCPOSPrinterCondition().canPrint)
    }

    @Test func requestsAreDLEEOT() {
        #expect(ESCPOSStatusRequest.allCases.map(\.bytes) == [[0x10, 0x04, 1], [0x10, 0x04, 2], [0x10, 0x04, 3], [0x10, 0x04, 4]])
    }
}
