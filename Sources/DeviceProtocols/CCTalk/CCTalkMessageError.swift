/// Why a well-framed ccTalk message does not make sense as the command or reply it should be.
public enum CCTalkMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A reply frame must carry header 0 (reply/ACK), 5 (NAK) or 6 (BUSY).
    case unexpectedReplyHeader(found: UInt8)
    /// `subject` names the command or field, `expected` the allowed data lengths.
    case unexpectedDataLength(subject: String, expected: String, found: Int)
    case invalidValue(subject: String, expected: String, found: String)
    /// A command frame whose header this codec does not implement.
    case unsupportedCommandHeader(found: UInt8)
    /// The command is answered with unframed bytes (address poll) or not at all.
    case noFramedReply(header: UInt8)

    public var description: String {
        switch self {
        case let .unexpectedReplyHeader(found):
            "ccTalk reply header: expected 0 (reply), 5 (NAK) or 6 (BUSY), found \(found)"
        case let .unexpectedDataLength(subject, expected, found):
            "ccTalk \(subject): expected \(expected) data bytes, found \(found)"
        case let .invalidValue(subject, expected, found):
            "ccTalk \(subject): expected \(expected), found \(found)"
        case let .unsupportedCommandHeader(found):
            "ccTalk command: expected a supported header, found \(found)"
        case let .noFramedReply(header):
            "ccTalk header \(header): expected no framed reply for this command"
        }
    }

    static func requireCount(
        _ data: [UInt8], _ allowed: ClosedRange<Int>, subject: String
    ) throws(CCTalkMessageError) {
        guard allowed.contains(data.count) else {
            let expected = allowed.count == 1 ? "\(allowed.lowerBound)" : "\(allowed.lowerBound)–\(allowed.upperBound)"
            throw .unexpectedDataLength(subject: subject, expected: expected, found: data.count)
        }
    }

    /// Printable ASCII text as devices send it for identity strings.
    static func requireASCII(_ data: [UInt8], subject: String) throws(CCTalkMessageError) -> String {
        guard data.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidValue(subject: subject, expected: "printable ASCII", found: CCTalkHex.list(data))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
