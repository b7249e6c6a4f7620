import Foundation

/// Sync protocol version: every route lives under `/sync/v1/`; a breaking change gets `/sync/v2/` beside it.
public enum SyncVersion {
    public static let current = 1
    public static let pathPrefix = "/sync/v1"
    public static let econPathPrefix = "/econ/v1"
}
