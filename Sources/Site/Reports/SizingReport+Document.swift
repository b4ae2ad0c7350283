import Catalog
import Literate
import Reports
import Sizing

/// The report laid out as sections of paragraphs, lists, tables and charts, shared by the HTML and
/// Markdown writers so both always say the same thing. Only words and number formatting live here;
/// every figure comes from the report's data.
struct ReportSection: Sendable {
    enum Block: Sendable {
        case paragraph(String)
        case bullets([String])
        case table(Table)
        case chart(Chart)
    }

    var id: String
    var title: String
    var blocks: [Block]
}

extension SizingReport {
    /// The sections in reading order.
    func sections() -> [ReportSection] {
        var out = [overview(), recommendationSection()]
        if !findings.isEmpty {
            out.append(ReportSection(id: "findings", title: "Findings", blocks: [.bullets(findings)]))
        }
        out += [memorySection(), optionsSection()]
        if let serving { out.append(servingSection(serving)) }
        out.append(whatIfSection())
        if let buy = buyVersusRentSection() { out.append(buy) }
        out.append(chartsSection())
        out.append(assumptionsSection())
        return out
    }

    var title: String { "Sizing report: \(project.name)" }

    // MARK: - Sections

    private func overview() -> ReportSection {
        let p = project
        var blocks: [ReportSection.Block] = []
        if let description = p.description { blocks.append(.paragraph(description)) }
        var facts = [
            "Model: \(name(p.model)) at \(p.precision), KV cache at \(p.kvPrecision)",
            "Load: \(ReportText.count(p.users, "concurrent user")), each holding \(ReportText.count(p.contextTokens, "token")) of context; "
                + "prompts of \(ReportText.count(p.promptTokens, "token")), answers of \(ReportText.count(p.outputTokens))",
            "Targets: " + targetsText,
            "Budget: " + (p.budgetUSDPerMonth.map { ReportText.usd($0) + " per month" } ?? "none given"),
            "Pricing: \(tierTitle) cloud prices"
                + (pricesAsOf.map { " as of \($0)" } ?? " (no prices loaded)")
                + "; utilization \(ReportText.percent(p.utilization)) for buy versus rent",
            "Candidate GPUs: " + p.hardware.map(name).joined(separator: ", "),
        ]
        if let notes = p.notes { facts.append("Notes: " + notes) }
        blocks.append(.bullets(facts))
        blocks.append(.paragraph("Project file: \(p.file). Every figure below was computed by infrabook's sizing and "
            + "cost engine from the catalog and prices listed under Assumptions and sources."))
        return ReportSection(id: "project", title: "Project", blocks: blocks)
    }

    /// The pricing tier in words (`on-demand`, `reserved 1 y`).
    var tierTitle: String { PricingTier(rawValue: project.pricing)?.title ?? project.pricing }

    private var targetsText: String {
        var parts: [String] = []
        if let ttft = project.targets.ttftSeconds { parts.append("time to first token at most \(ReportText.seconds(ttft))") }
        if let speed = project.targets.tokensPerSecondPerUser {
            parts.append("at least \(ReportText.number(speed)) tokens/s per user")
        }
        return parts.isEmpty ? "none given (every option that fits meets them)" : parts.joined(separator: "; ")
    }

    private func recommendationSection() -> ReportSection {
        var blocks: [ReportSection.Block] = [.paragraph(recommendation.summary)]
        if !recommendation.fixes.isEmpty {
            blocks.append(.table(Table(
                caption: "Changes tried on \(recommendation.gpu.map(name) ?? "the nearest option"), each recomputed",
                columns: [Table.Column("Change"), Table.Column("Meets targets"), Table.Column("Still misses"),
                          Table.Column("Cost per month (USD)", alignment: .right)],
                rows: recommendation.fixes.map { fix in
                    [Table.Cell(fix.description), Table.Cell(ReportText.yesNo(fix.meetsTargets)),
                     Table.Cell(fix.failedTargets.isEmpty ? "—" : fix.failedTargets.map(ReportText.target).joined(separator: ", ")),
                     Table.Cell(fix.costPerMonthUSD.map { ReportText.usd($0) } ?? "—")]
                })))
        }
        return ReportSection(id: "recommendation", title: "Recommendation", blocks: blocks)
    }

    private func memorySection() -> ReportSection {
        let m = memory
        let table = Table(
            caption: "Memory of the whole deployment (GB = 10⁹ bytes)",
            columns: [Table.Column("Part"), Table.Column("Bytes", alignment: .right), Table.Column("GB", alignment: .right)],
            rows: m.rows.map { [Table.Cell($0.part.label), Table.Cell(ReportText.count($0.bytes)), Table.Cell(ReportText.gigabytes($0.bytes))] })
        let perToken = "The KV cache takes \(ReportText.count(m.kvCacheBytesPerToken)) bytes per token: "
            + "\(ReportText.count(project.users, "user")) × \(ReportText.count(project.contextTokens, "token"))."
        return ReportSection(id: "memory", title: "Memory", blocks: [.table(table), .paragraph(perToken)])
    }

    private func optionsSection() -> ReportSection {
        let placement = Table(
            caption: "Placement and speed, one option per candidate GPU",
            columns: [
                Table.Column("GPU"), Table.Column("GPUs × nodes"), Table.Column("TP / PP / EP"),
                Table.Column("Memory per GPU (GB)", alignment: .right), Table.Column("Headroom (GB)", alignment: .right),
                Table.Column("Decode per user (tokens/s)", alignment: .right),
                Table.Column("Aggregate (tokens/s)", alignment: .right), Table.Column("TTFT", alignment: .right),
                Table.Column("Meets targets"),
            ],
            rows: options.map { judged in
                let o = judged.deployment
                return [Table.Cell(name(o.gpu.id)), Table.Cell("\(o.gpuCount) × \(o.nodes)"),
                        Table.Cell("\(o.parallelism.tensor) / \(o.parallelism.pipeline) / \(o.parallelism.expert)"),
                        Table.Cell(ReportText.gigabytes(o.memoryPerGPU.totalBytes)), Table.Cell(ReportText.gigabytes(o.headroomBytes)),
                        Table.Cell(ReportText.number(o.performance.decodeTokensPerSecondPerUser)),
                        Table.Cell(ReportText.number(o.performance.aggregateTokensPerSecond)),
                        Table.Cell(ReportText.seconds(o.performance.timeToFirstTokenSeconds)),
                        Table.Cell(judged.meetsTargets ? "yes" : "no: " + judged.failedTargets.map(ReportText.target).joined(separator: ", "))]
            })
        let cost = Table(
            caption: "Cost at \(tierTitle) prices (\(DeploymentCost.monthRule))",
            columns: [
                Table.Column("GPU"), Table.Column("Per hour (USD)", alignment: .right),
                Table.Column("Per month (USD)", alignment: .right),
                Table.Column("Per million tokens (USD)", alignment: .right), Table.Column("Within budget"),
                Table.Column("Price dated"),
            ],
            rows: options.map { o in
                [Table.Cell(name(o.deployment.gpu.id)), Table.Cell(o.cost.map { ReportText.usd($0.usdPerHour, cents: true) } ?? "no price"),
                 Table.Cell(o.cost.map { ReportText.usd($0.usdPerMonth) } ?? "—"),
                 Table.Cell(o.cost?.usdPerMillionTokens.map { ReportText.usd($0, cents: true) } ?? "—"),
                 Table.Cell(o.withinBudget.map(ReportText.yesNo) ?? "—"),
                 Table.Cell(ReportText.dated(o.priceDate, ageDays: o.priceAge?.days))]
            })
        return ReportSection(id: "options", title: "Hardware options", blocks: [.table(placement), .table(cost)])
    }

    /// The workload simulated on each GPU, the chosen layout's load curve and where it saturates.
    private func servingSection(_ serving: Serving) -> ReportSection {
        func duration(_ seconds: Double?) -> String { seconds.map(ReportText.seconds) ?? "—" }
        let table = Table(
            caption: "Cheapest layout per GPU under \(serving.workload.description)" + (serving.targetsText.map { ", targets \($0)" } ?? ""),
            columns: [
                Table.Column("GPU"), Table.Column("Layout"), Table.Column("GPUs", alignment: .right),
                Table.Column("Output (tokens/s)", alignment: .right), Table.Column("TTFT p50 / p99", alignment: .right),
                Table.Column("TPOT p50 / p99", alignment: .right), Table.Column("Per million tokens (USD)", alignment: .right),
                Table.Column("Meets targets"),
            ],
            rows: serving.options.map { o in
                [Table.Cell(name(o.gpu.id)), Table.Cell(o.fits ? o.layoutDescription : "does not fit"), Table.Cell(ReportText.count(o.gpuCount)),
                 Table.Cell(o.serving.map { ReportText.number($0.outputTokensPerSecond, digits: 0) } ?? "—"),
                 Table.Cell("\(duration(o.serving?.ttftSeconds.p50)) / \(duration(o.serving?.ttftSeconds.p99))"),
                 Table.Cell("\(duration(o.serving?.tpotSeconds.p50)) / \(duration(o.serving?.tpotSeconds.p99))"),
                 Table.Cell(o.cost?.usdPerMillionTokens.map { ReportText.usd($0, cents: true) } ?? "—"),
                 Table.Cell(o.meetsTargets.map(ReportText.yesNo) ?? "—")]
            })
        var blocks: [ReportSection.Block] = [
            .paragraph("Requests are simulated as a continuous-batching server schedules them (prompt chunks and decode tokens "
                       + "sharing each step, the KV cache bounding how many run), as infrabook size does with --input-tokens."),
            .table(table),
        ]
        guard let chosen = serving.chosen.map(name), !serving.loadCurve.isEmpty else {
            blocks.append(.paragraph("No option fits and meets the targets under this load, so there is no load curve."))
            return ReportSection(id: "serving", title: "Under load", blocks: blocks)
        }
        let curve = Table(
            caption: "Load curve of the \(chosen) layout",
            columns: [Table.Column("Load (\(serving.loadUnit))", alignment: .right), Table.Column("Output (tokens/s)", alignment: .right),
                      Table.Column("TTFT p99", alignment: .right), Table.Column("TPOT p99", alignment: .right)],
            rows: serving.loadCurve.map { p in
                [Table.Cell(ReportText.number(p.load, digits: p.load.rounded() == p.load ? 0 : 2)),
                 Table.Cell(ReportText.number(p.outputTokensPerSecond, digits: 0)), Table.Cell(duration(p.ttftP99Seconds)), Table.Cell(duration(p.tpotP99Seconds))]
            })
        let saturation = serving.saturationLoad.map { load in
            "The \(chosen) layout saturates at about \(ReportText.number(load, digits: load.rounded() == load ? 0 : 2)) \(serving.loadUnit): "
                + "beyond it more load adds waiting, not tokens."
        } ?? "The \(chosen) layout does not saturate within four times the planned load."
        blocks += [.paragraph(saturation), .table(curve),
                   .chart(Chart(title: "Output tokens/s against load, \(chosen)", style: .line, xLabel: "Load (\(serving.loadUnit))",
                                yLabel: "Output tokens/s",
                                series: [Chart.Series(name: chosen, points: serving.loadCurve.map { (x: $0.load, y: $0.outputTokensPerSecond) })]))]
        return ReportSection(id: "serving", title: "Under load", blocks: blocks)
    }

    private func whatIfSection() -> ReportSection {
        func table(_ caption: String, _ scenarios: [Scenario]) -> Table {
            Table(
                caption: caption,
                columns: [
                    Table.Column("Scenario"), Table.Column("Total memory (GB)", alignment: .right),
                    Table.Column("Best option"), Table.Column("Decode per user (tokens/s)", alignment: .right),
                    Table.Column("TTFT", alignment: .right), Table.Column("Meets targets"),
                    Table.Column("Cost per month (USD)", alignment: .right),
                ],
                rows: scenarios.map { s in
                    [Table.Cell(s.label), Table.Cell(ReportText.gigabytes(s.memory.totalBytes)),
                     Table.Cell(s.best.map { "\($0.deployment.gpuCount) × \(name($0.deployment.gpu.id))" } ?? "nothing fits"),
                     Table.Cell(s.best.map { ReportText.number($0.deployment.performance.decodeTokensPerSecondPerUser) } ?? "—"),
                     Table.Cell(s.best.map { ReportText.seconds($0.deployment.performance.timeToFirstTokenSeconds) } ?? "—"),
                     Table.Cell(ReportText.yesNo(s.best?.meetsTargets ?? false)),
                     Table.Cell(s.best?.cost.map { ReportText.usd($0.usdPerMonth) } ?? "—")]
                })
        }
        return ReportSection(id: "what-if", title: "What if", blocks: [
            .paragraph("The same deployment with one input changed; each row is the cheapest candidate that meets every "
                + "target, or else the cheapest that fits."),
            .table(table("Other weight precisions (KV cache at \(project.kvPrecision), as planned)", whatIfs.precisions)),
            .table(table("Other numbers of concurrent users", whatIfs.users)),
        ])
    }

    private func buyVersusRentSection() -> ReportSection? {
        guard let b = buyVersusRent else { return nil }
        let verdict = b.breakevenMonths.map {
            "At \(ReportText.percent(b.utilization)) utilization, owning \(b.nodes) × \(name(b.system)) pays for itself after "
                + "\(ReportText.number($0, digits: 1)) months against renting the same GPUs."
        } ?? "At \(ReportText.percent(b.utilization)) utilization, renting stays cheaper than owning \(b.nodes) × \(name(b.system)): "
            + "the monthly cost of owning never falls below the cloud bill."
        let table = Table(
            caption: "Buy versus rent",
            columns: [Table.Column("Item"), Table.Column("USD", alignment: .right)],
            rows: [
                [Table.Cell("Capital (\(b.nodes) × \(name(b.system)))"), Table.Cell(ReportText.usd(b.capitalUSD))],
                [Table.Cell("Operating cost per month (power, cooling, staff, maintenance)"), Table.Cell(ReportText.usd(b.monthlyOperatingUSD))],
                [Table.Cell("Cloud cost per month at this utilization"), Table.Cell(ReportText.usd(b.monthlyCloudUSD))],
            ])
        let sweep = Table(
            caption: "Breakeven against utilization",
            columns: [Table.Column("Utilization", alignment: .right), Table.Column("Breakeven (months)", alignment: .right)],
            rows: b.breakevenByUtilization.map {
                [Table.Cell(ReportText.percent($0.utilization)), Table.Cell($0.breakevenMonths.map { ReportText.number($0, digits: 1) } ?? "never")]
            })
        var blocks: [ReportSection.Block] = [.paragraph(verdict)]
        if let used = options.first(where: { $0.deployment.gpu.id == recommendation.gpu })?.deployment.gpuCount, used < b.gpusBought {
            blocks.append(.paragraph("Nodes are bought whole: the deployment uses \(used) of the \(b.gpusBought) GPUs bought, and the cloud "
                + "figure rents only those \(used); the spare GPUs could serve other work, which this comparison does not credit."))
        }
        return ReportSection(id: "buy-versus-rent", title: "Buy versus rent", blocks: blocks + [.table(table), .table(sweep)])
    }

    private func chartsSection() -> ReportSection {
        var blocks: [ReportSection.Block] = []
        if !memoryCurves.isEmpty {
            // Options whose split gives the same memory per GPU share one line (2 × h100-sxm, 2 × h200).
            var curves: [(names: [String], points: [UsersPoint])] = []
            for curve in memoryCurves {
                let label = "\(curve.option.gpuCount) × \(name(curve.option.gpu.id))"
                if let index = curves.firstIndex(where: { $0.points == curve.points }) {
                    curves[index].names.append(label)
                } else {
                    curves.append(([label], curve.points))
                }
            }
            var series = curves.map { curve in
                Chart.Series(name: curve.names.joined(separator: ", "),
                             points: curve.points.map { (x: Double($0.users), y: Double($0.memoryPerGPUBytes) / 1e9) })
            }
            // One flat line per distinct GPU capacity, so a reader sees where each curve overflows.
            let users = memoryCurves.flatMap { $0.points.map(\.users) }.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
            for capacity in Set(memoryCurves.map(\.option.capacityPerGPUBytes)).sorted() {
                let names = memoryCurves.filter { $0.option.capacityPerGPUBytes == capacity }.map { name($0.option.gpu.id) }.joined(separator: ", ")
                series.append(Chart.Series(name: "memory of one \(names)",
                                           points: users.map { (x: Double($0), y: Double(capacity) / 1e9) }))
            }
            blocks.append(.chart(Chart(title: "Memory per GPU versus concurrent users", style: .line,
                                       xLabel: "Concurrent users", yLabel: "Memory per GPU (GB)", series: series)))
        }
        let priced = options.compactMap { option in option.cost.map { (option: option.deployment, cost: $0) } }
        if !priced.isEmpty {
            blocks.append(.chart(Chart(
                title: "Cost per month per option", style: .bar, xLabel: "Option", yLabel: "Cost per month (USD)",
                categories: priced.map { "\($0.option.gpuCount) × \(name($0.option.gpu.id))" },
                series: [Chart.Series(name: tierTitle,
                                      points: priced.enumerated().map { (x: Double($0.offset), y: $0.element.cost.usdPerMonth) })])))
        }
        if blocks.isEmpty { blocks.append(.paragraph("No option fits or has a price, so there is nothing to chart.")) }
        return ReportSection(id: "charts", title: "Charts", blocks: blocks)
    }

    private func assumptionsSection() -> ReportSection {
        let table = Table(
            caption: "Every catalog and price entry this report used",
            columns: [Table.Column("Kind"), Table.Column("Entry"), Table.Column("What was used"), Table.Column("Source"), Table.Column("Date")],
            rows: assumptions.map {
                [Table.Cell($0.kind.replacingOccurrences(of: "_", with: " ")), Table.Cell($0.id), Table.Cell($0.detail),
                 Table.Cell($0.source), Table.Cell(ReportText.dated($0.date, ageDays: $0.ageDays))]
            })
        var blocks: [ReportSection.Block] = [.table(table)]
        if let asOf = pricesAsOf { blocks.insert(.paragraph("Prices as of \(asOf)."), at: 0) }
        return ReportSection(id: "assumptions", title: "Assumptions and sources", blocks: blocks)
    }
}
