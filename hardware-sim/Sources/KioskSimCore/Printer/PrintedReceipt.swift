import DeviceProtocols

/// One piece of paper that left the simulated printer: what a citizen would take home.
public struct PrintedReceipt: Sendable, Hashable {
    /// Printed lines and QR codes in order, with their styles.
    public let items: [ESCPOSPaper.Item]
    /// How it was separated: nil when it was torn off by hand (e.g. the stub left when the paper ran out).
    public let cut: ESCPOSCut?

    public init(items: [ESCPOSPaper.Item], cut: ESCPOSCut?) {
        self.items = items
        self.cut = cut
    }

    /// Text lines, Czech characters intact, without the QR codes.
    public var lines: [String] {
        items.compactMap { if case let .line(line) = $0 { line.text } else { nil } }
    }

    /// QR contents read back as UTF-8 (SPAYD strings are ASCII).
    public var qrPayloads: [String] {
        items.compactMap { if case let .qrCode(data, _, _) = $0 { String(decoding: data, as: UTF8.self) } else { nil } }
    }

    /// The receipt as plain text, a QR code shown as `[QR <content>]`.
    public var text: String {
        items.compactMap { item -> String? in
            switch item {
            case let .line(line): line.text
            case let .qrCode(data, _, _): "[QR \(String(decoding: data, as: UTF8.self))]"
            case .cut: nil
            }
        }.joined(separator: "\n")
    }
}
