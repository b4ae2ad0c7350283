/// What a simulated replica did under a workload, and the latency targets a plan is held to.
/// Plain values; the simulator fills them, renderers show them.

/// Latency at the 50th, 90th and 99th percentiles, in seconds.
package struct Percentiles: Sendable, Hashable {
    package var p50: Double
    package var p90: Double
    package var p99: Double

    package init(p50: Double, p90: Double, p99: Double) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
    }

    /// Nearest-rank percentiles of `values` (all zero when there are none).
    package init(of values: [Double]) {
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(index, 0), sorted.count - 1)]
        }
        self.init(p50: rank(50), p90: rank(90), p99: rank(99))
    }

    /// The value at a percentile this type keeps (50, 90 or 99).
    package func at(_ percentile: Int) -> Double {
        switch percentile {
        case 50: return p50
        case 90: return p90
        default: return p99
        }
    }
}

/// Latency targets: time to first token and time per output token, met at a percentile.
package struct ServingTargets: Sendable, Hashable {
    package var ttftSeconds: Double?
    package var tpotSeconds: Double?
    /// 50, 90 or 99; MLPerf Inference's server scenario holds TTFT and TPOT at the 99th.
    package var percentile: Int

    /// Percentiles a target may name.
    package static let percentiles = [50, 90, 99]

    package init(ttftSeconds: Double? = nil, tpotSeconds: Double? = nil, percentile: Int = 99) {
        self.ttftSeconds = ttftSeconds
        self.tpotSeconds = tpotSeconds
        self.percentile = percentile
    }

    package func validate() throws(SizingError) {
        for (name, value) in [("ttft", ttftSeconds), ("tpot", tpotSeconds)] {
            if let value, !(value.isFinite && value > 0) {
                throw SizingError(.targets, "the \(name) target must be more than 0 seconds, found \(value)")
            }
        }
        guard Self.percentiles.contains(percentile) else {
            throw SizingError(.targets, "a target percentile must be one of 50, 90 or 99, found \(percentile)")
        }
    }

    /// How far `result` misses each target: (name, measured, target) for each one missed.
    package func misses(_ result: ServingResult) -> [(name: String, measured: Double, target: Double)] {
        var missed: [(String, Double, Double)] = []
        if let ttft = ttftSeconds, result.ttftSeconds.at(percentile) > ttft {
            missed.append(("p\(percentile) TTFT", result.ttftSeconds.at(percentile), ttft))
        }
        if let tpot = tpotSeconds, result.tpotSeconds.at(percentile) > tpot {
            missed.append(("p\(percentile) TPOT", result.tpotSeconds.at(percentile), tpot))
        }
        return missed
    }

    /// The worst ratio of measured to target (1 or less when every target is met).
    package func worstRatio(_ result: ServingResult) -> Double {
        var worst = 0.0
        if let ttft = ttftSeconds { worst = max(worst, result.ttftSeconds.at(percentile) / ttft) }
        if let tpot = tpotSeconds { worst = max(worst, result.tpotSeconds.at(percentile) / tpot) }
        return worst
    }

    /// Whether one request met every target (goodput counts these).
    func met(ttft: Double, tpot: Double?) -> Bool {
        if let target = ttftSeconds, ttft > target { return false }
        if let target = tpotSeconds, let tpot, tpot > target { return false }
        return true
    }
}

/// One replica's behaviour over the measured part of a simulated run.
package struct ServingResult: Sendable, Hashable {
    /// Requests finished and measured (the warm-up left out).
    package var measuredRequests: Int
    /// Seconds of the measurement window.
    package var windowSeconds: Double
    package var outputTokensPerSecond: Double
    /// Prompt and generated tokens per second.
    package var totalTokensPerSecond: Double
    package var requestsPerSecond: Double
    package var ttftSeconds: Percentiles
    package var tpotSeconds: Percentiles
    package var e2eSeconds: Percentiles
    /// Mean time from arrival to the start of a request's first prompt chunk.
    package var meanQueueSeconds: Double
    /// Mean time to first token, and mean time per output token (of requests with more than one).
    package var meanTTFTSeconds: Double
    package var meanTPOTSeconds: Double
    /// Share of the window the replica spent running steps.
    package var busyFraction: Double
    /// Time-weighted mean of requests running in a step.
    package var meanRunningRequests: Double
    /// Most requests that ran in one step.
    package var maxRunningRequests: Int
    /// Tokens of KV cache the replica holds.
    package var kvCapacityTokens: Int
    /// Time-weighted mean share of the KV cache in use.
    package var kvOccupancy: Double
    /// Requests preempted (their cache dropped and recomputed) because the cache was full.
    package var preemptions: Int
    /// Measured requests that met every target, per second (all of them when there are no targets).
    package var goodputRequestsPerSecond: Double
    /// Simulated steps (for the simulator's own speed figure).
    package var steps: Int
}
