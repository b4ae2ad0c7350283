import Basics
import Catalog
import Foundation

/// What a deployment is asked to serve: how long prompts and answers are, and how requests arrive.
///
/// Owns the workload's vocabulary, its one text form, and its validation (positive lengths, users and rates; a
/// distribution with samples). It never simulates or times anything: the simulator draws from it.
package struct Workload: Sendable, Hashable {
    /// Prompt tokens per request.
    package var inputTokens: TokenLengths
    /// Generated tokens per request.
    package var outputTokens: TokenLengths
    package var arrivals: Arrivals
    /// Requests simulated per evaluation (the first `warmupFraction` of them are not measured).
    package var requests: Int
    /// Seed of the request stream: the same seed gives the same lengths and arrival times.
    package var seed: UInt64

    /// Requests simulated when the caller does not say: enough for a stable p99 (20 requests above it)
    /// while a layout search of a few hundred simulations stays well under a second.
    package static let defaultRequests = 2_000
    /// The most requests one evaluation may simulate: a million-request run of a long workload would
    /// take minutes, and percentiles are stable long before.
    package static let maximumRequests = 100_000
    /// The seed used when none is given.
    package static let defaultSeed: UInt64 = 1
    /// Share of requests, in arrival order, left out of the statistics: the start of a run, when every
    /// user of a closed loop arrives at once, is not the steady state that a benchmark reports.
    package static let warmupFraction = 0.1

    /// Requests left out at the start: `warmupFraction` of them, and for a closed loop at least its
    /// first wave (one request per user, all arriving at once), up to half the run.
    package static func warmupRequests(_ workload: Workload) -> Int {
        let share = Int(Double(workload.requests) * warmupFraction)
        guard case .users(let users, _) = workload.arrivals else { return share }
        return max(share, min(users, workload.requests / 2))
    }

    package init(inputTokens: TokenLengths, outputTokens: TokenLengths, arrivals: Arrivals,
                requests: Int = Workload.defaultRequests, seed: UInt64 = Workload.defaultSeed) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.arrivals = arrivals
        self.requests = requests
        self.seed = seed
    }

    /// The same workload with its load changed (users or rate), as the layout search and load curves need.
    package func with(arrivals: Arrivals) -> Workload {
        var copy = self
        copy.arrivals = arrivals
        return copy
    }

    /// Refuses what cannot be simulated, naming the field at fault.
    package func validate() throws(SizingError) {
        try inputTokens.validate(.inputTokens, name: "input tokens")
        try outputTokens.validate(.outputTokens, name: "output tokens")
        try arrivals.validate()
        guard requests > 0, requests <= Self.maximumRequests else {
            throw SizingError(.requests, "requests must be between 1 and \(NumberText.grouped(Self.maximumRequests)), found \(NumberText.grouped(requests))")
        }
    }

    /// Mean tokens a request holds in the KV cache when it finishes (prompt + answer).
    package var meanTokensPerRequest: Double { inputTokens.mean + outputTokens.mean }
    /// The most tokens one request can hold in the KV cache (prompt + answer).
    package var maxTokensPerRequest: Int { inputTokens.maximum + outputTokens.maximum }

    /// "5,000 in / 500 out, 50 users".
    package var description: String {
        "\(inputTokens.description) in / \(outputTokens.description) out, \(arrivals.description)"
    }
}

/// Token counts per request: one value, or a distribution the simulator draws from.
package enum TokenLengths: Sendable, Hashable {
    case fixed(Int)
    /// Every whole number in `low...high` equally likely.
    case uniform(low: Int, high: Int)
    /// Normal with this mean and standard deviation, rounded, clipped to 1 … mean + 4 sd.
    case normal(mean: Double, standardDeviation: Double)
    /// Drawn uniformly from recorded lengths (a trace's prompt or answer lengths).
    case samples([Int])

    /// The longest prompt or answer a workload may name, in tokens (2^30): beyond any model's context,
    /// and small enough that sums of lengths never overflow.
    package static let maximumTokens = 1 << 30

    /// What `parse` accepts, for error messages.
    package static let expectation = "a token count (5000, 4K) or a distribution: uniform(1000, 3000), normal(2000, 500) "
        + "or samples(120, 800, 4K)"

    /// Reads the one text form every front end uses: a count, or `uniform(low, high)`,
    /// `normal(mean, sd)`, `samples(a, b, …)`, each number with an optional `K` suffix. Nil when the
    /// text is none of these; `validate` then judges the values.
    package static func parse(_ text: String) -> TokenLengths? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func tokens(_ item: Substring) -> Double? { Quantity.parse(String(item).trimmingCharacters(in: .whitespaces), as: .tokens) }
        guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else {
            guard let value = tokens(Substring(trimmed)), value.rounded() == value, abs(value) < 1e12 else { return nil }
            return .fixed(Int(value))
        }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let items = inside.split(separator: ",", omittingEmptySubsequences: false)
        let values = items.compactMap(tokens)
        guard values.count == items.count || (name == "samples" && inside.trimmingCharacters(in: .whitespaces).isEmpty) else { return nil }
        let whole = values.allSatisfy { $0.rounded() == $0 && abs($0) < 1e12 }
        switch name {
        case "uniform" where values.count == 2 && whole: return .uniform(low: Int(values[0]), high: Int(values[1]))
        case "normal" where values.count == 2: return .normal(mean: values[0], standardDeviation: values[1])
        case "samples" where whole: return .samples(values.map { Int($0) })
        default: return nil
        }
    }

    package var mean: Double {
        switch self {
        case .fixed(let n): return Double(n)
        case .uniform(let low, let high): return Double(low + high) / 2
        case .normal(let mean, _): return mean
        case .samples(let values): return values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count)
        }
    }

    /// The largest length a draw can return.
    package var maximum: Int {
        switch self {
        case .fixed(let n): return n
        case .uniform(_, let high): return high
        case .normal(let mean, let sd): return Int((mean + 4 * sd).rounded(.up))
        case .samples(let values): return values.max() ?? 0
        }
    }

    /// One length drawn with `random`; always at least 1.
    func draw(_ random: inout SeededRandom) -> Int {
        switch self {
        case .fixed(let n): return n
        case .uniform(let low, let high): return low + Int(random.nextBelow(UInt64(high - low + 1)))
        case .normal(let mean, let sd):
            let value = (mean + sd * random.nextStandardNormal()).rounded()
            return Int(min(max(value, 1), Double(maximum)))
        case .samples(let values): return values[Int(random.nextBelow(UInt64(values.count)))]
        }
    }

    func validate(_ field: SizingError.Field, name: String) throws(SizingError) {
        try validateShape(field, name: name)
        guard maximum <= Self.maximumTokens else {
            throw SizingError(field, "\(name) reach \(NumberText.grouped(maximum)) tokens, more than any model's context")
        }
    }

    private func validateShape(_ field: SizingError.Field, name: String) throws(SizingError) {
        switch self {
        case .fixed(let n):
            guard n > 0 else { throw SizingError(field, "\(name) must be at least 1, found \(n)") }
        case .uniform(let low, let high):
            guard low > 0, high >= low else {
                throw SizingError(field, "\(name): a uniform range needs 1 ≤ low ≤ high, found \(low)…\(high)")
            }
        case .normal(let mean, let sd):
            guard mean.isFinite, sd.isFinite, mean >= 1, sd >= 0, mean + 4 * sd <= Double(Self.maximumTokens) else {
                throw SizingError(field, "\(name): a normal distribution needs a mean of at least 1, a standard deviation ≥ 0 and mean + 4 sd "
                                  + "within \(NumberText.grouped(Self.maximumTokens)) tokens, "
                                  + "found mean \(mean), sd \(sd)")
            }
        case .samples(let values):
            guard !values.isEmpty else { throw SizingError(field, "\(name): a list of samples needs at least one sample") }
            guard let bad = values.first(where: { $0 < 1 }) else { return }
            throw SizingError(field, "\(name): every sample must be at least 1, found \(bad)")
        }
    }

    package var description: String {
        switch self {
        case .fixed(let n): return NumberText.grouped(n)
        case .uniform(let low, let high): return "\(NumberText.grouped(low))–\(NumberText.grouped(high))"
        case .normal(let mean, let sd): return "\(NumberText.decimal(mean)) ± \(NumberText.decimal(sd))"
        case .samples(let values): return "\(NumberText.grouped(Int(mean.rounded()))) (mean of \(values.count) samples)"
        }
    }
}

/// How requests reach the deployment.
package enum Arrivals: Sendable, Hashable {
    /// A closed loop: each user sends a request, waits for the whole answer, thinks (exponential,
    /// this mean), and sends the next. Concurrency benchmarks (genai-perf, vLLM's) use think time 0.
    case users(Int, thinkSeconds: Double)
    /// An open Poisson stream of this many requests per second.
    case rate(Double)

    /// Bounds that keep replica counts and simulated times finite: a billion users, a million
    /// requests per second, a day of think time.
    package static let maximumUsers = 1_000_000_000
    package static let maximumRate = 1_000_000.0
    package static let maximumThinkSeconds = 86_400.0

    func validate() throws(SizingError) {
        switch self {
        case .users(let n, let think):
            guard n > 0 else { throw SizingError(.users, "users must be at least 1, found \(n)") }
            guard n <= Arrivals.maximumUsers else {
                throw SizingError(.users, "users must be at most \(NumberText.grouped(Arrivals.maximumUsers)), found \(NumberText.grouped(n))")
            }
            guard think.isFinite, think >= 0, think <= Arrivals.maximumThinkSeconds else {
                throw SizingError(.users, "think time must be between 0 and \(NumberText.grouped(Int(Arrivals.maximumThinkSeconds))) seconds, found \(think)")
            }
        case .rate(let rate):
            guard rate.isFinite, rate > 0, rate <= Arrivals.maximumRate else {
                throw SizingError(.rate, "rate must be more than 0 and at most \(NumberText.grouped(Int(Arrivals.maximumRate))) requests per second, "
                                  + "found \(NumberText.decimal(rate))")
            }
        }
    }

    /// This load spread evenly over `replicas`: the busiest replica's share of users (rounded up), or
    /// the rate ÷ replicas (a random split of a Poisson stream is Poisson).
    package func perReplica(_ replicas: Int) -> Arrivals {
        switch self {
        case .users(let n, let think): return .users((n + replicas - 1) / replicas, thinkSeconds: think)
        case .rate(let rate): return .rate(rate / Double(replicas))
        }
    }

    package var description: String {
        switch self {
        case .users(let n, let think):
            let thinking = think > 0 ? ", \(NumberText.decimal(think)) s think time" : ""
            return NumberText.count(n, "user") + thinking
        case .rate(let rate): return "\(NumberText.decimal(rate)) requests/s (Poisson)"
        }
    }
}
