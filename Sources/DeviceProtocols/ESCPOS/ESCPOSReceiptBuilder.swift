/// Builds the bytes of one receipt. A value type: copy it to branch, read `bytes` when done.
///
/// Text is always encoded as CP852 (see `CP852` for the fallback of characters it lacks), so the printer
/// must be on the CP852 page: `initialize()` re-selects it right after `ESC @`, which resets the page.
/// The page number is configuration because clones number pages differently (protocols.md §4).
public struct ESCPOSReceiptBuilder: Sendable, Hashable {
    /// Epson numbering: PC852 is page 18 (`1B 74 12`).
    public static let pc852CodePage: UInt8 = 18

    public let codePage: UInt8
    public private(set) var bytes: [UInt8] = []

    public init(codePage: UInt8 = pc852CodePage) {
        self.codePage = codePage
    }

    /// `ESC @` then `ESC t <codePage>`. Call first.
    public mutating func initialize() {
        append(.initialize)
        append(.selectCodePage(codePage))
    }

    public mutating func align(_ alignment: ESCPOSAlignment) { append(.align(alignment)) }

    public mutating func bold(_ on: Bool) { append(.emphasis(on)) }

    public mutating func characterSize(_ size: ESCPOSCharacterSize) { append(.characterSize(size)) }

    /// Double width and height on, or back to normal size.
    public mutating func doubleSize(_ on: Bool) {
        append(.characterSize(on ? .doubleWidthAndHeight : .normal))
    }

    /// Text without a trailing line feed. "\n" (and "\r\n") become line feeds; tabs become spaces;
    /// other control characters print as "?".
    public mutating func text(_ text: String) {
        let normalised = text.replacingLineBreaks()
        for (index, segment) in normalised.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { append(.lineFeed) }
            if !segment.isEmpty { append(.text(String(segment))) }
        }
    }

    /// Text followed by a line feed.
    public mutating func line(_ text: String = "") {
        self.text(text)
        append(.lineFeed)
    }

    public mutating func lineFeed() { append(.lineFeed) }

    /// `ESC d n`.
    public mutating func feed(lines: UInt8) { append(.feedLines(lines)) }

    /// Native QR: model 2, module size, error correction (M by default), store, print.
    public mutating func qrCode(
        _ data: [UInt8], moduleSize: UInt8 = 6, errorCorrection: ESCPOSQRErrorCorrection = .m
    ) throws(ESCPOSBuilderError) {
        guard ESCPOSQRFunction.moduleSizes.contains(moduleSize) else { throw .qrModuleSizeOutOfRange(found: moduleSize) }
        guard !data.isEmpty else { throw .qrDataEmpty }
        guard data.count <= ESCPOSQRFunction.maximumDataLength else {
            throw .qrDataTooLong(maximum: ESCPOSQRFunction.maximumDataLength, found: data.count)
        }
        append(.qrCode(.selectModel(.model2)))
        append(.qrCode(.moduleSize(moduleSize)))
        append(.qrCode(.errorCorrection(errorCorrection)))
        append(.qrCode(.store(data)))
        append(.qrCode(.print))
    }

    /// QR content as UTF-8 (SPAYD payment strings are ASCII).
    public mutating func qrCode(
        _ text: String, moduleSize: UInt8 = 6, errorCorrection: ESCPOSQRErrorCorrection = .m
    ) throws(ESCPOSBuilderError) {
        try qrCode(Array(text.utf8), moduleSize: moduleSize, errorCorrection: errorCorrection)
    }

    /// `GS V`; with `feedUnits` the printer first feeds to the cutter plus that many motion units.
    public mutating func cut(_ kind: ESCPOSCutKind = .partial, feedUnits: UInt8? = nil) {
        switch (kind, feedUnits) {
        case (.full, nil): append(.cut(.full))
        case (.partial, nil): append(.cut(.partial))
        case let (.full, units?): append(.cut(.feedAndFull(units)))
        case let (.partial, units?): append(.cut(.feedAndPartial(units)))
        }
    }

    public mutating func append(_ operation: ESCPOSOperation) {
        bytes.append(contentsOf: operation.encoded)
    }
}

public enum ESCPOSCutKind: Sendable, Hashable {
    case full, partial
}

public enum ESCPOSBuilderError: Error, Sendable, Hashable, CustomStringConvertible {
    case characterSizeOutOfRange(width: Int, height: Int)
    case qrModuleSizeOutOfRange(found: UInt8)
    case qrDataEmpty
    case qrDataTooLong(maximum: Int, found: Int)

    public var description: String {
        switch self {
        case let .characterSizeOutOfRange(width, height):
            "ESC/POS character size: expected width and height 1–8, found \(width)×\(height)"
        case let .qrModuleSizeOutOfRange(found):
            "ESC/POS QR module size: expected 1–16, found \(found)"
        case .qrDataEmpty:
            "ESC/POS QR data: expected at least 1 byte, found none"
        case let .qrDataTooLong(maximum, found):
            "ESC/POS QR data: expected at most \(maximum) bytes, found \(found)"
        }
    }
}

extension String {
    /// "\r\n" and lone "\r" become "\n"; tabs become a space.
    fileprivate func replacingLineBreaks() -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r": result.append("\n")
            case "\n": if !previousWasCR { result.append("\n") }
            case "\t": result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
