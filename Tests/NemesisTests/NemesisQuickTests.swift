import NemesisHarness
import Testing

/// The quick subset of `make nemesis-test` for `make test`: outage, days offline, batch games, error after commit, bad vouchers.
@Suite(.serialized) struct NemesisQuickTests {
    @Test func theQuickNemesisConvergesExactlyOnce() async {
        let outcome = await NemesisSuite.quick.run(log: { print($0) })
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(outcome.syncRuns > 0)
        #expect(outcome.duplicates == 0)
        #expect(outcome.mismatches == 0, "\(outcome.audit?.description ?? "no audit")")
    }
}
