import SQLiteDB

/// Why the journal could not do what was asked.
public enum JournalError: Error, CustomStringConvertible, Sendable {
    /// The storage failed while writing. Fatal for the money path: the caller must take the kiosk out of
    /// service. The journal refuses further appends until it is reopened; nothing is retried silently.
    case storage(SQLiteError)
    /// An earlier storage failure made this journal refuse appends.
    case refusedAfterFailure(SQLiteError)
    /// The database could not be opened, set up or migrated.
    case cannotOpen(SQLiteError)
    /// The journal belongs to another kiosk than the one configured.
    case wrongKiosk(expected: String, found: String)
    /// The kiosk id is unusable.
    case invalidKioskID(String)
    /// The chain is broken; the kiosk must not serve customers on it.
    case defect(JournalDefect)
    /// A typed entry could not be encoded.
    case encoding(String)
    /// A stored row could not be read back.
    case unreadable(String)

    public var description: String {
        switch self {
        case .storage(let error): return "journal write failed (kiosk must go out of service): \(error)"
        case .refusedAfterFailure(let error): return "journal refuses writes after an earlier storage failure: \(error)"
        case .cannotOpen(let error): return "cannot open the journal: \(error)"
        case .wrongKiosk(let expected, let found):
            return "this journal belongs to kiosk \(found), but the configuration says \(expected)"
        case .invalidKioskID(let id):
            return "kiosk id \"\(id)\" is not valid: expected a kiosk code of 2–8 characters, an uppercase letter then uppercase letters or digits (e.g. K01)"
        case .defect(let defect): return "journal verification failed: \(defect)"
        case .encoding(let reason): return "cannot encode journal entry: \(reason)"
        case .unreadable(let reason): return "cannot read journal row: \(reason)"
        }
    }

    /// True for failures that mean the money path must stop now.
    public var isFatal: Bool {
        switch self {
        case .storage, .refusedAfterFailure, .defect: return true
        default: return false
        }
    }
}
