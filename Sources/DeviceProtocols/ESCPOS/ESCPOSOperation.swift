/// Printer operations the kiosk's receipts use (protocols.md §4). The builder emits them and the
/// simulator's decoder reads them back, so one enum keeps both sides honest.
public enum ESCPOSOperation: Sendable, Hashable {
    /// `ESC @`: clears the print buffer and resets modes (code page back to the printer default).
    case initialize
    /// `ESC t n`.
    case selectCodePage(UInt8)
    /// `ESC a n`.
    case align(ESCPOSAlignment)
    /// `ESC E n`: only bit 0 of n matters.
    case emphasis(Bool)
    /// `GS ! n`.
    case characterSize(ESCPOSCharacterSize)
    /// `LF`: print the buffer and feed one line.
    case lineFeed
    /// `CR`: no line movement on printers with auto line feed off; kept so decoding is lossless.
    case carriageReturn
    /// `ESC d n`: print the buffer and feed n lines.
    case feedLines(UInt8)
    /// Printable text. Encoded as CP852 (control characters become "?"); decoded with the code page in effect.
    case text(String)
    case qrCode(ESCPOSQRFunction)
    /// `GS V`.
    case cut(ESCPOSCut)
    /// `DLE EOT n`: real-time status request; the printer answers with one status byte.
    case statusRequest(ESCPOSStatusRequest)
}

public enum ESCPOSAlignment: UInt8, Sendable, Hashable, CaseIterable {
    case left = 0, center = 1, right = 2
}

/// Character magnification for `GS ! n`: width and height each 1–8.
public struct ESCPOSCharacterSize: Sendable, Hashable {
    public static let normal = ESCPOSCharacterSize(checkedWidth: 1, height: 1)
    public static let doubleWidthAndHeight = ESCPOSCharacterSize(checkedWidth: 2, height: 2)

    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) throws(ESCPOSBuilderError) {
        guard (1...8).contains(width), (1...8).contains(height) else {
            throw .characterSizeOutOfRange(width: width, height: height)
        }
        self.init(checkedWidth: width, height: height)
    }

    private init(checkedWidth width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// n = (width − 1) << 4 | (height − 1). Bits 3 and 7 are not size bits.
    public init?(parameter n: UInt8) {
        guard n & 0x88 == 0 else { return nil }
        self.init(checkedWidth: Int(n >> 4) + 1, height: Int(n & 0x07) + 1)
    }

    public var parameter: UInt8 { UInt8((width - 1) << 4 | (height - 1)) }
}

public enum ESCPOSCut: Sendable, Hashable {
    /// `GS V 0` (also read from 48).
    case full
    /// `GS V 1` (also read from 49). Epson TM-T88 models support only partial cuts.
    case partial
    /// `GS V 65 n`: feed to the cutting position plus n motion units, then full cut.
    case feedAndFull(UInt8)
    /// `GS V 66 n`.
    case feedAndPartial(UInt8)
}

enum ESCPOSByte {
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let dataLinkEscape: UInt8 = 0x10
    static let endOfTransmission: UInt8 = 0x04
    static let escape: UInt8 = 0x1B
    static let groupSeparator: UInt8 = 0x1D
}

extension ESCPOSOperation {
    /// Wire bytes. Text is encoded as CP852 (the only text encoding this codec implements).
    public var encoded: [UInt8] {
        let esc = ESCPOSByte.escape, gs = ESCPOSByte.groupSeparator
        switch self {
        case .initialize: return [esc, 0x40]
        case let .selectCodePage(page): return [esc, 0x74, page]
        case let .align(alignment): return [esc, 0x61, alignment.rawValue]
        case let .emphasis(on): return [esc, 0x45, on ? 1 : 0]
        case let .characterSize(size): return [gs, 0x21, size.parameter]
        case .lineFeed: return [ESCPOSByte.lineFeed]
        case .carriageReturn: return [ESCPOSByte.carriageReturn]
        case let .feedLines(count): return [esc, 0x64, count]
        case let .text(text): return CP852.encode(text)
        case let .qrCode(function): return function.encoded
        case .cut(.full): return [gs, 0x56, 0]
        case .cut(.partial): return [gs, 0x56, 1]
        case let .cut(.feedAndFull(dots)): return [gs, 0x56, 65, dots]
        case let .cut(.feedAndPartial(dots)): return [gs, 0x56, 66, dots]
        case let .statusRequest(request): return request.bytes
        }
    }
}
