import Basics
import Catalog
import Sizing

/// Filling a report: every figure comes from `ReportEngine` (a thin adapter over the Sizing engine
/// and cost model); this file only decides what to ask for (the options, the what-ifs, the fixes
/// tried on a near miss) and how to judge the answers against the project's targets and budget.
extension SizingReport {
    /// The report for `project`, computed with the catalog and (when given) the prices, whose ages
    /// count to `today` (`YYYY-MM-DD`, the build's day; nil leaves ages and stale marks out).
    package static func build(project: ProjectFile, file: String, slug: String, catalog: DataCatalog,
                             prices: PriceList?, today: String? = nil) throws(Diagnostics) -> SizingReport {
        let engine = try ReportEngine(project: project, catalog: catalog, prices: prices, today: today)
        let planned = engine.plannedDeployment
        let memory = try engine.memory(planned)
        let options = try engine.options(planned).map { judge($0, project: project) }

        let recommendation = try recommend(options, project: project, engine: engine)
        let whatIfs = try whatIfs(project: project, engine: engine)
        let chosen = options.first { $0.deployment.gpu.id == recommendation.gpu }
        let buy = chosen.flatMap { engine.buyVersusRent(gpu: $0.deployment.gpu.id, gpus: $0.deployment.gpuCount) }
        let curves = try memoryCurves(options, project: project, engine: engine)
        let assumptions = engine.assumptions(options: options, buyVersusRent: buy)

        return SizingReport(
            slug: slug,
            project: ProjectSummary(
                name: project.name, description: project.description, notes: project.notes, file: file,
                model: project.model, precision: project.precision, kvPrecision: planned.kvPrecision,
                users: project.users, contextTokens: project.contextTokens, promptTokens: project.promptTokens,
                outputTokens: project.outputTokens,
                targets: project.targets,
                budgetUSDPerMonth: project.budgetUSDPerMonth, hardware: engine.gpuIDs,
                pricing: project.pricing.rawValue, utilization: project.utilization),
            memory: memory, options: options, recommendation: recommendation,
            findings: findings(options, recommendation: recommendation, project: project, engine: engine)
                + staleFindings(assumptions) + (try engine.speedErrorLines(planned)),
            whatIfs: whatIfs, buyVersusRent: buy, memoryCurves: curves,
            assumptions: assumptions, pricesAsOf: engine.pricesAsOf,
            serving: try engine.serving(), displayNames: engine.displayNames(systems: [buy?.system].compactMap { $0 }))
    }

    // MARK: - Judging

    /// The option with `meetsTargets`, `failedTargets` and `withinBudget` set from the project.
    static func judge(_ option: Option, project: ProjectFile) -> Option {
        var judged = option
        judged.failedTargets = failedTargets(option.deployment, project: project)
        judged.meetsTargets = judged.failedTargets.isEmpty
        if let budget = project.budgetUSDPerMonth, let month = option.cost?.usdPerMonth {
            judged.withinBudget = month <= budget
        }
        return judged
    }

    /// Which of the project's targets the engine's option misses; `memory` when it does not fit at all.
    static func failedTargets(_ option: DeploymentOption, project: ProjectFile) -> [String] {
        guard option.fits else { return ["memory"] }
        let speed = option.performance
        var failed: [String] = []
        if let target = project.targets.ttftSeconds, speed.timeToFirstTokenSeconds > target { failed.append("ttft_seconds") }
        if let target = project.targets.tokensPerSecondPerUser, speed.decodeTokensPerSecondPerUser < target {
            failed.append("tokens_per_second_per_user")
        }
        return failed
    }

    /// How far an option is from meeting every target: 1 when it meets them, above 1 by the worst
    /// ratio of what it reaches to what was asked (a TTFT twice the target scores 2).
    static func shortfall(_ option: Option, project: ProjectFile) -> Double {
        guard option.deployment.fits else { return .infinity }
        let speed = option.deployment.performance
        var worst = 1.0
        if let target = project.targets.ttftSeconds { worst = max(worst, speed.timeToFirstTokenSeconds / target) }
        if let target = project.targets.tokensPerSecondPerUser, speed.decodeTokensPerSecondPerUser > 0 {
            worst = max(worst, target / speed.decodeTokensPerSecondPerUser)
        }
        return worst
    }

    /// Cheapest first; options without a price after every priced one, then by fewer GPUs.
    static func cheaper(_ a: Option, _ b: Option) -> Bool {
        switch (a.cost?.usdPerMonth, b.cost?.usdPerMonth) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return (a.deployment.gpuCount, a.deployment.gpu.id) < (b.deployment.gpuCount, b.deployment.gpu.id)
        }
    }

    // MARK: - Recommendation

    static func recommend(_ options: [Option], project: ProjectFile, engine: ReportEngine) throws(Diagnostics) -> Recommendation {
        if let best = options.filter(\.meetsTargets).sorted(by: cheaper).first {
            let option = best.deployment
            var summary = "Run on \(option.gpuCount) × \(engine.name(option.gpu.id)) (\(option.nodes) node\(option.nodes == 1 ? "" : "s"), "
                + "TP \(option.parallelism.tensor) / PP \(option.parallelism.pipeline) / EP \(option.parallelism.expert)): "
                + (best.cost == nil ? "of the candidates that meet every target, the one with the fewest GPUs"
                                    : "the cheapest candidate that meets every target")
            if let month = best.cost?.usdPerMonth {
                summary += ", at \(ReportText.usd(month)) per month"
                if let within = best.withinBudget {
                    summary += within ? ", within the budget." : ", over the budget of \(ReportText.usd(project.budgetUSDPerMonth ?? 0))."
                } else {
                    summary += "."
                }
            } else {
                summary += "; no price is known for it at this tier, so costs are not compared."
            }
            return Recommendation(kind: .meetsTargets, gpu: option.gpu.id, summary: summary, fixes: [])
        }
        let fitting = options.filter(\.deployment.fits)
        guard let nearest = fitting.min(by: {
            let (a, b) = (shortfall($0, project: project), shortfall($1, project: project))
            return a != b ? a < b : cheaper($0, $1)
        }) else {
            let fixes = try self.fixes(for: nil, project: project, engine: engine)
            return Recommendation(kind: .nothingFits, gpu: nil,
                                  summary: "None of the candidate GPUs can hold this deployment. "
                                    + (fixes.contains(where: \.meetsTargets) ? "The changes below would make it work." : "Try the changes below."),
                                  fixes: fixes)
        }
        let fixes = try self.fixes(for: nearest, project: project, engine: engine)
        let missed = nearest.failedTargets.map(ReportText.target).joined(separator: " and ")
        let option = nearest.deployment
        var summary = "No candidate meets every target. The nearest miss is \(option.gpuCount) × \(engine.name(option.gpu.id)), which misses \(missed)"
        summary += " (\(ReportText.seconds(option.performance.timeToFirstTokenSeconds)) to first token, "
            + "\(ReportText.number(option.performance.decodeTokensPerSecondPerUser)) tokens/s per user)."
        if let fix = fixes.filter(\.meetsTargets).sorted(by: { ($0.costPerMonthUSD ?? .infinity) < ($1.costPerMonthUSD ?? .infinity) }).first {
            summary += " It meets them with: \(fix.description)."
        } else if !fixes.isEmpty {
            summary += " None of the changes tried below is enough on its own."
        }
        return Recommendation(kind: .nearestMiss, gpu: option.gpu.id, summary: summary, fixes: fixes)
    }

    /// The changes tried on a near miss (or, when nothing fits, on the candidate with most memory),
    /// each a full recomputation: a smaller precision, more GPUs as replicas sharing the users, a
    /// shorter context.
    static func fixes(for nearest: Option?, project: ProjectFile, engine: ReportEngine) throws(Diagnostics) -> [Fix] {
        guard let gpu = nearest?.deployment.gpu.id ?? engine.gpuWithMostMemory else { return [] }
        let planned = engine.plannedDeployment
        var tried: [(change: String, description: String, deployment: ReportEngine.Deployment, replicas: Int)] = []
        if let smaller = engine.nextSmallerPrecision(than: project.precision) {
            var deployment = planned
            deployment.precision = smaller
            tried.append(("precision", "weights at \(smaller) instead of \(project.precision)", deployment, 1))
        }
        for replicas in [2, 4] {
            var deployment = planned
            deployment.users = (project.users + replicas - 1) / replicas
            guard deployment.users < project.users || replicas == 2 else { continue }
            tried.append(("gpus", "\(replicas) replicas of \(engine.name(gpu)), each serving \(ReportText.count(deployment.users, "user"))", deployment, replicas))
        }
        let shorter = project.contextTokens / 2
        if shorter >= project.promptTokens + project.outputTokens {
            var deployment = planned
            deployment.contextTokens = shorter
            tried.append(("context", "context of \(ReportText.count(shorter)) tokens instead of \(ReportText.count(project.contextTokens))", deployment, 1))
        }
        var fixes: [Fix] = []
        for attempt in tried {
            guard let option = try engine.options(attempt.deployment, gpus: [gpu]).first else { continue }
            let failed = failedTargets(option.deployment, project: project)
            fixes.append(Fix(change: attempt.change, description: attempt.description, meetsTargets: failed.isEmpty,
                             failedTargets: failed, costPerMonthUSD: option.cost.map { $0.usdPerMonth * Double(attempt.replicas) }))
        }
        return fixes
    }

    // MARK: - What-ifs

    static func whatIfs(project: ProjectFile, engine: ReportEngine) throws(Diagnostics) -> WhatIfs {
        let planned = engine.plannedDeployment
        var precisions: [Scenario] = []
        for precision in engine.whatIfPrecisions {
            var deployment = planned
            deployment.precision = precision
            let label = precision == project.precision ? "weights at \(precision) (as planned)" : "weights at \(precision)"
            precisions.append(try scenario(label, deployment, project: project, engine: engine))
        }
        var users: [Scenario] = []
        for (label, count) in [("twice the users", project.users * 2), ("half the users", max(1, project.users / 2))] {
            var deployment = planned
            deployment.users = count
            users.append(try scenario("\(label): \(ReportText.count(count))", deployment, project: project, engine: engine))
        }
        return WhatIfs(precisions: precisions, users: users)
    }

    static func scenario(_ label: String, _ deployment: ReportEngine.Deployment, project: ProjectFile,
                         engine: ReportEngine) throws(Diagnostics) -> Scenario {
        let memory = try engine.memory(deployment)
        let options = try engine.options(deployment).map { judge($0, project: project) }
        let best = options.filter(\.meetsTargets).sorted(by: cheaper).first ?? options.filter(\.deployment.fits).sorted(by: cheaper).first
        return Scenario(label: label, precision: deployment.precision, users: deployment.users, memory: memory, best: best)
    }

    // MARK: - Charts and findings

    /// Memory per GPU of each fitting option's split at 1/8, 1/4, 1/2, 1, 1.5 and 2 times the users.
    static func memoryCurves(_ options: [Option], project: ProjectFile, engine: ReportEngine) throws(Diagnostics) -> [MemoryCurve] {
        var counts = [0.125, 0.25, 0.5, 1, 1.5, 2].map { max(1, Int((Double(project.users) * $0).rounded())) }
        counts = counts.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        var curves: [MemoryCurve] = []
        for option in options.map(\.deployment) where option.fits {
            var points: [UsersPoint] = []
            for users in counts {
                var deployment = engine.plannedDeployment
                deployment.users = users
                guard let bytes = try engine.memoryPerGPU(deployment, like: option) else { continue }
                points.append(UsersPoint(users: users, memoryPerGPUBytes: bytes))
            }
            curves.append(MemoryCurve(option: option, points: points))
        }
        return curves
    }

    static func findings(_ options: [Option], recommendation: Recommendation, project: ProjectFile, engine: ReportEngine) -> [String] {
        var out: [String] = []
        let fitting = options.map(\.deployment).filter(\.fits)
        if fitting.isEmpty {
            out.append("No candidate GPU can hold the model, its KV cache and runtime memory for \(ReportText.count(project.users)) users.")
        }
        if let target = project.targets.ttftSeconds, !fitting.isEmpty,
           !fitting.contains(where: { $0.performance.timeToFirstTokenSeconds <= target }) {
            let best = fitting.map(\.performance.timeToFirstTokenSeconds).min() ?? 0
            out.append("No candidate reaches the time-to-first-token target of \(ReportText.seconds(target)) for a "
                + "\(ReportText.count(project.promptTokens))-token prompt; the fastest takes \(ReportText.seconds(best)).")
        }
        if let target = project.targets.tokensPerSecondPerUser, !fitting.isEmpty,
           !fitting.contains(where: { $0.performance.decodeTokensPerSecondPerUser >= target }) {
            let best = fitting.map(\.performance.decodeTokensPerSecondPerUser).max() ?? 0
            out.append("No candidate reaches \(ReportText.number(target)) tokens/s per user with \(ReportText.count(project.users, "user")); "
                + "the fastest gives \(ReportText.number(best)).")
        }
        if let budget = project.budgetUSDPerMonth {
            let meeting = options.filter(\.meetsTargets)
            if !meeting.isEmpty, meeting.allSatisfy({ $0.withinBudget == false }) {
                out.append("Every option that meets the targets costs more than the budget of \(ReportText.usd(budget)) per month.")
            }
        }
        let unpriced = options.filter { $0.deployment.fits && $0.cost == nil }.map { engine.name($0.deployment.gpu.id) }
        if engine.pricesAsOf == nil {
            out.append("No prices file was loaded, so the report shows no costs and no buy-versus-rent comparison.")
        } else if !unpriced.isEmpty {
            out.append("No \(project.pricing.title) price is known for "
                + unpriced.joined(separator: ", ") + "; "
                + (unpriced.count == 1 ? "it is" : "they are") + " compared on speed and memory only.")
        }
        out += engine.warnings
        return out
    }

    /// One finding naming every stale price the report used, worded as pages word a price's date.
    static func staleFindings(_ assumptions: [Assumption]) -> [String] {
        let stale = assumptions.filter { $0.stale == true }.compactMap { entry -> String? in
            guard let date = entry.date, let days = entry.ageDays else { return nil }
            return "\(entry.kind.replacingOccurrences(of: "_", with: " ")) \(entry.id) dated \(PriceAge(date: date, days: days).text)"
        }
        guard !stale.isEmpty else { return [] }
        return ["Some figures rest on stale prices, older than \(ReportText.count(PriceList.defaultMaxAgeDays, "day")): "
            + stale.joined(separator: "; ") + ". Check them before relying on the costs."]
    }
}
