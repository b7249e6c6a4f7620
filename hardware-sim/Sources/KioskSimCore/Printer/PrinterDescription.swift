import DeviceProtocols

/// One-line renderings of ESC/POS for `kiosk-sim --trace`.
enum PrinterDescription {
    static func describe(_ event: ESCPOSStreamDecoder.Event) -> String {
        switch event {
        case let .operation(operation): describe(operation)
        case let .malformed(error): "?(\(error.description))"
        }
    }

    static func describe(_ operation: ESCPOSOperation) -> String {
        switch operation {
        case .initialize: "ESC @"
        case let .selectCodePage(page): "code page \(page)"
        case let .align(alignment): "align \(alignment)"
        case let .emphasis(on): on ? "bold on" : "bold off"
        case let .characterSize(size): "size \(size.width)×\(size.height)"
        case .lineFeed: "LF"
        case .carriageReturn: "CR"
        case let .feedLines(count): "feed \(count)"
        case let .text(text): "\"\(text.count > 40 ? text.prefix(40) + "…" : text)\""
        case let .qrCode(function): describe(function)
        case let .cut(cut): "cut \(cut)"
        case let .statusRequest(request): "DLE EOT \(request.rawValue) (\(request))"
        }
    }

    static func describe(_ function: ESCPOSQRFunction) -> String {
        switch function {
        case let .selectModel(model): "QR \(model)"
        case let .moduleSize(size): "QR module \(size)"
        case let .errorCorrection(level): "QR EC \(level)"
        case let .store(data): "QR store \(data.count) B"
        case .print: "QR print"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }
}
