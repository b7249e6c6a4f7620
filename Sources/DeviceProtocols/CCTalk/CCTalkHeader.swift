/// ccTalk header numbers the kiosk uses (protocols.md §1.6). Headers stay plain `UInt8` on frames so
/// unknown headers from odd firmware can still be framed, logged and rejected by the command layer.
public enum CCTalkHeader {
    // Reply headers.
    public static let reply: UInt8 = 0
    public static let negativeAcknowledge: UInt8 = 5
    public static let busy: UInt8 = 6

    // Core commands.
    public static let resetDevice: UInt8 = 1
    public static let simplePoll: UInt8 = 254
    public static let addressPoll: UInt8 = 253
    public static let requestPollingPriority: UInt8 = 249
    public static let requestStatus: UInt8 = 248
    public static let requestManufacturerId: UInt8 = 246
    public static let requestEquipmentCategory: UInt8 = 245
    public static let requestProductCode: UInt8 = 244
    public static let requestSerialNumber: UInt8 = 242
    public static let requestSoftwareRevision: UInt8 = 241
    public static let performSelfCheck: UInt8 = 232

    // Coin acceptor.
    public static let modifyInhibitStatus: UInt8 = 231
    public static let requestInhibitStatus: UInt8 = 230
    public static let readBufferedCredit: UInt8 = 229
    public static let modifyMasterInhibitStatus: UInt8 = 228
    public static let requestMasterInhibitStatus: UInt8 = 227
    public static let requestCoinId: UInt8 = 184

    // Hopper.
    public static let requestPayoutHighLowStatus: UInt8 = 217
    public static let emergencyStop: UInt8 = 172
    public static let requestHopperDispenseCount: UInt8 = 168
    public static let dispenseHopperCoins: UInt8 = 167
    public static let requestHopperStatus: UInt8 = 166
    public static let enableHopper: UInt8 = 164
    public static let testHopper: UInt8 = 163
    public static let pumpRNG: UInt8 = 161
    public static let requestCipherKey: UInt8 = 160
}
