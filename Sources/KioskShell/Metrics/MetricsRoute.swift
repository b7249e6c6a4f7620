import Hummingbird

extension Router {
    /// Serves `registry` at `path` (default `/metrics`) in the Prometheus text format.
    @discardableResult
    public func addMetricsRoute(_ registry: MetricsRegistry, path: RouterPath = "/metrics") -> Self {
        get(path) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: PrometheusText.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: registry.render()))
            )
        }
        return self
    }
}
