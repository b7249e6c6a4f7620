import Testing
@testable import TownCore

@Suite struct DualControlTests {
    let sig: [UInt8] = [1, 2, 3]

    @Test func twoRolesByTwoPeoplePass() throws {
        try DualControl.check([
            VoucherApproval(role: .spravceRozpoctu, approverID: "b", signature: sig),
            VoucherApproval(role: .prikazceOperace, approverID: "a", signature: sig),
        ])
        #expect(DualControl.isSatisfied(by: VoucherFixtures.approvals()))
    }

    @Test func samePersonInBothRolesFails() {
        let approvals = [
            VoucherApproval(role: .prikazceOperace, approverID: "a", signature: sig),
            VoucherApproval(role: .spravceRozpoctu, approverID: "a", signature: sig),
        ]
        #expect(throws: ApprovalProblem.prikazceHoldsAnotherRole(approverID: "a")) { try DualControl.check(approvals) }
    }

    @Test func prikazceMayNotAlsoBeHlavniUcetniEvenWithAThirdPerson() {
        let approvals = [
            VoucherApproval(role: .prikazceOperace, approverID: "a", signature: sig),
            VoucherApproval(role: .spravceRozpoctu, approverID: "b", signature: sig),
            VoucherApproval(role: .hlavniUcetni, approverID: "a", signature: sig),
        ]
        #expect(throws: ApprovalProblem.prikazceHoldsAnotherRole(approverID: "a")) { try DualControl.check(approvals) }
    }

    @Test func spravceMayAlsoBeHlavniUcetni() throws {
        // § 26 odst. 3 allows merging správce rozpočtu and hlavní účetní.
        try DualControl.check([
            VoucherApproval(role: .prikazceOperace, approverID: "a", signature: sig),
            VoucherApproval(role: .spravceRozpoctu, approverID: "b", signature: sig),
            VoucherApproval(role: .hlavniUcetni, approverID: "b", signature: sig),
        ])
    }

    @Test func missingRolesAndEmptyFieldsFail() {
        #expect(throws: ApprovalProblem.missingRole(.prikazceOperace)) { try DualControl.check([]) }
        #expect(throws: ApprovalProblem.missingRole(.prikazceOperace)) {
            try DualControl.check([
                VoucherApproval(role: .spravceRozpoctu, approverID: "b", signature: sig),
                VoucherApproval(role: .hlavniUcetni, approverID: "c", signature: sig),
            ])
        }
        #expect(throws: ApprovalProblem.emptySignature(role: .prikazceOperace, approverID: "a")) {
            try DualControl.check([VoucherApproval(role: .prikazceOperace, approverID: "a", signature: [])])
        }
        #expect(throws: ApprovalProblem.emptyApproverID(role: .spravceRozpoctu)) {
            try DualControl.check([VoucherApproval(role: .spravceRozpoctu, approverID: "", signature: sig)])
        }
        #expect(!DualControl.isSatisfied(by: []))
    }

    @Test func problemDescriptionsSayWhatIsExpected() {
        #expect(ApprovalProblem.missingRole(.spravceRozpoctu).description == "expected an approval in role spravceRozpoctu, found none")
    }
}
