import Testing
@testable import DeviceProtocols

@Suite struct CCTalkValueTests {
    @Test func everyCoinAcceptorCodeRoundTrips() {
        for code in UInt8.min...UInt8.max {
            #expect(CCTalkCoinAcceptorEventCode(code: code).code == code)
        }
    }

    @Test func coinAcceptorCodesAreTypedPerReference() {
        #expect(CCTalkCoinAcceptorEventCode(code: 1) == .rejectCoin)
        #expect(CCTalkCoinAcceptorEventCode(code: 14) == .creditSensorBlocked)
        #expect(CCTalkCoinAcceptorEventCode(code: 40) == .externalLightAttack)
        #expect(CCTalkCoinAcceptorEventCode(code: 128) == .inhibitedCoinType(1))
        #expect(CCTalkCoinAcceptorEventCode(code: 159) == .inhibitedCoinType(32))
        #expect(CCTalkCoinAcceptorEventCode(code: 170) == .reservedCreditCancelling(170))
        #expect(CCTalkCoinAcceptorEventCode(code: 254) == .coinReturnMechanismActivated)
        #expect(CCTalkCoinAcceptorEventCode(code: 255) == .unspecifiedAlarm)
        #expect(CCTalkCoinAcceptorEventCode(code: 100) == .undefined(100))
        #expect(CCTalkCoinAcceptorEventCode.rejectSlug.coinDisposition == .rejected)
        #expect(CCTalkCoinAcceptorEventCode.swallowedCoin.coinDisposition == .notRejected)
        #expect(CCTalkCoinAcceptorEventCode.motorException.coinDisposition == .unknown)
    }

    @Test func inhibitMaskRejectsPositionsOutsideTheMask() {
        #expect(throws: CCTalkMessageError.self) { try CCTalkInhibitMask(enabledPositions: [17]) }
        #expect(throws: CCTalkMessageError.self) { try CCTalkInhibitMask(enabledPositions: [0]) }
        #expect(!CCTalkInhibitMask.allEnabled().isEnabled(position: 17))
        #expect(CCTalkInhibitMask.allEnabled().enabledPositions == Array(1...16))
    }

    @Test func dispenseRequestValidatesSecurityBytes() throws {
        #expect(throws: CCTalkMessageError.self) { try CCTalkDispenseRequest(coinCount: 1, security: .serialNumber(0x100_0000)) }
        #expect(throws: CCTalkMessageError.self) { try CCTalkDispenseRequest(coinCount: 1, security: .cipher([1, 2])) }
        #expect(try CCTalkDispenseRequest(coinCount: 7).commandData == [7])
        #expect(throws: CCTalkMessageError.self) { try CCTalkDispenseRequest(commandData: []) }
    }

    @Test func hopperRegistersDecodePerReference() throws {
        let registers = try CCTalkHopperTestRegisters(replyData: [0x42, 0x02, 0x01])
        #expect(registers.register1 == [.payoutTimeout, .powerUpDetected])
        #expect(registers.register2 == [.singleCoinMode])
        #expect(registers.register3 == [.powerDownDuringPayout])
        #expect(registers.replyData == [0x42, 0x02, 0x01])
        #expect(throws: CCTalkMessageError.self) { try CCTalkHopperTestRegisters(replyData: []) }
    }

    @Test func payoutLevelNeedsTheSensorToBeFitted() {
        #expect(!CCTalkPayoutLevelStatus.belowLowLevel.isLow)
        #expect(CCTalkPayoutLevelStatus([.belowLowLevel, .lowLevelSensorFitted]).isLow)
        #expect(CCTalkPayoutLevelStatus([.atOrAboveHighLevel, .highLevelSensorFitted]).isHigh)
    }

    @Test func hopperStatusReportsPayoutInProgress() throws {
        let status = try CCTalkHopperStatus(replyData: [4, 2, 1, 0])
        #expect(status.isPayingOut)
        #expect(status.eventCounter == 4)
        #expect(throws: CCTalkMessageError.self) { try CCTalkHopperStatus(replyData: [4, 2, 1]) }
    }

    @Test func coinIdSplitsIntoCountryValueAndIssue() throws {
        let id = try CCTalkCoinId("CZ020A")
        #expect(id.countryCode == "CZ")
        #expect(id.valueCode == "020")
        #expect(id.issueCode == "A")
        #expect(throws: CCTalkMessageError.self) { try CCTalkCoinId("CZ02") }
    }

    @Test func equipmentCategoryToleratesUnderscores() {
        #expect(CCTalkEquipmentCategory(reported: "Coin_Acceptor") == .coinAcceptor)
        #expect(CCTalkEquipmentCategory(reported: "Payout ") == .payout)
        #expect(CCTalkEquipmentCategory(reported: "Toaster") == .other("Toaster"))
        #expect(CCTalkEquipmentCategory.billValidator.reportedName == "Bill Validator")
    }

    @Test func pollingPriorityUnits() {
        #expect(CCTalkPollingPriority(units: 2, value: 20).milliseconds == 200)
        #expect(CCTalkPollingPriority(units: 1, value: 50).milliseconds == 50)
        #expect(CCTalkPollingPriority(units: 9, value: 1).milliseconds == nil)
    }
}
