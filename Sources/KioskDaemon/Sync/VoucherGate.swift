import Foundation
import SyncProtocol
import TownCore
import VoucherSigning

/// Which approver keys the kiosk trusts, and the check every pulled voucher passes before the engine sees it.
///
/// Rule: a local `sync.approver_keys_file` WINS. Keys the server sends in its `config` delta are used only
/// by a kiosk that has no local file, because a compromised town server could otherwise swap in its own
/// key and mint payable vouchers. With neither, no voucher is payable.
public struct VoucherGate: Sendable {
    public enum Source: String, Sendable { case localFile = "local_file", server, none }

    public let keyring: ApproverKeyring?
    public let source: Source

    /// - Parameters:
    ///   - local: the keyring read from `sync.approver_keys_file`, when configured.
    ///   - server: keys from the server's last `config` delta.
    public init(local: ApproverKeyring?, server: [ApproverKeyEntry]?) {
        if let local {
            (keyring, source) = (local, .localFile)
        } else if let server, let ring = Self.keyring(from: server) {
            (keyring, source) = (ring, .server)
        } else {
            (keyring, source) = (nil, .none)
        }
    }

    /// Vouchers that verify (an `issued` one turned `approved`), and the reasons the others were refused (one line each, no PIN material).
    public func filter(_ vouchers: [PayoutVoucher]) -> (payable: [PayoutVoucher], refused: [(id: String, reason: String)]) {
        guard let keyring else {
            return ([], vouchers.map { ($0.id.description, "voucher \($0.id) refused: no approver keys configured") })
        }
        var payable: [PayoutVoucher] = []
        var refused: [(id: String, reason: String)] = []
        for voucher in vouchers {
            do {
                try ApprovalVerifier.verify(voucher, keyring: keyring)
                // Both approvals verified here: an `issued` voucher is `approved` for this kiosk.
                payable.append(voucher.status == .issued ? try voucher.applying(.approve) : voucher)
            } catch {
                refused.append((voucher.id.description, "\(error)"))
            }
        }
        return (payable, refused)
    }

    /// The server's entries in the keyring's JSON form, parsed by the same strict reader as the local file.
    static func keyring(from entries: [ApproverKeyEntry]) -> ApproverKeyring? {
        guard !entries.isEmpty, let json = try? JSONEncoder().encode(entries) else { return nil }
        return try? ApproverKeyring(json: json)
    }
}
