@testable import DeviceProtocols
import TownCore

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

typealias CCTalkFuzzRandom = SeededRandomNumberGenerator
