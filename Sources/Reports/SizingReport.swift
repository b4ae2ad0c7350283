import Basics
import Sizing

/// A per-project sizing report as data: what the project asked for, what the engine computed for it,
/// what we recommend, and every catalog and price entry the figures rest on.
///
/// This file owns the report's shape and its JSON field names (`snake_case`, sorted on output). It
/// never computes a figure: `SizingReport+Building.swift` fills it by calling the Sizing engine, and
/// the writers (`+Markdown`, `+HTML`, `+JSON`) only present it.
package struct SizingReport: Sendable, Encodable {
    /// The file name the outputs share (`NAME.html`, `NAME.md`, `NAME.json`): a slug of the project
    /// file's base name, so a folder of projects can never produce two reports with one name.
    package var slug: String
    package var project: ProjectSummary
    /// The deployment's memory, the engine's own breakdown: the same keys and numbers as
    /// `infrabook size --format json`.
    package var memory: Sizing.MemoryBreakdown
    /// One option per candidate GPU, in the order the project lists them.
    package var options: [Option]
    package var recommendation: Recommendation
    /// Plain-sentence findings a reader must not miss (no hardware meets a target, a GPU has no price).
    package var findings: [String]
    package var whatIfs: WhatIfs
    /// Buy versus rent for the recommended option; nil when no system or purchase price covers it.
    package var buyVersusRent: BuyVersusRent?
    /// Memory per GPU as the user count varies, one curve per option, at that option's split.
    package var memoryCurves: [MemoryCurve]
    package var assumptions: [Assumption]
    /// The prices file's `as_of` date; nil when no prices were loaded.
    package var pricesAsOf: String?
    /// The deployment under the project's `workload`, simulated; nil when the project gives none.
    package var serving: Serving?
    /// The catalog's display name of each model, GPU and system id the report names, so text and
    /// tables say "NVIDIA H100 SXM 80GB" while JSON fields keep the ids a reader types.
    package var displayNames: [String: String]

    package init(slug: String, project: ProjectSummary, memory: Sizing.MemoryBreakdown, options: [Option],
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
    package func name(_ id: String) -> String { displayNames[id] ?? id }

    /// Each candidate GPU's cheapest layout under the workload, the one chosen, and the chosen
    /// layout's load curve with the load at which its throughput stops following the load.
    package struct Serving: Sendable, Encodable {
        /// The engine's workload; JSON writes its one text form, "2,000 in / 500 out, 50 users".
        package var workload: Workload
        /// The engine's targets under load; nil without them. JSON writes them in words (`targetsText`).
        package var targets: ServingTargets?
        /// The engine's own options, one per candidate GPU: its layout, simulated figures and priced cost.
        /// JSON writes each in the report's flat shape (`ServingOptionKeys`).
        package var options: [DeploymentOption]
        /// The GPU of the cheapest option that fits and meets the targets; nil when none does.
        package var chosen: String?
        /// "users" or "requests/s".
        package var loadUnit: String
        /// The engine's own points of the load curve.
        package var loadCurve: [ServingLoadCurve.Point]
        /// The first load on the curve where throughput stops following the load; nil when it never does.
        package var saturationLoad: Double?

        /// "p99 TTFT ≤ 1,000 ms, p99 TPOT ≤ 40 ms"; nil without targets under load.
        package var targetsText: String? {
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
        package func encode(to encoder: any Encoder) throws {
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
    package struct ProjectSummary: Sendable, Equatable, Encodable {
        package var name: String
        package var description: String?
        package var notes: String?
        /// The project file as the user named it.
        package var file: String
        package var model: String
        package var precision: String
        package var kvPrecision: String
        package var users: Int
        package var contextTokens: Int
        package var promptTokens: Int
        package var outputTokens: Int
        package var targets: ProjectFile.Targets
        package var budgetUSDPerMonth: Double?
        package var hardware: [String]
        package var pricing: String
        package var utilization: Double
    }

    /// One candidate GPU: the engine's own option (its split, memory, speed and priced cost) beside the
    /// report's judgement of it against the project's targets, budget and the age of its price.
    package struct Option: Sendable, Encodable {
        /// The engine's option for this GPU, as `infrabook size` plans and prices it.
        package var deployment: DeploymentOption
        package var meetsTargets: Bool
        /// The names of the targets this option misses (`memory`, `ttft_seconds`,
        /// `tokens_per_second_per_user`), empty when it meets them all.
        package var failedTargets: [String]
        /// Nil when the project has no budget or the option has no price.
        package var withinBudget: Bool?
        /// The date of the hourly price used; nil without a price or a date.
        package var priceDate: String?
        /// That date's age on the build's day and whether it passes the stale limit; nil also without a build day.
        package var priceAge: PriceAge?

        /// An option the report has not judged yet: it meets nothing and fails nothing until `judge` says.
        package init(deployment: DeploymentOption, priceDate: String?, priceAge: PriceAge?) {
            self.deployment = deployment
            meetsTargets = false
            failedTargets = []
            withinBudget = nil
            self.priceDate = priceDate
            self.priceAge = priceAge
        }

        /// The engine's priced cost, for an option that fits: a report prices only what can run.
        /// Nil also when the prices file has no figure for this GPU at the project's tier.
        package var cost: DeploymentCost? { deployment.fits ? deployment.cost : nil }

        private enum CodingKeys: String, CodingKey {
            case gpu, gpus, nodes, tensorParallel, pipelineParallel, expertParallel, fits, memoryPerGPUBytes, headroomBytes,
                 decodeTokensPerSecondPerUser, aggregateTokensPerSecond, ttftSeconds, meetsTargets, failedTargets, costPerHourUSD,
                 costPerMonthUSD, costPerMillionTokensUSD, withinBudget, priceDate, priceAgeDays, priceStale
        }

        /// The engine's figures flat beside the judgement; absent figures are written as `null`, not left
        /// out, as `size --format json` writes them.
        package func encode(to encoder: any Encoder) throws {
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
    package struct Recommendation: Sendable, Equatable, Encodable {
        package enum Kind: String, Sendable, Encodable {
            /// `gpu` is the cheapest option meeting every target (and the budget, when one meets it).
            case meetsTargets = "meets_targets"
            /// No option meets every target; `gpu` is the nearest miss.
            case nearestMiss = "nearest_miss"
            /// No candidate GPU can even hold the model.
            case nothingFits = "nothing_fits"
        }

        package var kind: Kind
        /// The recommended or nearest option's GPU id; nil when nothing fits.
        package var gpu: String?
        /// One or two sentences a person can act on.
        package var summary: String
        /// Changes tried on the nearest miss, each recomputed by the engine.
        package var fixes: [Fix]
    }

    /// One change to the deployment and what the engine says it gives.
    package struct Fix: Sendable, Equatable, Encodable {
        /// `precision`, `gpus`, `context` or `users`.
        package var change: String
        /// What was tried, in words (`int4 instead of fp8`).
        package var description: String
        package var meetsTargets: Bool
        package var failedTargets: [String]
        package var costPerMonthUSD: Double?
    }

    /// The same deployment with one input changed.
    package struct WhatIfs: Sendable, Encodable {
        package var precisions: [Scenario]
        package var users: [Scenario]
    }

    /// One what-if: the changed input, the engine's memory for it and the best option it finds.
    package struct Scenario: Sendable, Encodable {
        /// `precision fp8`, `users 100`.
        package var label: String
        package var precision: String
        package var users: Int
        /// The whole deployment's memory, the engine's own breakdown; JSON writes its total.
        package var memory: Sizing.MemoryBreakdown
        /// The cheapest option meeting every target, else the cheapest that fits; nil when none fits.
        package var best: Option?

        private enum CodingKeys: String, CodingKey {
            case label, precision, users, totalBytes, gpu, gpus, meetsTargets, decodeTokensPerSecondPerUser, ttftSeconds, costPerMonthUSD
        }

        /// The best option's figures sit beside the inputs; without one, only `meets_targets` (false) is written.
        package func encode(to encoder: any Encoder) throws {
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
    package struct BuyVersusRent: Sendable, Equatable, Encodable {
        package var system: String
        /// GPUs in the nodes bought (a deployment may use fewer).
        package var gpusBought: Int
        /// The cost engine's comparison for the project's utilization and tier.
        package var comparison: Sizing.BuyVersusRent
        /// Breakeven at other utilizations, to show how strongly it depends on that assumption.
        package var breakevenByUtilization: [UtilizationPoint]

        package var nodes: Int { comparison.scenario.nodes }
        package var utilization: Double { comparison.scenario.utilization }
        package var capitalUSD: Double { comparison.capitalUSD }
        package var monthlyOperatingUSD: Double { comparison.monthlyOperatingUSD }
        package var monthlyCloudUSD: Double { comparison.monthlyCloudUSD }
        /// Months until owning has cost less than renting; nil when renting stays cheaper.
        package var breakevenMonths: Double? { comparison.breakevenMonths }

        private enum CodingKeys: String, CodingKey {
            case system, nodes, gpusBought, utilization, capitalUSD, monthlyOperatingUSD, monthlyCloudUSD, breakevenMonths,
                 breakevenByUtilization
        }

        /// A breakeven that never comes is written as `null`, not left out.
        package func encode(to encoder: any Encoder) throws {
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

    package struct UtilizationPoint: Sendable, Equatable, Encodable {
        package var utilization: Double
        /// Nil (`null` in JSON) when owning never pays back at this utilization.
        package var breakevenMonths: Double?

        private enum CodingKeys: String, CodingKey { case utilization, breakevenMonths }

        package func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(utilization, forKey: .utilization)
            try out.encode(breakevenMonths, forKey: .breakevenMonths)
        }
    }

    /// Memory per GPU of one option as users vary, beside what one GPU holds.
    package struct MemoryCurve: Sendable, Encodable {
        /// The engine's option whose split every point keeps; JSON writes its GPU, GPU count and capacity.
        package var option: DeploymentOption
        package var points: [UsersPoint]

        private enum CodingKeys: String, CodingKey { case gpu, gpus, capacityBytes, points }

        package func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: CodingKeys.self)
            try out.encode(option.gpu.id, forKey: .gpu)
            try out.encode(option.gpuCount, forKey: .gpus)
            try out.encode(option.capacityPerGPUBytes, forKey: .capacityBytes)
            try out.encode(points, forKey: .points)
        }
    }

    package struct UsersPoint: Sendable, Equatable, Encodable {
        package var users: Int
        package var memoryPerGPUBytes: Int
    }

    /// One catalog or price entry the report used, with where it came from.
    package struct Assumption: Sendable, Equatable, Encodable {
        /// `model`, `precision`, `gpu`, `system`, `gpu_price`, `system_price`, `operations`, `engine`.
        package var kind: String
        package var id: String
        /// The figure or fact taken from it, in words.
        package var detail: String
        package var source: String
        package var date: String?
        /// For a dated entry, its age in days on the build's day and whether it is stale (`PriceAge`).
        package var ageDays: Int? = nil
        package var stale: Bool? = nil
    }
}
