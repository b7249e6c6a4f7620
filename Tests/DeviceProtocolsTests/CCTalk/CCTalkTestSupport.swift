@testable import DeviceProtocols

/// Helpers for the ccTalk tests, namespaced because the test target is shared with other protocols.
enum CCTalkTestSupport {
    /// "02 00 01 FE FF" → bytes. Test vectors are literals, so a bad literal is a test bug.
    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(separator: " ").map { UInt8($0, radix: 16) ?? 0xEE }
    }

    static func decodeSimple(_ hex: String) throws -> CCTalkFrame {
        try CCTalkFrame.decode(bytes(hex), checksum: .simple8)
    }
}

/// SplitMix64: small, seeded, deterministic across platforms.
struct CCTalkFuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
}
