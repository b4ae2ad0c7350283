/// A discrete-event simulation of one replica's continuous-batching scheduler over a seeded stream
/// of requests.
///
/// Each step, as vLLM's scheduler does: running requests first, in the order they were admitted
/// (one decode token each, or the next chunk of a prompt still being read), then waiting requests in
/// arrival order, while the step's token budget (`prefillChunkTokens`), the request limit
/// (`maxRunningRequests`) and the free KV cache allow. When the cache cannot hold the next tokens of
/// the running requests, the last admitted is preempted: its cache is dropped and it waits at the
/// head of the queue to recompute prompt and answer so far. A step's time comes from `StepModel`.
/// Pure and deterministic for a workload's seed; it never reads a clock.
package enum ServingSimulator {
    private struct Request {
        var arrival: Double
        var input: Int
        var output: Int
        /// Tokens to (re)compute before the next token comes out: the prompt, or after a preemption
        /// the prompt and the answer so far.
        var prefillTarget: Int
        var cached = 0
        var generated = 0
        var started: Double?
        var firstToken: Double?
        var finish: Double?
        var user: Int

        var prefilling: Bool { cached < prefillTarget }
    }

    /// When the measured requests arrived, had their first token and finished, and the window whose
    /// output the throughput counts: what calibration needs to replay a run under other constants.
    package struct Timeline: Sendable {
        package var requests: [(arrival: Double, firstToken: Double, finish: Double, output: Int)]
        package var window: (start: Double, end: Double)
        /// Output tokens of the steps inside the window.
        package var windowOutputTokens: Int
    }

    /// Simulates `workload` (its arrivals already one replica's share) on the replica that `step` times.
    /// `observe`, when given, sees every step's time in order, and `timeline` the measured requests' times
    /// at the end (calibration replays them under other constants).
    package static func run(_ workload: Workload, step: StepModel, targets: ServingTargets? = nil,
                           observe: ((StepModel.Time) -> Void)? = nil, timeline: ((Timeline) -> Void)? = nil) -> ServingResult {
        let assumptions = step.assumptions
        let capacity = step.kvCapacityTokens
        var random = SeededRandom(seed: workload.seed)
        var requests: [Request] = []
        requests.reserveCapacity(workload.requests)

        // Arrivals not yet in the queue, as (time, request index); kept sorted by time, then index.
        var pending: [(time: Double, index: Int)] = []
        var pendingHead = 0
        // When the last request was created: a closed loop's window ends there, before its users drain.
        var lastIssued = 0.0
        func issue(at time: Double, user: Int, now: Double) {
            guard requests.count < workload.requests else { return }
            lastIssued = now
            let input = workload.inputTokens.draw(&random)
            let output = workload.outputTokens.draw(&random)
            requests.append(Request(arrival: time, input: input, output: output, prefillTarget: input, user: user))
            let entry = (time: time, index: requests.count - 1)
            // Closed-loop arrivals come in time order but may tie; insertion keeps the array sorted.
            var position = pending.count
            while position > pendingHead, pending[position - 1].time > time { position -= 1 }
            pending.insert(entry, at: position)
        }

        var thinkSeconds = 0.0
        var isClosedLoop = false
        switch workload.arrivals {
        case .users(let users, let think):
            thinkSeconds = think
            isClosedLoop = true
            // With think time, each user starts part-way through a pause (an exponential draw, the
            // pause's steady state), so the run does not open with every user arriving at once; without
            // one, all start together, as concurrency benchmarks do.
            for user in 0..<users { issue(at: think > 0 ? random.nextExponential(mean: think) : 0, user: user, now: 0) }
        case .rate(let rate):
            var time = 0.0
            for _ in 0..<workload.requests {
                time += random.nextExponential(mean: 1 / rate)
                issue(at: time, user: -1, now: 0)
            }
        }

        let warmup = Workload.warmupRequests(workload)
        var waiting: [Int] = []
        var waitingHead = 0
        var preempted: [Int] = []  // served before `waiting`, most recent last
        var running: [Int] = []
        var kvUsed = 0
        var now = 0.0
        var steps = 0
        var preemptions = 0
        var maxRunning = 0
        // Window statistics: from the first measured arrival to the last request's arrival.
        /// Drops the cache of the latest admitted request and queues it to recompute prompt and answer so far.
        func preemptLatest() {
            guard let victim = running.popLast() else { return }
            kvUsed -= requests[victim].cached
            requests[victim].cached = 0
            requests[victim].prefillTarget = requests[victim].input + requests[victim].generated
            preempted.append(victim)
            preemptions += 1
        }
        var scheduled: [(index: Int, tokens: Int)] = []
        var finished: [Int] = []
        var windowStart: Double?
        var windowEnd = Double.infinity
        var windowEndKnown = false
        var busy = 0.0, runningTime = 0.0, kvTime = 0.0, outputTokens = 0, inputTokens = 0

        while true {
            while pendingHead < pending.count, pending[pendingHead].time <= now {
                waiting.append(pending[pendingHead].index)
                pendingHead += 1
            }
            if windowStart == nil, requests.count > warmup { windowStart = requests[warmup].arrival }
            if requests.count == workload.requests, !windowEndKnown, let start = windowStart {
                // The window closes when the last request arrives (an open stream) or is created (a closed
                // loop, whose users stop sending then); a run too short for that measures to the end.
                let last = isClosedLoop ? lastIssued : (requests.map(\.arrival).max() ?? now)
                windowEnd = last > start ? last : .infinity
                windowEndKnown = true
            }
            if running.isEmpty, preempted.isEmpty, waitingHead == waiting.count {
                guard pendingHead < pending.count else { break }
                now = pending[pendingHead].time
                continue
            }

            // Decode tokens of running requests need cache; preempt the latest admitted until they fit.
            var demand = running.reduce(0) { $0 + (requests[$1].prefilling ? 0 : 1) }
            while kvUsed + demand > capacity, let victim = running.last {
                if !requests[victim].prefilling { demand -= 1 }
                preemptLatest()
            }

            var load = StepModel.Load()
            var budget = assumptions.prefillChunkTokens
            var free = capacity - kvUsed
            // Prompt tokens that admitted requests will still need: a new request is admitted only
            // when the cache also holds its whole prompt, as vLLM's block manager checks before it
            // admits one, so prompts in flight never push each other out.
            var promised = 0
            scheduled.removeAll(keepingCapacity: true)
            for index in running {
                let request = requests[index]
                if request.prefilling {
                    let chunk = min(request.prefillTarget - request.cached, budget, free)
                    promised += request.prefillTarget - request.cached - max(chunk, 0)
                    guard chunk > 0 else { continue }
                    load.addPrefill(chunk: chunk, cached: request.cached, step)
                    scheduled.append((index, chunk))
                    budget -= chunk
                    free -= chunk
                } else {
                    load.addDecode(context: request.cached, step)
                    scheduled.append((index, 1))
                    budget -= 1
                    free -= 1
                }
            }
            // Admit new work: preempted requests first (most recent first), then arrivals in order.
            while budget > 0, free > 0, running.count < assumptions.maxRunningRequests {
                let index: Int
                if let last = preempted.last {
                    index = last
                } else if waitingHead < waiting.count {
                    index = waiting[waitingHead]
                } else {
                    break
                }
                let prompt = requests[index].prefillTarget
                guard prompt <= free - promised || running.isEmpty else { break }
                let chunk = min(prompt, budget, free)
                promised += prompt - chunk
                if preempted.isEmpty { waitingHead += 1 } else { preempted.removeLast() }
                if requests[index].started == nil { requests[index].started = now }
                running.append(index)
                load.addPrefill(chunk: chunk, cached: 0, step)
                scheduled.append((index, chunk))
                budget -= chunk
                free -= chunk
            }
            if load.tokens == 0 {
                // Prompts in flight have filled the cache: drop the latest one's cache and try again.
                guard running.count > 1 else { break }
                preemptLatest()
                continue
            }

            let time = step.time(load)
            observe?(time)
            let seconds = time.totalSeconds
            let start = now
            now += seconds
            steps += 1
            maxRunning = max(maxRunning, running.count)
            let inWindow = windowStart.map { start >= $0 && now <= windowEnd } ?? false
            if inWindow {
                busy += seconds
                runningTime += Double(running.count) * seconds
                kvTime += Double(kvUsed) / Double(max(capacity, 1)) * seconds
            }

            finished.removeAll(keepingCapacity: true)
            for (index, tokens) in scheduled {
                kvUsed += tokens
                requests[index].cached += tokens
                // A step that ends a prompt, or decodes, yields one token.
                guard !requests[index].prefilling else { continue }
                requests[index].generated += 1
                if inWindow { outputTokens += 1 }
                if requests[index].firstToken == nil {
                    requests[index].firstToken = now
                    if inWindow { inputTokens += requests[index].input }
                }
                if requests[index].generated >= requests[index].output {
                    requests[index].finish = now
                    finished.append(index)
                }
            }
            if !finished.isEmpty {
                running.removeAll { requests[$0].finish != nil }
                for index in finished.sorted() {
                    kvUsed -= requests[index].cached
                    let user = requests[index].user
                    if user >= 0 {
                        let think = thinkSeconds > 0 ? random.nextExponential(mean: thinkSeconds) : 0
                        issue(at: now + think, user: user, now: now)
                    }
                }
            }
        }

        let window = (start: windowStart ?? 0, end: min(windowEnd, now))
        timeline?(Timeline(requests: requests.dropFirst(warmup).compactMap { request in
            request.finish.map { (request.arrival, request.firstToken!, $0, request.output) }
        }, window: window, windowOutputTokens: outputTokens))
        return summary(requests: requests, warmup: warmup, targets: targets, window: window, requestOverhead: assumptions.requestOverheadSeconds,
                       busy: busy, runningTime: runningTime, kvTime: kvTime, outputTokens: outputTokens, inputTokens: inputTokens,
                       maxRunning: maxRunning, capacity: capacity, preemptions: preemptions, steps: steps)
    }

    /// The run's figures; `requestOverhead`, the latency each request pays outside the steps, is added to
    /// every time to first token and end-to-end latency.
    private static func summary(requests: [Request], warmup: Int, targets: ServingTargets?, window: (start: Double, end: Double), requestOverhead: Double,
                                busy: Double, runningTime: Double, kvTime: Double, outputTokens: Int, inputTokens: Int,
                                maxRunning: Int, capacity: Int, preemptions: Int, steps: Int) -> ServingResult {
        // A finished request's times as its client sees them: the one rule for the figures and the targets.
        func timeToFirstToken(_ request: Request) -> Double { request.firstToken! - request.arrival + requestOverhead }
        func timePerOutputToken(_ request: Request) -> Double? {
            request.output > 1 ? (request.finish! - request.firstToken!) / Double(request.output - 1) : nil
        }
        let measured = requests.dropFirst(warmup).filter { $0.finish != nil }
        var ttft: [Double] = [], tpot: [Double] = [], e2e: [Double] = []
        var queue = 0.0
        for request in measured {
            ttft.append(timeToFirstToken(request))
            e2e.append(request.finish! - request.arrival + requestOverhead)
            if let perToken = timePerOutputToken(request) { tpot.append(perToken) }
            queue += (request.started ?? request.arrival) - request.arrival
        }
        let seconds = max(window.end - window.start, 0)
        let count = Double(max(measured.count, 1))
        func perSecond(_ value: Double) -> Double { seconds > 0 ? value / seconds : 0 }
        let completedInWindow = requests.filter { ($0.finish ?? -1) >= window.start && ($0.finish ?? .infinity) <= window.end }
        let goodInWindow = completedInWindow.filter { targets?.met(ttft: timeToFirstToken($0), tpot: timePerOutputToken($0)) ?? true }
        return ServingResult(
            measuredRequests: measured.count, windowSeconds: seconds,
            outputTokensPerSecond: perSecond(Double(outputTokens)),
            totalTokensPerSecond: perSecond(Double(outputTokens + inputTokens)),
            requestsPerSecond: perSecond(Double(completedInWindow.count)),
            ttftSeconds: Percentiles(of: ttft), tpotSeconds: Percentiles(of: tpot), e2eSeconds: Percentiles(of: e2e),
            meanQueueSeconds: queue / count, meanTTFTSeconds: ttft.reduce(0, +) / count,
            meanTPOTSeconds: tpot.reduce(0, +) / Double(max(tpot.count, 1)),
            busyFraction: seconds > 0 ? min(busy / seconds, 1) : 0,
            meanRunningRequests: perSecond(runningTime), maxRunningRequests: maxRunning, kvCapacityTokens: capacity,
            kvOccupancy: perSecond(kvTime), preemptions: preemptions, goodputRequestsPerSecond: perSecond(Double(goodInWindow.count)),
            steps: steps)
    }
}
