import Catalog

/// The one way front ends (the command line, the `serving` and `frontier` blocks, project files)
/// turn workload inputs into a request, so defaults and the users-or-rate rule live in one place.
extension SizingRequest {
    /// A request to serve `inputTokens`/`outputTokens` per request to `users` (a closed loop, with
    /// `thinkSeconds` between answer and next request) or at `rate` requests per second (Poisson);
    /// one of the two, users 1 when neither is given. The memory breakdown is for `users` requests at
    /// their longest. Targets apply when `ttftSeconds` or `tpotSeconds` is given.
    package static func serving(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, gpus: [GPUSpec],
                               inputTokens: TokenLengths, outputTokens: TokenLengths, users: Int?, rate: Double?,
                               thinkSeconds: Double? = nil, ttftSeconds: Double? = nil, tpotSeconds: Double? = nil,
                               percentile: Int? = nil, requests: Int? = nil, seed: UInt64? = nil,
                               layout: LayoutPin = LayoutPin()) throws(SizingError) -> SizingRequest {
        if users != nil, rate != nil {
            throw SizingError(.rate, "give users (a closed loop) or a rate (Poisson arrivals), not both")
        }
        if rate != nil, thinkSeconds != nil {
            throw SizingError(.rate, "think time belongs to a closed loop of users, not to a Poisson rate")
        }
        let arrivals: Arrivals = rate.map { .rate($0) } ?? .users(users ?? 1, thinkSeconds: thinkSeconds ?? 0)
        let workload = Workload(inputTokens: inputTokens, outputTokens: outputTokens, arrivals: arrivals,
                                requests: requests ?? Workload.defaultRequests, seed: seed ?? Workload.defaultSeed)
        var request = SizingRequest(model: model, precision: precision, kvPrecision: kvPrecision, users: users ?? 1,
                                    contextTokens: workload.maxTokensPerRequest, gpus: gpus)
        request.workload = workload
        request.layout = layout
        if ttftSeconds != nil || tpotSeconds != nil {
            request.targets = ServingTargets(ttftSeconds: ttftSeconds, tpotSeconds: tpotSeconds, percentile: percentile ?? 99)
        }
        return request
    }
}
