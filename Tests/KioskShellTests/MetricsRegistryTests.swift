import Hummingbird
import KioskShell
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct MetricsRegistryTests {
    @Test func rendersFamiliesSortedWithHelpAndType() throws {
        let registry = MetricsRegistry()
        let cash = try registry.counter("kiosk_payments_total", help: "Completed payments.", labels: ["method": "cash"])
        let card = try registry.counter("kiosk_payments_total", help: "Completed payments.", labels: ["method": "card"])
        let level = try registry.gauge("kiosk_cash_unit_pieces", help: "Pieces in each cash unit.",
                                       labels: ["unit": "hopper", "denomination": "1000"])
        let journal = try registry.gauge("kiosk_journal_bytes", help: "Size of the journal database.")
        cash.increment()
        cash.increment(by: 2)
        card.increment()
        level.set(180)
        level.add(-3)
        journal.set(4_096)

        #expect(registry.render() == """
            # HELP kiosk_cash_unit_pieces Pieces in each cash unit.
            # TYPE kiosk_cash_unit_pieces gauge
            kiosk_cash_unit_pieces{denomination="1000",unit="hopper"} 177
            # HELP kiosk_journal_bytes Size of the journal database.
            # TYPE kiosk_journal_bytes gauge
            kiosk_journal_bytes 4096
            # HELP kiosk_payments_total Completed payments.
            # TYPE kiosk_payments_total counter
            kiosk_payments_total{method="card"} 1
            kiosk_payments_total{method="cash"} 3

            """)
    }

    @Test func escapesLabelValuesAndHelp() throws {
        let registry = MetricsRegistry()
        let faults = try registry.counter("kiosk_faults_total", help: "Faults by reason \\ see \"docs\"\nper device.",
                                          labels: ["reason": "jam \"in\" C:\\path\nline 2"])
        faults.increment()
        #expect(registry.render() == """
            # HELP kiosk_faults_total Faults by reason \\\\ see "docs"\\nper device.
            # TYPE kiosk_faults_total counter
            kiosk_faults_total{reason="jam \\"in\\" C:\\\\path\\nline 2"} 1

            """)
    }

    @Test func askingTwiceGivesTheSameSeries() throws {
        let registry = MetricsRegistry()
        let first = try registry.counter("kiosk_payouts_total", help: "Payouts.")
        let second = try registry.counter("kiosk_payouts_total", help: "Payouts.")
        first.increment()
        second.increment()
        #expect(first.value == 2)
        #expect(registry.render().contains("kiosk_payouts_total 2\n"))
    }

    @Test func conflictsAndBadNamesAreRefused() throws {
        let registry = MetricsRegistry()
        _ = try registry.counter("kiosk_payouts_total", help: "Payouts.")
        #expect(throws: MetricsRegistryError.kindConflict(metric: "kiosk_payouts_total", registered: .counter, requested: .gauge)) {
            try registry.gauge("kiosk_payouts_total", help: "Payouts.")
        }
        #expect(throws: MetricsRegistryError.helpConflict(metric: "kiosk_payouts_total")) {
            try registry.counter("kiosk_payouts_total", help: "Something else.")
        }
        #expect(throws: MetricsRegistryError.invalidMetricName("kiosk-payouts")) {
            try registry.counter("kiosk-payouts", help: "x")
        }
        #expect(throws: MetricsRegistryError.invalidMetricName("9lives")) { try registry.gauge("9lives", help: "x") }
        #expect(throws: MetricsRegistryError.invalidLabelName(metric: "kiosk_x", label: "__reserved")) {
            try registry.gauge("kiosk_x", help: "x", labels: ["__reserved": "1"])
        }
        #expect(throws: MetricsRegistryError.invalidLabelName(metric: "kiosk_x", label: "cash-unit")) {
            try registry.gauge("kiosk_x", help: "x", labels: ["cash-unit": "1"])
        }
    }

    @Test func countersSaturateInsteadOfWrapping() throws {
        let registry = MetricsRegistry()
        let counter = try registry.counter("kiosk_big_total", help: "Big.")
        counter.increment(by: UInt64(Int64.max))
        counter.increment(by: 10)
        #expect(counter.value == Int64.max)
        let gauge = try registry.gauge("kiosk_low", help: "Low.")
        gauge.set(Int64.min + 1)
        gauge.add(-5)
        #expect(gauge.value == Int64.min)
    }

    @Test func concurrentUpdatesAreAllCounted() async throws {
        let registry = MetricsRegistry()
        let counter = try registry.counter("kiosk_events_total", help: "Events.")
        let gauge = try registry.gauge("kiosk_level", help: "Level.")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 {
                        counter.increment()
                        gauge.add(2)
                        gauge.add(-1)
                    }
                }
            }
        }
        #expect(counter.value == 8_000)
        #expect(gauge.value == 8_000)
    }

    @Test func scrapeHooksRunBeforeEachRendering() throws {
        let registry = MetricsRegistry()
        let journal = try registry.gauge("kiosk_journal_bytes", help: "Journal size.")
        let size = Mutex<Int64>(100)
        registry.onScrape { journal.set(size.withLock { $0 }) }
        #expect(registry.render().hasSuffix("kiosk_journal_bytes 100\n"))
        size.withLock { $0 = 250 }
        #expect(registry.render().hasSuffix("kiosk_journal_bytes 250\n"))
    }

    @Test func metricsRouteServesTheTextFormat() async throws {
        let registry = MetricsRegistry()
        try registry.counter("kiosk_payments_total", help: "Completed payments.", labels: ["method": "cash"]).increment(by: 5)
        let router = Router()
        router.addMetricsRoute(registry)
        try await withTCPServer(router) { port, _ in
            let response = try await onOwnThread {
                let client = try RawTCPClient(port: port)
                defer { client.closeSocket() }
                client.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                _ = client.waitForClose()
                return client.text
            }
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.lowercased().contains("\r\ncontent-type: text/plain; version=0.0.4; charset=utf-8\r\n"))
            #expect(response.hasSuffix("""
                \r\n\r\n# HELP kiosk_payments_total Completed payments.
                # TYPE kiosk_payments_total counter
                kiosk_payments_total{method="cash"} 5

                """))
        }
    }
}
