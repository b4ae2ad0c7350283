import Basics
import Foundation
import Catalog
import ModelFiles
import Sizing

/// The report's only door into the Sizing engine and the cost model: it turns a project's
/// deployment into `SizingRequest`s, calls `SizingEngine.plan`, prices options with
/// `DeploymentCost` and compares owning with renting through `BuyVersusRent`, and hands the
/// engine's own values to the report. It holds no formula of its own, so every figure in a report
/// is the figure `infrabook size` gives for the same inputs.
struct ReportEngine {
    /// What varies between the planned deployment, the what-ifs and the fixes.
    struct Deployment: Sendable, Equatable {
        var precision: String
        var kvPrecision: String
        var users: Int
        var contextTokens: Int
        var promptTokens: Int
    }

    let project: ProjectFile
    let catalog: DataCatalog
    let prices: PriceList?
    /// The build's day, `YYYY-MM-DD`, that prices' ages count to; nil leaves ages out.
    let today: String?
    let tier: PricingTier
    let model: ModelSpec
    let gpus: [GPUSpec]
    let assumptions = EngineAssumptions.standard
    let plannedDeployment: Deployment
    /// Caveats the engine gave for the planned deployment (emulated precisions, PCIe all-reduces).
    private(set) var warnings: [String] = []

    init(project: ProjectFile, catalog: DataCatalog, prices: PriceList?, today: String?) throws(Diagnostics) {
        self.project = project
        self.catalog = catalog
        self.prices = prices
        self.today = today
        tier = project.pricing
        do throws(Diagnostic) {
            // A path in a project file is relative to the project file's folder.
            let at = project.location(of: "model")
            model = try ModelSource.resolve(project.model, catalog: catalog, folders: [(at.file as NSString).deletingLastPathComponent], at: at)
            gpus = try project.hardware.isEmpty
                ? catalog.gpus
                : project.hardware.enumerated().map { index, id throws(Diagnostic) in
                    try catalog.requireGPU(id, at: project.location(of: "hardware.\(index)"))
                }
        } catch {
            throw Diagnostics(error)
        }
        plannedDeployment = Deployment(
            precision: project.precision, kvPrecision: project.kvPrecision ?? SizingInputs.defaultKVPrecision,
            users: project.users, contextTokens: project.contextTokens, promptTokens: project.promptTokens)
        let plan = try self.plan(plannedDeployment, gpus: gpus)
        // Missing prices get their own finding in words; the engine's "no cost:" caveats would repeat it.
        warnings = plan.warnings + plan.options.flatMap { option in
            option.warnings.filter { !$0.hasPrefix("no cost:") }.map { $0.contains(option.gpu.name) ? $0 : "\(option.gpu.name): \($0)" }
        }
    }

    var gpuIDs: [String] { gpus.map(\.id) }
    var pricesAsOf: String? { prices?.asOf }

    // MARK: - Engine calls

    /// The engine's plan, its refusals turned into diagnostics at the project key they concern.
    func plan(_ deployment: Deployment, gpus: [GPUSpec]) throws(Diagnostics) -> SizingPlan {
        do throws(Diagnostic) {
            let precision = try catalog.requirePrecision(deployment.precision, at: project.location(of: "precision"))
            let kvPrecision = try catalog.requirePrecision(deployment.kvPrecision, at: project.location(of: "kv_precision"))
            let request = SizingRequest(model: model, precision: precision, kvPrecision: kvPrecision, users: deployment.users,
                                        contextTokens: deployment.contextTokens, promptTokens: deployment.promptTokens, gpus: gpus)
            do {
                let plan = try SizingEngine.plan(request, catalog: catalog, assumptions: assumptions)
                return prices.map { plan.priced(with: $0, tier: tier) } ?? plan
            } catch {
                let key = error.field == .kvPrecision && project.kvPrecision == nil ? "precision" : error.field.rawValue
                throw Diagnostic.error(at: project.location(of: key), error.message)
            }
        } catch {
            throw Diagnostics(error)
        }
    }

    /// The whole deployment's memory, as `size` reports it.
    func memory(_ deployment: Deployment) throws(Diagnostics) -> MemoryBreakdown {
        try plan(deployment, gpus: gpus).memory
    }

    /// One option per GPU (all candidates unless `ids` narrows them), the engine's own, priced at the
    /// project's tier, with the date and age of the price an option that fits is costed at.
    /// Targets and budget are not judged here.
    func options(_ deployment: Deployment, gpus ids: [String]? = nil) throws(Diagnostics) -> [SizingReport.Option] {
        let chosen = ids.map { wanted in gpus.filter { wanted.contains($0.id) } } ?? gpus
        return try plan(deployment, gpus: chosen).options.map { option in
            var judged = SizingReport.Option(deployment: option, priceDate: nil, priceAge: nil)
            if judged.cost != nil {
                judged.priceDate = priceDate(option.gpu.id)
                judged.priceAge = age(of: judged.priceDate)
            }
            return judged
        }
    }

    /// The project's workload simulated on every candidate GPU (as `size --input-tokens …` does), the
    /// cheapest fitting option that meets the targets under load, and that option's load curve.
    func serving() throws(Diagnostics) -> SizingReport.Serving? {
        guard let load = project.load else { return nil }
        let plan: SizingPlan
        do throws(Diagnostic) {
            let precision = try catalog.requirePrecision(plannedDeployment.precision, at: project.location(of: "precision"))
            let kvPrecision = try catalog.requirePrecision(plannedDeployment.kvPrecision, at: project.location(of: "kv_precision"))
            do {
                let request = try SizingRequest.serving(
                    model: model, precision: precision, kvPrecision: kvPrecision, gpus: gpus, inputTokens: load.inputTokens,
                    outputTokens: load.outputTokens, users: load.users, rate: load.rate, thinkSeconds: load.thinkSeconds,
                    ttftSeconds: load.ttftSeconds, tpotSeconds: load.tpotSeconds, percentile: load.percentile,
                    requests: load.requests, seed: load.seed)
                let unpriced = try SizingEngine.plan(request, catalog: catalog, assumptions: assumptions)
                plan = prices.map { unpriced.priced(with: $0, tier: tier) } ?? unpriced
            } catch {
                let key = ["input_tokens", "output_tokens", "users", "rate"].contains(error.field.rawValue)
                    ? "workload.\(error.field.rawValue)" : error.field == .targets ? "workload.targets" : "workload"
                throw Diagnostic.error(at: project.location(of: key), error.message)
            }
        } catch {
            throw Diagnostics(error)
        }
        let workload = plan.request.workload!
        let chosen = plan.options.filter { $0.fits && $0.meetsTargets != false }
            .min { ($0.cost?.usdPerHour ?? Double($0.gpuCount), $0.gpuCount) < ($1.cost?.usdPerHour ?? Double($1.gpuCount), $1.gpuCount) }
        var curve: [ServingLoadCurve.Point] = []
        var saturation: Double?
        if let chosen {
            let sweep: (points: [ServingLoadCurve.Point], saturatedAt: Int?)
            do {
                sweep = try ServingLoadCurve.sweep(option: chosen, model: model, precision: plan.request.precision,
                                                   kvPrecision: plan.request.kvPrecision, workload: workload, assumptions: assumptions)
            } catch {
                throw Diagnostics(Diagnostic.error(at: project.location(of: "workload"), error.message))
            }
            curve = sweep.points
            saturation = sweep.saturatedAt.map { sweep.points[$0].load }
        }
        let unit: String
        if case .rate = workload.arrivals { unit = "requests/s" } else { unit = "users" }
        return SizingReport.Serving(workload: workload, targets: plan.request.targets, options: plan.options, chosen: chosen?.gpu.id,
                                    loadUnit: unit, loadCurve: curve, saturationLoad: saturation)
    }

    func hourlyPrice(_ gpu: String) -> Double? { prices?.gpu(gpu)?.usdPerGPUHour(tier) }

    /// The date of a GPU's price at the project's tier; nil when it has no price or no date.
    func priceDate(_ gpu: String) -> String? {
        guard let prices, let entry = prices.gpu(gpu), let quote = entry.tiers[tier] else { return nil }
        return prices.dateOf(quote, entryDate: entry.date, entrySource: entry.source)
    }

    /// A dated price's age on the build's day, by the one rule pages use (`PriceAge`).
    func age(of date: String?) -> PriceAge? {
        guard let date, let today else { return nil }
        return PriceAge(date: date, today: today)
    }

    /// The catalog's display name for an id ("NVIDIA H200 SXM 141GB"), else the id itself.
    func name(_ id: String) -> String { catalog.displayName(id) ?? id }

    /// Display names of the model, every candidate GPU and `systems`, keyed by id.
    func displayNames(systems: [String]) -> [String: String] {
        var names = [project.model: model.name]
        for gpu in gpus { names[gpu.id] = gpu.name }
        for id in systems { names[id] = name(id) }
        return names
    }

    /// Memory on the busiest GPU when `deployment` runs with the same split as `option`; nil when the
    /// option's GPU is not a candidate.
    func memoryPerGPU(_ deployment: Deployment, like option: DeploymentOption) throws(Diagnostics) -> Int? {
        let candidates = gpus.filter { $0.id == option.gpu.id }
        guard !candidates.isEmpty else { return nil }
        let plan = try self.plan(deployment, gpus: candidates)
        guard var parallelism = plan.options.first?.parallelism else { return nil }
        parallelism.tensor = option.parallelism.tensor
        parallelism.pipeline = option.parallelism.pipeline
        parallelism.expert = option.parallelism.expert
        do {
            return try Placement.memoryPerGPU(model: model, precision: plan.request.precision, kvCache: plan.kvCache,
                                              parallelism: parallelism, assumptions: assumptions).totalBytes
        } catch {
            throw Diagnostics(.error(at: project.location(of: error.field.rawValue), error.message))
        }
    }

    var gpuWithMostMemory: String? { gpus.max { $0.capacityBytes < $1.capacityBytes }?.id }

    // MARK: - Precisions to try

    /// Server formats for what-ifs: floating point and plain integer formats of 4 to 16 bits, one per
    /// storage size (catalog order decides, so BF16 stands for 16 bits), plus the planned precision.
    var whatIfPrecisions: [String] {
        var seenBits: [Double] = []
        var out: [String] = []
        for precision in catalog.precisions
        where (precision.kind == .float || precision.kind == .integer) && (4...16).contains(precision.bitsPerWeight) {
            if precision.id == project.precision || !seenBits.contains(precision.bitsPerWeight) {
                seenBits.append(precision.bitsPerWeight)
                out.append(precision.id)
            }
        }
        if !out.contains(project.precision) { out.insert(project.precision, at: 0) }
        return out.sorted { (catalog.precision($0)?.bitsPerWeight ?? 0) > (catalog.precision($1)?.bitsPerWeight ?? 0) }
    }

    /// The what-if precision with the most bits below `precision`'s: the next step of quantization.
    func nextSmallerPrecision(than precision: String) -> String? {
        guard let bits = catalog.precision(precision)?.bitsPerWeight else { return nil }
        return whatIfPrecisions.first { (catalog.precision($0)?.bitsPerWeight ?? bits) < bits }
    }

    // MARK: - Buy versus rent

    /// Buying whole nodes of the system that carries `gpu`, against renting the GPUs the deployment
    /// uses; nil when the catalog has no such system or the prices lack its purchase or hourly price.
    func buyVersusRent(gpu id: String, gpus count: Int) -> SizingReport.BuyVersusRent? {
        guard let gpu = catalog.gpu(id), let system = catalog.system(forGPU: gpu), let prices,
              let purchase = prices.system(system.id), let hourly = hourlyPrice(id) else { return nil }
        let nodes = (count + system.gpusPerNode - 1) / system.gpusPerNode
        let scenario = OwnershipScenario(
            nodes: nodes, gpusPerNode: (count + nodes - 1) / nodes, nodePriceUSD: purchase.priceUSD,
            nodePowerWatts: system.nodePowerWatts, cloudUSDPerGPUHour: hourly, cloudTier: tier,
            utilization: project.utilization, operations: prices.operations)
        let result = Sizing.BuyVersusRent(scenario)
        var levels = [0.25, 0.5, 0.75, 1.0]
        if !levels.contains(project.utilization) { levels.append(project.utilization) }
        return SizingReport.BuyVersusRent(
            system: system.id, gpusBought: nodes * system.gpusPerNode, comparison: result,
            breakevenByUtilization: Sizing.BuyVersusRent.sweep(scenario, utilizations: levels.sorted()).map {
                SizingReport.UtilizationPoint(utilization: $0.utilization, breakevenMonths: $0.months)
            })
    }

    // MARK: - Assumptions

    /// Every catalog and price entry the report's figures rest on, with its source and date.
    func assumptions(options: [SizingReport.Option], buyVersusRent: SizingReport.BuyVersusRent?) -> [SizingReport.Assumption] {
        typealias Entry = SizingReport.Assumption
        var out: [Entry] = []
        out.append(Entry(kind: "model", id: model.id,
                         detail: "\(NumberText.grouped(Double(model.totalParameters), digits: 0)) parameters"
                            + (model.activeParameters == model.totalParameters ? ", "
                                : " (\(NumberText.grouped(Double(model.activeParameters), digits: 0)) active), ")
                            + "\(model.layers) layers, "
                            + "\(model.kvHeads) KV heads of \(model.headDim), maximum context \(NumberText.grouped(Double(model.maxContextTokens), digits: 0))",
                         source: model.source, date: nil))
        var precisionIDs = [plannedDeployment.precision, plannedDeployment.kvPrecision]
        precisionIDs += whatIfPrecisions
        for id in precisionIDs.reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            guard let precision = catalog.precision(id) else { continue }
            out.append(Entry(kind: "precision", id: id, detail: "\(NumberText.grouped(precision.bitsPerWeight, digits: 2)) bits per weight",
                             source: precision.source, date: nil))
        }
        for gpu in gpus {
            out.append(Entry(kind: "gpu", id: gpu.id,
                             detail: "\(NumberText.grouped(Double(gpu.capacityBytes) / 1e9, digits: 1)) GB usable, "
                                + "\(NumberText.grouped(gpu.memoryBandwidthBytesPerSecond / 1e12, digits: 2)) TB/s, \(gpu.interconnect)",
                             source: gpu.source, date: nil))
        }
        var systems = options.compactMap { option in catalog.system(forGPU: option.deployment.gpu) }
        systems = systems.reduce(into: []) { list, system in if !list.contains(where: { $0.id == system.id }) { list.append(system) } }
        for system in systems {
            out.append(Entry(kind: "system", id: system.id,
                             detail: "\(system.gpusPerNode) GPUs per node, \(system.intraNodeLink), \(system.interNodeNetwork), "
                                + "\(NumberText.grouped(system.nodePowerWatts / 1000, digits: 1)) kW",
                             source: system.source, date: nil))
        }
        if let prices {
            for gpu in gpus {
                guard let entry = prices.gpu(gpu.id), let quote = entry.tiers[tier] else { continue }
                out.append(Entry(kind: "gpu_price", id: gpu.id,
                                 detail: "$\(NumberText.grouped(quote.amountUSD, digits: 2)) per GPU-hour, \(tier.title)",
                                 source: sourceText(entry.sourceID(for: tier), in: prices),
                                 date: priceDate(gpu.id)))
            }
            if let buy = buyVersusRent, let purchase = prices.system(buy.system) {
                out.append(Entry(kind: "system_price", id: buy.system,
                                 detail: "$\(NumberText.grouped(purchase.priceUSD, digits: 0)) per node",
                                 source: sourceText(purchase.sourceID, in: prices),
                                 date: prices.dateOf(purchase.quote, entryDate: nil, entrySource: purchase.source)))
                for (key, path) in OperatingAssumptions.keys {
                    let value = prices.operations[keyPath: path]
                    out.append(Entry(kind: "operations", id: key, detail: NumberText.grouped(value.value, digits: 3),
                                     source: value.source.map { sourceText($0, in: prices) } ?? pricesFileText(prices),
                                     date: value.source.flatMap { prices.source($0)?.effectiveDate }))
                }
            }
        }
        let a = assumptions
        let engine = "infrabook engine assumption (Sources/Sizing/EngineAssumptions.swift)"
        out += [
            Entry(kind: "engine", id: "memory_bandwidth_efficiency", detail: NumberText.grouped(a.memoryBandwidthEfficiency, digits: 2), source: engine, date: nil),
            Entry(kind: "engine", id: "compute_efficiency", detail: NumberText.grouped(a.computeEfficiency, digits: 2), source: engine, date: nil),
            Entry(kind: "engine", id: "max_memory_utilization", detail: NumberText.grouped(a.maxMemoryUtilization, digits: 2), source: engine, date: nil),
            Entry(kind: "engine", id: "runtime_overhead_bytes_per_gpu", detail: NumberText.grouped(Double(a.runtimeOverheadBytesPerGPU), digits: 0), source: engine, date: nil),
            Entry(kind: "engine", id: "hours_per_month", detail: NumberText.grouped(DeploymentCost.hoursPerMonth, digits: 0), source: "infrabook cost model (Sources/Sizing/Cost/DeploymentCost.swift)", date: nil),
        ]
        // Every dated entry (prices and the sources of operating figures) carries its age on the build's day.
        for index in out.indices {
            guard let age = age(of: out[index].date) else { continue }
            out[index].ageDays = age.days
            out[index].stale = age.isStale
        }
        return out
    }

    /// The prices file named by its file name alone: a report must read the same wherever the
    /// repository is checked out.
    private func pricesFileText(_ prices: PriceList) -> String {
        "prices file \(prices.file.split(separator: "/").last.map(String.init) ?? prices.file) (as of \(prices.asOf))"
    }

    /// `title (url)` of a price source, or its id when the file does not list it.
    private func sourceText(_ id: String?, in prices: PriceList) -> String {
        guard let id else { return pricesFileText(prices) }
        guard let source = prices.source(id) else { return id }
        return "\(source.title) (\(source.url))"
    }
}
