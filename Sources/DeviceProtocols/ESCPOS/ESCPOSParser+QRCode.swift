extension ESCPOSParser {
    /// `GS ( fn pL pH …`: every `GS (` function carries a length, so even unsupported ones are skipped whole.
    static func qrCommand(_ cursor: Cursor) -> Step {
        guard let function = cursor.byte(2) else { return .needMoreData(command: "GS (", expectedBytes: 3) }
        guard let low = cursor.byte(3), let high = cursor.byte(4) else {
            return .needMoreData(command: "GS ( k", expectedBytes: 5)
        }
        let length = Int(low) | Int(high) << 8
        let total = 5 + length
        guard length == 0 || cursor.byte(total - 1) != nil else {
            return .needMoreData(command: "GS ( k", expectedBytes: total)
        }
        func unsupported(_ count: Int) -> Step {
            let shown = (0..<min(count, total)).compactMap { cursor.byte($0) }
            return .malformed(.unsupportedCommand(bytes: shown, offset: cursor.offset), skip: total)
        }
        func badLength(_ expected: String) -> Step {
            .malformed(.invalidLength(command: "GS ( k", expected: expected, found: length, offset: cursor.offset), skip: total)
        }
        guard function == 0x6B else { return unsupported(3) }
        guard length >= 2, let symbol = cursor.byte(5), let qrFunction = cursor.byte(6) else {
            return badLength("at least 2")
        }
        guard symbol == ESCPOSQRFunction.symbolTypeQR else { return unsupported(7) }
        let parameter = cursor.byte(7)
        switch qrFunction {
        case ESCPOSQRFunction.Function.selectModel:
            guard length == 4, let n1 = parameter, let n2 = cursor.byte(8) else { return badLength("4 for QR model") }
            guard let model = ESCPOSQRModel(rawValue: n1) else {
                return cursor.invalid("GS ( k QR model", expected: "49–51", found: n1, length: total)
            }
            guard n2 == 0 else { return cursor.invalid("GS ( k QR model", expected: "n2 = 0", found: n2, length: total) }
            return .operation(.qrCode(.selectModel(model)), length: total)
        case ESCPOSQRFunction.Function.moduleSize:
            guard length == 3, let n = parameter else { return badLength("3 for QR module size") }
            guard ESCPOSQRFunction.moduleSizes.contains(n) else {
                return cursor.invalid("GS ( k QR module size", expected: "1–16", found: n, length: total)
            }
            return .operation(.qrCode(.moduleSize(n)), length: total)
        case ESCPOSQRFunction.Function.errorCorrection:
            guard length == 3, let n = parameter else { return badLength("3 for QR error correction") }
            guard let level = ESCPOSQRErrorCorrection(rawValue: n) else {
                return cursor.invalid("GS ( k QR error correction", expected: "48–51", found: n, length: total)
            }
            return .operation(.qrCode(.errorCorrection(level)), length: total)
        case ESCPOSQRFunction.Function.store:
            guard length >= 4, let m = parameter else { return badLength("at least 4 for QR store") }
            guard m == ESCPOSQRFunction.storeAndPrintParameter else {
                return cursor.invalid("GS ( k QR store", expected: "m = 48", found: m, length: total)
            }
            return .operation(.qrCode(.store((8..<total).compactMap { cursor.byte($0) })), length: total)
        case ESCPOSQRFunction.Function.print:
            guard length == 3, let m = parameter else { return badLength("3 for QR print") }
            guard m == ESCPOSQRFunction.storeAndPrintParameter else {
                return cursor.invalid("GS ( k QR print", expected: "m = 48", found: m, length: total)
            }
            return .operation(.qrCode(.print), length: total)
        default:
            return unsupported(7)
        }
    }
}
