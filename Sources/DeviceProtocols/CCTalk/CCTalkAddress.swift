/// Addresses on the shared ccTalk bus (protocols.md §1.5, qt-cctalk default addresses).
/// Plain `UInt8` values so frames stay trivially comparable; this namespace only names them.
public enum CCTalkAddress {
    /// Every slave listens to the broadcast address; only address poll (253) is meant for it.
    public static let broadcast: UInt8 = 0
    public static let host: UInt8 = 1
    public static let coinAcceptor: UInt8 = 2
    public static let payout: UInt8 = 3
    public static let billValidator: UInt8 = 40

    /// Alternative addresses a second or third device of the same category may use.
    public static let coinAcceptorAlternatives: ClosedRange<UInt8> = 11...17
    public static let payoutAlternatives: ClosedRange<UInt8> = 4...10
    public static let billValidatorAlternatives: ClosedRange<UInt8> = 41...47

    /// Whether a frame with `destination` is meant for a node listening on `address`.
    /// Broadcast frames are meant for every node except the host, which never receives commands.
    public static func destination(_ destination: UInt8, isFor address: UInt8) -> Bool {
        destination == address || (destination == broadcast && address != host)
    }
}
