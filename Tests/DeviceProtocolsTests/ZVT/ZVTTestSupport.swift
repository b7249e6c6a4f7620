@testable import DeviceProtocols

/// Parses "06 00 0A" / "060f89" style hex into bytes; test vectors only, so malformed text is a test bug.
func zvtBytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter { $0.isHexDigit }
    precondition(digits.count % 2 == 0, "odd hex digit count in test vector")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

func zvtASCII(_ text: String) -> [UInt8] { Array(text.utf8) }

/// SplitMix64: a tiny seeded generator so fuzz runs are reproducible.
struct ZVTSeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Feeds `bytes` to a fresh stream decoder in chunks of `chunkSize` and collects every APDU.
func zvtDecodeStream(_ bytes: [UInt8], chunkSize: Int) throws(ZVTCodecError) -> [ZVTAPDU] {
    var decoder = ZVTAPDUStreamDecoder()
    var apdus: [ZVTAPDU] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + chunkSize, bytes.count)
        decoder.append(bytes[start..<end])
        while let apdu = try decoder.next() { apdus.append(apdu) }
        start = end
    }
    try decoder.finish()
    return apdus
}

/// Feeds serial bytes one at a time and collects link events.
func zvtDecodeSerial(_ bytes: [UInt8]) throws(ZVTCodecError) -> [ZVTSerialFrameDecoder.Event] {
    var decoder = ZVTSerialFrameDecoder()
    var events: [ZVTSerialFrameDecoder.Event] = []
    for byte in bytes {
        decoder.append([byte])
        while let event = try decoder.next() { events.append(event) }
    }
    return events
}

let zvtTestPassword = ZVTPassword(checked: 123_456)
