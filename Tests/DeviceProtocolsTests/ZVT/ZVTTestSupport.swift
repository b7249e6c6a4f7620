@testable import DeviceProtocols
import TownCore

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

typealias ZVTSeededGenerator = SeededRandomNumberGenerator

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
