/// Native QR functions of `GS ( k pL pH cn fn …` with cn = 49 (protocols.md §4). pL pH give the number of
/// bytes after pH, little-endian.
public enum ESCPOSQRFunction: Sendable, Hashable {
    /// fn 65: `… 04 00 31 41 n1 00`.
    case selectModel(ESCPOSQRModel)
    /// fn 67: module size in dots, 1–16.
    case moduleSize(UInt8)
    /// fn 69.
    case errorCorrection(ESCPOSQRErrorCorrection)
    /// fn 80: `… pL pH 31 50 30 d…` with pL pH = k + 3. The builder enforces `maximumDataLength`;
    /// encoding a longer array directly would wrap the length.
    case store([UInt8])
    /// fn 81: print the stored symbol.
    case print

    public static let symbolTypeQR: UInt8 = 0x31
    public static let moduleSizes: ClosedRange<UInt8> = 1...16
    /// Largest symbol content (QR version 40, numeric); also keeps k + 3 within pL pH.
    public static let maximumDataLength = 7089

    enum Function {
        static let selectModel: UInt8 = 0x41
        static let moduleSize: UInt8 = 0x43
        static let errorCorrection: UInt8 = 0x45
        static let store: UInt8 = 0x50
        static let print: UInt8 = 0x51
    }

    /// The `m` byte of store and print.
    static let storeAndPrintParameter: UInt8 = 0x30

    var encoded: [UInt8] {
        let body: [UInt8]
        switch self {
        case let .selectModel(model): body = [Function.selectModel, model.rawValue, 0]
        case let .moduleSize(size): body = [Function.moduleSize, size]
        case let .errorCorrection(level): body = [Function.errorCorrection, level.rawValue]
        case let .store(data): body = [Function.store, Self.storeAndPrintParameter] + data
        case .print: body = [Function.print, Self.storeAndPrintParameter]
        }
        let length = body.count + 1  // cn
        return [ESCPOSByte.groupSeparator, 0x28, 0x6B, UInt8(truncatingIfNeeded: length),
                UInt8(truncatingIfNeeded: length >> 8), Self.symbolTypeQR] + body
    }
}

public enum ESCPOSQRModel: UInt8, Sendable, Hashable, CaseIterable {
    case model1 = 49, model2 = 50, micro = 51
}

public enum ESCPOSQRErrorCorrection: UInt8, Sendable, Hashable, CaseIterable {
    /// ~7 %, ~15 %, ~25 %, ~30 % of codewords recoverable.
    case l = 48, m = 49, q = 50, h = 51
}
