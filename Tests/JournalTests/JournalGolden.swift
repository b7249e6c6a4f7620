/// Known-answer values for the journal's hash format, computed independently (Python hashlib) from the documented layout.
enum JournalGolden {
    static let firstRecordHash = "680d653d78abc184f8c116ecfe3bddc4c9d4b52bccc10ea20881ea5be892d4de"
}
