/// Seed fragments the end-to-end suites share (crash, kioskctl, touchscreen): one voucher and the hopper floats.
public enum TestTown {
    /// VOUCHER01: 1 535 Kč to Jan Novák, bound to K01, approved; PIN 4711 (PBKDF2-HMAC-SHA256, 210 000 iterations).
    public static let voucher01JSON = """
        {
            "id": "VOUCHER01", "amount": 153500, "payeeName": "Jan Novák", "expiry": "2099-12-31", "boundKiosk": "K01",
            "approvals": [{"role": "prikazceOperace", "approverID": "starosta", "signature": [1]},
                          {"role": "spravceRozpoctu", "approverID": "ekonomka", "signature": [2]}],
            "pinVerifier": {"algorithm": "pbkdf2-hmac-sha256", "parameters": {"iterations": 210000},
                            "salt": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
                            "derivedKey": [233, 220, 19, 27, 214, 135, 23, 101, 62, 149, 92, 249, 101, 177, 186, 214,
                                           3, 217, 142, 210, 243, 137, 235, 84, 121, 134, 219, 218, 7, 211, 55, 21]},
            "paidSoFar": 0, "failedPinAttempts": 0, "pinCheck": "idle", "status": "approved"
          }
        """

    /// `count` coins in each of the six hoppers, as seed `cash_units`.
    public static func hopperUnitsJSON(count: Int) -> String {
        [1, 2, 5, 10, 20, 50].map { #"{"id": "H\#($0)", "denomination": \#($0 * 100), "kind": "hopper", "count": \#(count)}"# }
            .joined(separator: ", ")
    }
}
