import Basics
import Sizing

/// A per-project sizing report as data: what the project asked for, what the engine computed for it,
/// what we recommend, and every catalog and price entry the figures rest on.
///
/// This file owns the report's shape and its JSON field names (`snake_case`, sorted on output). It
/// never computes a figure: `SizingReport+Building.swift` fills it by calling the Sizing engine, and
/// the writers (`+Markdown`, `+HTML`, `+JSON`) only present it.
public struct SizingReport: Sendable, Encodable {
    /// The file name the outputs share (`NAME.html`, `NAME.md`, `NAME.json`): a slug of the project
    /// file's base name, so a folder of projects can never produce two reports with one name.
    public var slug: String
    public var project: ProjectSummary
    /// The deployment's memory, the engine's own breakdown: the same keys and numbers as
    /// `infrabook size --format json`.
    public var memory: Sizing.MemoryBreakdown
    /// One option per candidate GPU, in the order the project lists them.
    public var options: [Option]
    public var recommendation: Recommendation
    /// Plain-sentence findings a reader must not miss (no hardware meets a target, a GPU has no price).
    public var findings: [String]
    public var whatIfs: WhatIfs
    /// Buy versus rent for the recommended option; nil when no system or purchase price covers it.
    public var buyVersusRent: BuyVersusRent?
    /// Memory per GPU as the user count varies, one curve per option, at that option's split.
    public var memoryCurves: [MemoryCurve]
    public var assumptions: [Assumption]
    /// The prices file's `as_of` date; nil when no prices were loaded.
    public var pricesAsOf: String?
    /// The deployment under the project's `workload`, simulated; nil when the project gives none.
    public var serving: Serving?
    /// The catalog's display name of each model, GPU and system id the report names, so text and
    /// tables say "NVIDIA H100 SXM 80GB" while JSON fields keep the ids a reader types.
    public var displayNames: [String: String]

    public init(slug: String, project: ProjectSummary, memory: Sizing.MemoryBreakdown, options: [Option],
                recommendation: Recommendation, findings: [String], whatIfs: WhatIfs, buyVersusRent: BuyVersusRent?,
                memoryCurves: [MemoryCurve], assumptions: [Assumption], pricesAsOf: String?, serving: Serving? = nil,
                displayNames: [String: String] = [:]) {
        self.slug = slug
        self.project = project
        self.memory = memory
        self.options = options
        self.recommendation = recommendation
        self.findings = findings
        self.whatIfs = whatIfs
        self.buyVersusRent = buyVersusRent
        self.memoryCurves = memoryCurves
        self.assumptions = assumptions
        self.pricesAsOf = pricesAsOf
        self.serving = serving
        self.displayNames = displayNames
    }

    /// The display name of a model, GPU or system id, or the id when the catalog has no name for it.
    public func name(_ id: String) -> String { displayNames[id] ?? id }

    /// Each candidate GPU's cheapest layout under the workload, the one chosen, and the chosen
    /// layout's load curve with the load at which its throughput stops following the load.
    public struct Serving: Sendable, Encodable {
        /// The engine's workload; JSON writes its one text form, "2,000 in / 500 out, 50 users".
        public var workload: Workload
        /// The engine's targets under load; nil without them. JSON writes them in words (`targetsText`).
        public var targets: ServingTargets?
        /// The engine's own options, one per candidate GPU: its layout, simulated figures and priced cost.
        /// JSON writes each in the report's flat shape (`ServingOptionKeys`).
        public var options: [DeploymentOption]
        /// The GPU of the cheapest option that fits and meets the targets; nil when none does.
        public var chosen: String?
        /// "users" or "requests/s".
        public var loadUnit: String
        /// The engine's own points of the load curve.
        public var loadCurve: [ServingLoadCurve.Point]
        /// The first load on the curve where throughput stops following the load; nil when it never does.
        public var saturationLoad: Double?

        /// "p99 TTFT ≤ 1,000 ms, p99 TPOT ≤ 40 ms"; nil without targets under load.
        public var targetsText: String? {
            targets.map { t in
                [t.ttftSeconds.map { "p\(t.percentile) TTFT ≤ \(NumberText.grouped($0 * 1000, digits: 0)) ms" },
                 t.tpotSeconds.map { "p\(t.percentile) TPOT ≤ \(NumberText.grouped($0 * 1000, digits: 0)) ms" }]
                    .compactMap { $0 }.joined(separator: ", ")
            }
        }

        private enum CodingKeys: String, CodingKey {
            case workload, targets, options, chosen, loadUnit, loadCurve, saturationLoad
        }

        /// The workload and targets as text, as a reader of the JSON sees them elsewhere in the report.
        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(workload.description, forKey: .workload)
            try out.encodeIfPresent(targetsText, forKey: .targets)
            var list = out.nestedUnkeyedContainer(forKey: .options)
            for option in options {
                var entry = list.nestedContainer(keyedBy: ServingOptionKeys.self)
                try entry.encode(option.gpu.id, forKey: .gpu)
                try entry.encode(option.layoutDescription, forKey: .layout)
                try entry.encode(option.gpuCount, forKey: .gpus)
                try entry.encode(option.fits, forKey: .fits)
                // The engine leaves `serving` nil for an option that does not fit, so its figures are left out.
                try entry.encodeIfPresent(option.serving?.outputTokensPerSecond, forKey: .outputTokensPerSecond)
                try entry.encodeIfPresent(option.serving?.requestsPerSecond, forKey: .requestsPerSecond)
                try entry.encodeIfPresent(option.serving?.ttftSeconds.p50, forKey: .ttftP50Seconds)
                try entry.encodeIfPresent(option.serving?.ttftSeconds.p99, forKey: .ttftP99Seconds)
                try entry.encodeIfPresent(option.serving?.tpotSeconds.p50, forKey: .tpotP50Seconds)
                try entry.encodeIfPresent(option.serving?.tpotSeconds.p99, forKey: .tpotP99Seconds)
                try entry.encodeIfPresent(option.meetsTargets, forKey: .meetsTargets)
                try entry.encodeIfPresent(option.cost?.usdPerHour, forKey: .costPerHourUSD)
                try entry.encodeIfPresent(option.cost?.usdPerMillionTokens, forKey: .costPerMillionTokensUSD)
            }
            try out.encodeIfPresent(chosen, forKey: .chosen)
            try out.encode(loadUnit, forKey: .loadUnit)
            try out.encode(loadCurve, forKey: .loadCurve)
            try out.encodeIfPresent(saturationLoad, forKey: .saturationLoad)
        }
    }

    /// The JSON keys of one option under load (`gpu`, `layout` as "3 × (TP 2)", the simulated
    /// throughputs and latencies, `meets_targets`, the hourly and per-million-token cost).
    enum ServingOptionKeys: String, CodingKey {
        case gpu, layout, gpus, fits, outputTokensPerSecond, requestsPerSecond, ttftP50Seconds, ttftP99Seconds, tpotP50Seconds,
             tpotP99Seconds, meetsTargets, costPerHourUSD, costPerMillionTokensUSD
    }

    /// The project's inputs as the report used them (defaults filled in).
    public struct ProjectSummary: Sendable, Equatable, Encodable {
        public var name: String
        public var description: String?
        public var notes: String?
        /// The project file as the user named it.
        public var file: String
        public var model: String
        public var precision: String
        public var kvPrecision: String
        public var users: Int
        public var contextTokens: Int
        public var promptTokens: Int
        public var outputTokens: Int
        public var targets: ProjectFile.Targets
        public var budgetUSDPerMonth: Double?
        public var hardware: [String]
        public var pricing: String
        public var utilization: Double
    }

    /// One candidate GPU: the engine's own option (its split, memory, speed and priced cost) beside the
    /// report's judgement of it against the project's targets, budget and the age of its price.
    public struct Option: Sendable, Encodable {
        /// The engine's option for this GPU, as `infrabook size` plans and prices it.
        public var deployment: DeploymentOption
        public var meetsTargets: Bool
        /// The names of the targets this option misses (`memory`, `ttft_seconds`,
        /// `tokens_per_second_per_user`), empty when it meets them all.
        public var failedTargets: [String]
        /// Nil when the project has no budget or the option has no price.
        public var withinBudget: Bool?
        /// The date of the hourly price used; nil without a price or a date.
        public var priceDate: String?
        /// That date's age on the build's day and whether it passes the stale limit; nil also without a build day.
        public var priceAge: PriceAge?

        /// An option the report has not judged yet: it meets nothing and fails nothing until `judge` says.
        public init(deployment: DeploymentOption, priceDate: String?, priceAge: PriceAge?) {
            self.deployment = deployment
            meetsTargets = false
            failedTargets = []
            withinBudget = nil
            self.priceDate = priceDate
            self.priceAge = priceAge
        }

        /// The engine's priced cost, for an option that fits: a report prices only what can run.
        /// Nil also when the prices file has no figure for this GPU at the project's tier.
        public var cost: DeploymentCost? { deployment.fits ? deployment.cost : nil }

        private enum CodingKeys: String, CodingKey {
            case gpu, gpus, nodes, tensorParallel, pipelineParallel, expertParallel, fits, memoryPerGPUBytes, headroomBytes,
                 decodeTokensPerSecondPerUser, aggregateTokensPerSecond, ttftSeconds, meetsTargets, failedTargets, costPerHourUSD,
                 costPerMonthUSD, costPerMillionTokensUSD, withinBudget, priceDate, priceAgeDays, priceStale
        }

        /// The engine's figures flat beside the judgement; absent figures are written as `null`, not left
        /// out, as `size --format json` writes them.
        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            let option = deployment
            try out.encode(option.gpu.id, forKey: .gpu)
            try out.encode(option.gpuCount, forKey: .gpus)
            try out.encode(option.nodes, forKey: .nodes)
            try out.encode(option.parallelism.tensor, forKey: .tensorParallel)
            try out.encode(option.parallelism.pipeline, forKey: .pipelineParallel)
            try out.encode(option.parallelism.expert, forKey: .expertParallel)
            try out.encode(option.fits, forKey: .fits)
            try out.encode(option.memoryPerGPU.totalBytes, forKey: .memoryPerGPUBytes)
            try out.encode(option.headroomBytes, forKey: .headroomBytes)
            try out.encode(option.performance.decodeTokensPerSecondPerUser, forKey: .decodeTokensPerSecondPerUser)
            try out.encode(option.performance.aggregateTokensPerSecond, forKey: .aggregateTokensPerSecond)
            try out.encode(option.performance.timeToFirstTokenSeconds, forKey: .ttftSeconds)
            try out.encode(meetsTargets, forKey: .meetsTargets)
            try out.encode(failedTargets, forKey: .failedTargets)
            try out.encode(cost?.usdPerHour, forKey: .costPerHourUSD)
            try out.encode(cost?.usdPerMonth, forKey: .costPerMonthUSD)
            try out.encode(cost?.usdPerMillionTokens, forKey: .costPerMillionTokensUSD)
            try out.encode(withinBudget, forKey: .withinBudget)
            try out.encode(priceDate, forKey: .priceDate)
            try out.encode(priceAge?.days, forKey: .priceAgeDays)
            try out.encode(priceAge?.isStale, forKey: .priceStale)
        }
    }

    /// What to run, or, when nothing meets the targets, the nearest miss and what would fix it.
    public struct Recommendation: Sendable, Equatable, Encodable {
        public enum Kind: String, Sendable, Encodable {
            /// `gpu` is the cheapest option meeting every target (and the budget, when one meets it).
            case meetsTargets = "meets_targets"
            /// No option meets every target; `gpu` is the nearest miss.
            case nearestMiss = "nearest_miss"
            /// No candidate GPU can even hold the model.
            case nothingFits = "nothing_fits"
        }

        public var kind: Kind
        /// The recommended or nearest option's GPU id; nil when nothing fits.
        public var gpu: String?
        /// One or two sentences a person can act on.
        public var summary: String
        /// Changes tried on the nearest miss, each recomputed by the engine.
        public var fixes: [Fix]
    }

    /// One change to the deployment and what the engine says it gives.
    public struct Fix: Sendable, Equatable, Encodable {
        /// `precision`, `gpus`, `context` or `users`.
        public var change: String
        /// What was tried, in words (`int4 instead of fp8`).
        public var description: String
        public var meetsTargets: Bool
        public var failedTargets: [String]
        public var costPerMonthUSD: Double?
    }

    /// The same deployment with one input changed.
    public struct WhatIfs: Sendable, Encodable {
        public var precisions: [Scenario]
        public var users: [Scenario]
    }

    /// One what-if: the changed input, the engine's memory for it and the best option it finds.
    public struct Scenario: Sendable, Encodable {
        /// `precision fp8`, `users 100`.
        public var label: String
        public var precision: String
        public var users: Int
        /// The whole deployment's memory, the engine's own breakdown; JSON writes its total.
        public var memory: Sizing.MemoryBreakdown
        /// The cheapest option meeting every target, else the cheapest that fits; nil when none fits.
        public var best: Option?

        private enum CodingKeys: String, CodingKey {
            case label, precision, users, totalBytes, gpu, gpus, meetsTargets, decodeTokensPerSecondPerUser, ttftSeconds, costPerMonthUSD
        }

        /// The best option's figures sit beside the inputs; without one, only `meets_targets` (false) is written.
        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(label, forKey: .label)
            try out.encode(precision, forKey: .precision)
            try out.encode(users, forKey: .users)
            try out.encode(memory.totalBytes, forKey: .totalBytes)
            try out.encodeIfPresent(best?.deployment.gpu.id, forKey: .gpu)
            try out.encodeIfPresent(best?.deployment.gpuCount, forKey: .gpus)
            try out.encode(best?.meetsTargets ?? false, forKey: .meetsTargets)
            try out.encodeIfPresent(best?.deployment.performance.decodeTokensPerSecondPerUser, forKey: .decodeTokensPerSecondPerUser)
            try out.encodeIfPresent(best?.deployment.performance.timeToFirstTokenSeconds, forKey: .ttftSeconds)
            try out.encodeIfPresent(best?.cost?.usdPerMonth, forKey: .costPerMonthUSD)
        }
    }

    /// Owning the recommended hardware versus renting it, at the project's utilization: the cost
    /// engine's own comparison, with the system bought and the breakeven at other utilizations.
    public struct BuyVersusRent: Sendable, Equatable, Encodable {
        public var system: String
        /// GPUs in the nodes bought (a deployment may use fewer).
        public var gpusBought: Int
        /// The cost engine's comparison for the project's utilization and tier.
        public var comparison: Sizing.BuyVersusRent
        /// Breakeven at other utilizations, to show how strongly it depends on that assumption.
        public var breakevenByUtilization: [UtilizationPoint]

        public var nodes: Int { comparison.scenario.nodes }
        public var utilization: Double { comparison.scenario.utilization }
        public var capitalUSD: Double { comparison.capitalUSD }
        public var monthlyOperatingUSD: Double { comparison.monthlyOperatingUSD }
        public var monthlyCloudUSD: Double { comparison.monthlyCloudUSD }
        /// Months until owning has cost less than renting; nil when renting stays cheaper.
        public var breakevenMonths: Double? { comparison.breakevenMonths }

        private enum CodingKeys: String, CodingKey {
            case system, nodes, gpusBought, utilization, capitalUSD, monthlyOperatingUSD, monthlyCloudUSD, breakevenMonths,
                 breakevenByUtilization
        }

        /// A breakeven that never comes is written as `null`, not left out.
        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(system, forKey: .system)
            try out.encode(nodes, forKey: .nodes)
            try out.encode(gpusBought, forKey: .gpusBought)
            try out.encode(utilization, forKey: .utilization)
            try out.encode(capitalUSD, forKey: .capitalUSD)
            try out.encode(monthlyOperatingUSD, forKey: .monthlyOperatingUSD)
            try out.encode(monthlyCloudUSD, forKey: .monthlyCloudUSD)
            try out.encode(breakevenMonths, forKey: .breakevenMonths)
            try out.encode(breakevenByUtilization, forKey: .breakevenByUtilization)
        }
    }

    public struct UtilizationPoint: Sendable, Equatable, Encodable {
        public var utilization: Double
        /// Nil (`null` in JSON) when owning never pays back at this utilization.
        public var breakevenMonths: Double?

        private enum CodingKeys: String, CodingKey { case utilization, breakevenMonths }

        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(utilization, forKey: .utilization)
            try out.encode(breakevenMonths, forKey: .breakevenMonths)
        }
    }

    /// Memory per GPU of one option as users vary, beside what one GPU holds.
    public struct MemoryCurve: Sendable, Encodable {
        /// The engine's option whose split every point keeps; JSON writes its GPU, GPU count and capacity.
        public var option: DeploymentOption
        public var points: [UsersPoint]

        private enum CodingKeys: String, CodingKey { case gpu, gpus, capacityBytes, points }

        public func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(option.gpu.id, forKey: .gpu)
            try out.encode(option.gpuCount, forKey: .gpus)
            try out.encode(option.capacityPerGPUBytes, forKey: .capacityBytes)
            try out.encode(points, forKey: .points)
        }
    }

    public struct UsersPoint: Sendable, Equatable, Encodable {
        public var users: Int
        public var memoryPerGPUBytes: Int
    }

    /// One catalog or price entry the report used, with where it came from.
    public struct Assumption: Sendable, Equatable, Encodable {
        /// `model`, `precision`, `gpu`, `system`, `gpu_price`, `system_price`, `operations`, `engine`.
        public var kind: String
        public var id: String
        /// The figure or fact taken from it, in words.
        public var detail: String
        public var source: String
        public var date: String?
        /// For a dated entry, its age in days on the build's day and whether it is stale (`PriceAge`).
        public var ageDays: Int? = nil
        public var stale: Bool? = nil
    }
}
