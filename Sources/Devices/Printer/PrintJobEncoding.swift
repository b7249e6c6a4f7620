import DeviceProtocols

/// A `PrintJob` as ESC/POS bytes (built with `ESCPOSReceiptBuilder`), split into chunks for the line.
///
/// The driver asks for status between chunks. A `DLE EOT` inside another command's data (a QR payload)
/// would be taken as part of that data, so chunks end only where a command ends: after the set-up, a
/// printed line, the QR block or the cut. A single command longer than a chunk (a long QR payload) is split
/// into pieces with no status request between them.
struct PrintJobEncoding: Sendable, Hashable {
    struct Chunk: Sendable, Hashable {
        var bytes: [UInt8]
        /// False inside a command that spans chunks: no status request may follow.
        var endsAtCommandBoundary: Bool
    }

    let chunks: [Chunk]

    var bytes: [UInt8] { chunks.flatMap(\.bytes) }

    init(_ job: PrintJob, configuration: PrinterConfiguration) throws(ESCPOSBuilderError) {
        let segments = try Self.segments(job, configuration: configuration)
        chunks = Self.pack(segments, chunkSize: configuration.chunkSize)
    }

    /// Pieces that each end at a command boundary. Styles are emitted only when they change, starting from
    /// the printer defaults that `ESC @` restores.
    static func segments(_ job: PrintJob, configuration: PrinterConfiguration) throws(ESCPOSBuilderError) -> [[UInt8]] {
        var setUp = ESCPOSReceiptBuilder(codePage: configuration.codePage)
        setUp.initialize()
        var segments = [setUp.bytes]
        var alignment = ESCPOSAlignment.left
        var bold = false
        var large = false
        for line in job.lines {
            var builder = ESCPOSReceiptBuilder(codePage: configuration.codePage)
            let wanted = line.alignment.escpos
            if wanted != alignment { builder.align(wanted) }
            if line.bold != bold { builder.bold(line.bold) }
            if line.large != large { builder.doubleSize(line.large) }
            builder.line(line.text)
            (alignment, bold, large) = (wanted, line.bold, line.large)
            segments.append(builder.bytes)
        }
        if let payload = job.qrPayload {
            var builder = ESCPOSReceiptBuilder(codePage: configuration.codePage)
            if alignment != .center { builder.align(.center) }
            try builder.qrCode(payload, moduleSize: configuration.qrModuleSize)
            segments.append(builder.bytes)
        }
        if job.cut {
            var builder = ESCPOSReceiptBuilder(codePage: configuration.codePage)
            // Feed to the cutter first so the last line is above the cut.
            builder.cut(configuration.cut == .full ? .full : .partial, feedUnits: 0)
            segments.append(builder.bytes)
        }
        return segments
    }

    static func pack(_ segments: [[UInt8]], chunkSize: Int) -> [Chunk] {
        let size = max(1, chunkSize)
        var chunks: [Chunk] = []
        var current: [UInt8] = []
        for segment in segments {
            if !current.isEmpty, current.count + segment.count > size {
                chunks.append(Chunk(bytes: current, endsAtCommandBoundary: true))
                current = []
            }
            var start = 0
            while segment.count - start > size {
                chunks.append(Chunk(bytes: Array(segment[start..<start + size]), endsAtCommandBoundary: false))
                start += size
            }
            current += segment[start...]
        }
        if !current.isEmpty { chunks.append(Chunk(bytes: current, endsAtCommandBoundary: true)) }
        return chunks
    }
}

extension PrintAlignment {
    var escpos: ESCPOSAlignment {
        switch self {
        case .left: .left
        case .center: .center
        case .right: .right
        }
    }
}
