/// A simulated roll of paper: applies decoded operations and keeps what a customer would see.
/// Line-level model: a line's style is the style in effect when its first text arrived.
public struct ESCPOSPaper: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var text: String
        public var alignment: ESCPOSAlignment
        public var emphasized: Bool
        public var size: ESCPOSCharacterSize
    }

    public enum Item: Sendable, Hashable {
        case line(Line)
        case qrCode(data: [UInt8], moduleSize: UInt8, errorCorrection: ESCPOSQRErrorCorrection)
        case cut(ESCPOSCut)
    }

    public private(set) var items: [Item] = []
    private var pending: Line?
    private var alignment = ESCPOSAlignment.left
    private var emphasized = false
    private var size = ESCPOSCharacterSize.normal
    private var qrData: [UInt8] = []
    private var qrModuleSize: UInt8 = 3
    private var qrErrorCorrection = ESCPOSQRErrorCorrection.l

    public init() {}

    /// Printed text lines in order (not yet fed text excluded).
    public var textLines: [String] {
        items.compactMap { if case let .line(line) = $0 { line.text } else { nil } }
    }

    public mutating func apply(_ operations: some Sequence<ESCPOSOperation>) {
        for operation in operations { apply(operation) }
    }

    public mutating func apply(_ operation: ESCPOSOperation) {
        switch operation {
        case .initialize:
            pending = nil
            alignment = .left
            emphasized = false
            size = .normal
        case .selectCodePage, .carriageReturn, .statusRequest:
            break
        case let .align(newAlignment): alignment = newAlignment
        case let .emphasis(on): emphasized = on
        case let .characterSize(newSize): size = newSize
        case let .text(text):
            if pending == nil { pending = Line(text: "", alignment: alignment, emphasized: emphasized, size: size) }
            pending?.text += text
        case .lineFeed:
            printPendingLine()
        case let .feedLines(count):
            // The buffered line (if any) uses the first of the n feeds.
            var feeds = Int(count)
            if pending != nil {
                printPendingLine()
                feeds -= 1
            }
            for _ in 0..<max(0, feeds) { printPendingLine() }
        case let .qrCode(function):
            apply(function)
        case let .cut(cut):
            if pending != nil { printPendingLine() }
            items.append(.cut(cut))
        }
    }

    private mutating func apply(_ function: ESCPOSQRFunction) {
        switch function {
        case .selectModel: break
        case let .moduleSize(newSize): qrModuleSize = newSize
        case let .errorCorrection(level): qrErrorCorrection = level
        case let .store(data): qrData = data
        case .print:
            if pending != nil { printPendingLine() }
            items.append(.qrCode(data: qrData, moduleSize: qrModuleSize, errorCorrection: qrErrorCorrection))
        }
    }

    private mutating func printPendingLine() {
        items.append(.line(pending ?? Line(text: "", alignment: alignment, emphasized: emphasized, size: size)))
        pending = nil
    }
}
