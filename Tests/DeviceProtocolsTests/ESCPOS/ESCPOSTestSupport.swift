@testable import DeviceProtocols
import TownCore

/// Helpers for the ESC/POS tests, namespaced because the test target is shared with other protocols.
enum ESCPOSTestSupport {
    /// "1B 40" → bytes. Test vectors are literals, so a bad literal is a test bug.
    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(separator: " ").map { UInt8($0, radix: 16) ?? 0xEE }
    }

    static let czechLetters = "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
}

typealias ESCPOSFuzzRandom = SeededRandomNumberGenerator
