/// Decodes a complete print job into operations; the first malformed or truncated command is an error.
public struct ESCPOSDecoder: Sendable {
    /// Code page numbers whose text is CP852. Configurable because clones number pages differently.
    public var cp852CodePages: Set<UInt8>
    /// The page in effect at power-up and after `ESC @` (PC437 = 0 on Epson).
    public var powerOnCodePage: UInt8

    public init(cp852CodePages: Set<UInt8> = [ESCPOSReceiptBuilder.pc852CodePage], powerOnCodePage: UInt8 = 0) {
        self.cp852CodePages = cp852CodePages
        self.powerOnCodePage = powerOnCodePage
    }

    public func decode(_ bytes: [UInt8]) throws(ESCPOSDecodingError) -> [ESCPOSOperation] {
        var parser = ESCPOSParser(cp852CodePages: cp852CodePages, powerOnCodePage: powerOnCodePage)
        var operations: [ESCPOSOperation] = []
        var position = 0
        while position < bytes.count {
            switch parser.step(bytes, at: position, offset: 0, atEnd: true) {
            case let .operation(operation, length):
                operations.append(operation)
                position += length
            case let .needMoreData(command, expected):
                throw .truncated(command: command, expectedBytes: expected, found: bytes.count - position, offset: position)
            case let .malformed(error, _):
                throw error
            case .textMayContinue:
                // Not produced when `atEnd` is true; treat defensively as the end of input.
                return operations
            }
        }
        return operations
    }
}

/// Decodes printer input arriving in chunks (the simulator's serial/USB side). Malformed commands are
/// reported and skipped so one bad command does not lose the rest of the receipt. Text is held back
/// until a non-text byte ends it, so chunking never changes the result.
public struct ESCPOSStreamDecoder: Sendable {
    public enum Event: Sendable, Hashable {
        case operation(ESCPOSOperation)
        case malformed(ESCPOSDecodingError)
    }

    private var parser: ESCPOSParser
    private var buffer: [UInt8] = []
    /// Stream offset of `buffer[0]`.
    private var bufferOffset = 0

    public init(cp852CodePages: Set<UInt8> = [ESCPOSReceiptBuilder.pc852CodePage], powerOnCodePage: UInt8 = 0) {
        parser = ESCPOSParser(cp852CodePages: cp852CodePages, powerOnCodePage: powerOnCodePage)
    }

    public var pendingByteCount: Int { buffer.count }

    public mutating func receive(_ chunk: some Sequence<UInt8>) -> [Event] {
        buffer.append(contentsOf: chunk)
        return drain(atEnd: false)
    }

    /// End of input: emits held text and reports a command cut short.
    public mutating func finish() -> [Event] {
        drain(atEnd: true)
    }

    private mutating func drain(atEnd: Bool) -> [Event] {
        var events: [Event] = []
        var position = 0
        parsing: while position < buffer.count {
            switch parser.step(buffer, at: position, offset: bufferOffset, atEnd: atEnd) {
            case let .operation(operation, length):
                events.append(.operation(operation))
                position += length
            case let .malformed(error, skip):
                events.append(.malformed(error))
                position += max(1, skip)
            case let .needMoreData(command, expected):
                guard atEnd else { break parsing }
                let found = buffer.count - position
                events.append(.malformed(.truncated(command: command, expectedBytes: expected, found: found, offset: bufferOffset + position)))
                position = buffer.count
            case .textMayContinue:
                break parsing
            }
        }
        let consumed = min(position, buffer.count)
        buffer.removeFirst(consumed)
        bufferOffset += consumed
        return events
    }
}
