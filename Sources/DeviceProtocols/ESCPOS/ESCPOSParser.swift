/// The single-step parser shared by `ESCPOSDecoder` (whole jobs) and `ESCPOSStreamDecoder` (chunks).
/// It only reads bytes it has checked are present, so no input can make it trap.
struct ESCPOSParser: Sendable {
    enum Step {
        case operation(ESCPOSOperation, length: Int)
        /// The command at this position continues past the available input.
        case needMoreData(command: String, expectedBytes: Int)
        /// Text runs to the end of the input and may continue in the next chunk.
        case textMayContinue
        case malformed(ESCPOSDecodingError, skip: Int)
    }

    let cp852CodePages: Set<UInt8>
    let powerOnCodePage: UInt8
    private(set) var codePage: UInt8

    init(cp852CodePages: Set<UInt8>, powerOnCodePage: UInt8) {
        self.cp852CodePages = cp852CodePages
        self.powerOnCodePage = powerOnCodePage
        self.codePage = powerOnCodePage
    }

    /// Parses at `position`; `offset` is the stream offset of `bytes[0]`, `atEnd` says no more input follows.
    mutating func step(_ bytes: [UInt8], at position: Int, offset: Int, atEnd: Bool) -> Step {
        let cursor = Cursor(bytes: bytes, start: position, offset: offset + position)
        let result: Step
        switch bytes[position] {
        case ESCPOSByte.lineFeed: result = .operation(.lineFeed, length: 1)
        case ESCPOSByte.carriageReturn: result = .operation(.carriageReturn, length: 1)
        case ESCPOSByte.escape: result = escapeCommand(cursor)
        case ESCPOSByte.groupSeparator: result = groupSeparatorCommand(cursor)
        case ESCPOSByte.dataLinkEscape: result = dataLinkEscapeCommand(cursor)
        case let byte where !Self.isTextByte(byte):
            result = .malformed(.unsupportedControlByte(byte, offset: offset + position), skip: 1)
        default: result = text(bytes, at: position, offset: offset, atEnd: atEnd)
        }
        if case let .operation(operation, _) = result {
            if case let .selectCodePage(page) = operation { codePage = page }
            if operation == .initialize { codePage = powerOnCodePage }
        }
        return result
    }

    static func isTextByte(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != 0x7F }

    private func text(_ bytes: [UInt8], at position: Int, offset: Int, atEnd: Bool) -> Step {
        let decodesHighBytes = cp852CodePages.contains(codePage)
        var end = position
        while end < bytes.count, Self.isTextByte(bytes[end]) {
            if bytes[end] >= 0x80, !decodesHighBytes {
                guard end == position else { break }
                let error = ESCPOSDecodingError.textInUnsupportedCodePage(page: codePage, byte: bytes[end], offset: offset + end)
                return .malformed(error, skip: 1)
            }
            end += 1
        }
        if end == bytes.count, !atEnd { return .textMayContinue }
        return .operation(.text(CP852.decode(bytes[position..<end])), length: end - position)
    }

    private func escapeCommand(_ cursor: Cursor) -> Step {
        guard let function = cursor.byte(1) else { return .needMoreData(command: "ESC", expectedBytes: 2) }
        switch function {
        case 0x40: return .operation(.initialize, length: 2)
        case 0x74, 0x61, 0x45, 0x64:
            let name = "ESC " + String(UnicodeScalar(function))
            guard let n = cursor.byte(2) else { return .needMoreData(command: name, expectedBytes: 3) }
            switch function {
            case 0x74: return .operation(.selectCodePage(n), length: 3)
            case 0x45: return .operation(.emphasis(n & 1 == 1), length: 3)
            case 0x64: return .operation(.feedLines(n), length: 3)
            default:
                // ESC a accepts 0–2 and their ASCII digits 48–50.
                guard let alignment = ESCPOSAlignment(rawValue: n >= 48 ? n &- 48 : n) else {
                    return cursor.invalid(name, expected: "0–2 or 48–50", found: n, length: 3)
                }
                return .operation(.align(alignment), length: 3)
            }
        default:
            return .malformed(.unsupportedCommand(bytes: [ESCPOSByte.escape, function], offset: cursor.offset), skip: 2)
        }
    }

    private func groupSeparatorCommand(_ cursor: Cursor) -> Step {
        guard let function = cursor.byte(1) else { return .needMoreData(command: "GS", expectedBytes: 2) }
        switch function {
        case 0x21:
            guard let n = cursor.byte(2) else { return .needMoreData(command: "GS !", expectedBytes: 3) }
            guard let size = ESCPOSCharacterSize(parameter: n) else {
                return cursor.invalid("GS !", expected: "0x00–0x77 with bits 3 and 7 clear", found: n, length: 3)
            }
            return .operation(.characterSize(size), length: 3)
        case 0x56:
            guard let m = cursor.byte(2) else { return .needMoreData(command: "GS V", expectedBytes: 3) }
            switch m {
            case 0, 48: return .operation(.cut(.full), length: 3)
            case 1, 49: return .operation(.cut(.partial), length: 3)
            case 65, 66:
                guard let n = cursor.byte(3) else { return .needMoreData(command: "GS V \(m)", expectedBytes: 4) }
                return .operation(.cut(m == 65 ? .feedAndFull(n) : .feedAndPartial(n)), length: 4)
            default: return cursor.invalid("GS V", expected: "0, 1, 48, 49, 65 or 66", found: m, length: 3)
            }
        case 0x28:
            return ESCPOSParser.qrCommand(cursor)
        default:
            return .malformed(.unsupportedCommand(bytes: [ESCPOSByte.groupSeparator, function], offset: cursor.offset), skip: 2)
        }
    }

    private func dataLinkEscapeCommand(_ cursor: Cursor) -> Step {
        guard let function = cursor.byte(1) else { return .needMoreData(command: "DLE", expectedBytes: 2) }
        guard function == ESCPOSByte.endOfTransmission else {
            return .malformed(.unsupportedCommand(bytes: [ESCPOSByte.dataLinkEscape, function], offset: cursor.offset), skip: 2)
        }
        guard let n = cursor.byte(2) else { return .needMoreData(command: "DLE EOT", expectedBytes: 3) }
        guard let request = ESCPOSStatusRequest(rawValue: n) else {
            return cursor.invalid("DLE EOT", expected: "1–4", found: n, length: 3)
        }
        return .operation(.statusRequest(request), length: 3)
    }
}

/// Bounds-checked reads relative to the start of one command.
struct ESCPOSCursor: Sendable {
    let bytes: [UInt8]
    let start: Int
    /// Stream offset of the command's first byte.
    let offset: Int

    func byte(_ index: Int) -> UInt8? {
        let position = start + index
        return position < bytes.count ? bytes[position] : nil
    }

    func invalid(_ command: String, expected: String, found: UInt8, length: Int) -> ESCPOSParser.Step {
        .malformed(.invalidParameter(command: command, expected: expected, found: found, offset: offset), skip: length)
    }
}

extension ESCPOSParser {
    typealias Cursor = ESCPOSCursor
}
