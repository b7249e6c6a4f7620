/// A machine-readable error code. A struct rather than an enum so a newer server's codes still decode on
/// an older kiosk (it sees the raw string and the message).
public struct SyncErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }

    // Journal intake (409): nothing of the batch was applied.
    /// A sequence is missing before the batch; `expected_sequence` says which one to send next.
    public static let gap = Self("gap")
    /// A record differs from the one stored at its sequence, or does not link to the stored head: two histories.
    public static let fork = Self("fork")
    /// A record's hash does not match its content.
    public static let altered = Self("altered")

    // Authentication (401).
    public static let unknownKiosk = Self("unknown_kiosk")
    public static let unknownClient = Self("unknown_client")
    public static let badSignature = Self("bad_signature")
    public static let staleTimestamp = Self("stale_timestamp")
    public static let replayedNonce = Self("replayed_nonce")
    public static let malformedHeader = Self("malformed_header")
    /// The body names a different kiosk from the one that signed (403).
    public static let kioskMismatch = Self("kiosk_mismatch")

    // Requests (400 / 404 / 409).
    public static let badRequest = Self("bad_request")
    public static let batchTooLarge = Self("batch_too_large")
    public static let notFound = Self("not_found")
    /// A voucher claim lost: another kiosk holds it, it is bound elsewhere, or it was cancelled (409).
    public static let claimRefused = Self("claim_refused")
    public static let conflict = Self("conflict")
    public static let internalError = Self("internal")
}

/// The body of every error answer: `{"error": {"code": "gap", "message": "...", "expected_sequence": 42}}`.
public struct SyncErrorBody: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    public struct Detail: Hashable, Sendable, Codable {
        public var code: SyncErrorCode
        /// Says what was expected and what was found.
        public var message: String
        /// For `gap` (and `fork`/`altered`): the sequence the server expects next.
        public var expectedSequence: Int64?

        enum CodingKeys: String, CodingKey { case code, message, expectedSequence = "expected_sequence" }
    }

    public var error: Detail

    public init(code: SyncErrorCode, message: String, expectedSequence: Int64? = nil) {
        error = Detail(code: code, message: message, expectedSequence: expectedSequence)
    }

    public var code: SyncErrorCode { error.code }
    public var message: String { error.message }
    public var description: String { "\(error.code): \(error.message)" }
}
