import Basics
import Foundation

/// Reading and writing `calibration.yaml`. Every problem is reported together at `path:line:column`:
/// unknown keys (with the nearest names), an architecture no GPU in the catalog has, an unknown
/// engine, the same architecture twice for one engine family, efficiencies outside (0, 1], a
/// negative or implausible step or request overhead or all-reduce latency.
extension Calibration {
    /// The file's name in the data folder.
    package static let fileName = "calibration.yaml"

    static let topKeys = ["date", "fits"]
    static let fitKeys = ["architecture", "engines", "models", "memory_efficiency", "expert_memory_efficiency", "compute_efficiency",
                          "step_overhead_ms", "request_overhead_ms", "all_reduce_latency_us", "records"]
    static let recordKeys = ["id", "gpu", "model", "figure", "error", "leave_one_out_error"]
    /// The longest per-step or per-request overhead accepted, in milliseconds: a second would be no GPU engine.
    static let maximumOverheadMilliseconds = 1000.0
    /// The longest all-reduce latency accepted, in microseconds: a millisecond a message would be no GPU link.
    static let maximumAllReduceLatencyMicroseconds = 1000.0

    /// The calibration in `directory`, or nil when the folder has none.
    package static func loadIfPresent(directory: String, catalog: DataCatalog) throws(Diagnostics) -> Calibration? {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try parse(try DataFileText.read(path, what: "calibration"), path: path, catalog: catalog)
    }

    /// Builds the calibration from the file's text; `path` is the name errors carry.
    package static func parse(_ text: String, path: String, catalog: DataCatalog) throws(Diagnostics) -> Calibration {
        var problems: [Diagnostic] = []
        var result = Calibration(date: "", fits: [])
        let architectures = Array(Set(catalog.gpus.map(\.architecture))).sorted()
        do {
            let root = try YAMLNode.parse(text.withUnixLineEndings, file: path)
            var top = RecordReader(try root.mapping("a mapping with the keys 'date' and 'fits'"), what: "the calibration", allowed: topKeys)
            result.date = top.required("date") { node throws(Diagnostic) in try node.date() } ?? ""
            let fitNodes = top.required("fits") { node throws(Diagnostic) in try node.list() } ?? []
            problems += top.problems
            var seen: Set<String> = []
            for node in fitNodes {
                do {
                    let m = try node.mapping("a fit (a mapping with architecture, memory_efficiency, compute_efficiency, step_overhead_ms, records)")
                    guard let fit = readFit(m, catalog: catalog, architectures: architectures, problems: &problems) else { continue }
                    if !seen.insert(fit.architecture + "|" + fit.family.rawValue + "|" + (fit.models?.rawValue ?? "")).inserted {
                        problems.append(.error(at: m.location, "architecture '\(fit.architecture)' is fitted twice for \(fit.family.rawValue)"
                                               + (fit.models.map { " and \($0.phrase)" } ?? "")
                                               + "; give each architecture once per engine family and kind of model"))
                    }
                    result.fits.append(fit)
                } catch {
                    problems.append(error)
                }
            }
        } catch {
            DataFileText.gather(error, path: path, into: &problems)
        }
        if problems.hasErrors { throw Diagnostics(problems.sorted { $0.location < $1.location }) }
        return result
    }

    private static func readFit(_ m: YAMLMapping, catalog: DataCatalog, architectures: [String], problems: inout [Diagnostic]) -> Fit? {
        var r = RecordReader(m, what: "a fit", allowed: fitKeys)
        let architecture = r.required("architecture") { node throws(Diagnostic) -> String in
            let value = try FieldRead.text(node)
            guard architectures.contains(value) else {
                throw .error(at: node.location, "no GPU in the catalog has the architecture '\(value)'" + NearestNames.hint(value, among: architectures))
            }
            return value
        }
        let engines = r.optional("engines") { node throws(Diagnostic) -> [String] in
            var names: [String] = []
            for item in try node.list() { names.append(try FieldRead.choice(item, as: Measurement.Engine.self).rawValue) }
            return names
        }
        let models = r.optional("models") { node throws(Diagnostic) in try FieldRead.choice(node, as: Models.self) }
        func efficiency(_ node: YAMLNode) throws(Diagnostic) -> Double {
            let value = try node.double()
            guard value > 0, value <= 1 else { throw .error(at: node.location, "expected an efficiency above 0 and at most 1, found \(value)") }
            return value
        }
        let memory = r.required("memory_efficiency", efficiency)
        let experts = r.optional("expert_memory_efficiency", efficiency)
        let compute = r.required("compute_efficiency", efficiency)
        /// A time written in `unit` (`perSecond` of them make a second), from 0 to `maximum`, in seconds.
        func seconds(_ node: YAMLNode, unit: String, perSecond: Double, maximum: Double) throws(Diagnostic) -> Double {
            let value = try node.double()
            guard value >= 0, value <= maximum else {
                throw .error(at: node.location, "expected \(unit) from 0 to \(Int(maximum)), found \(value)")
            }
            return value / perSecond
        }
        let overhead = r.required("step_overhead_ms") { node throws(Diagnostic) in
            try seconds(node, unit: "milliseconds", perSecond: 1e3, maximum: maximumOverheadMilliseconds)
        }
        let requestOverhead = r.optional("request_overhead_ms") { node throws(Diagnostic) in
            try seconds(node, unit: "milliseconds", perSecond: 1e3, maximum: maximumOverheadMilliseconds)
        }
        let allReduceLatency = r.optional("all_reduce_latency_us") { node throws(Diagnostic) in
            try seconds(node, unit: "microseconds", perSecond: 1e6, maximum: maximumAllReduceLatencyMicroseconds)
        }
        let records = r.required("records") { node throws(Diagnostic) -> [Record] in
            var records: [Record] = []
            for item in try node.list() {
                var rr = RecordReader(try item.mapping("a record (id, gpu, model, figure, error, leave_one_out_error)"), what: "a record",
                                      allowed: recordKeys)
                let id = rr.required("id", FieldRead.id)
                let gpu = rr.required("gpu") { node throws(Diagnostic) in try catalog.requireGPU(try FieldRead.text(node), at: node.location).id }
                let model = rr.required("model") { node throws(Diagnostic) in try catalog.requireModel(try FieldRead.text(node), at: node.location).id }
                let figure = rr.required("figure", FieldRead.text)
                let error = rr.required("error") { node throws(Diagnostic) in try node.double() }
                let loo = rr.required("leave_one_out_error") { node throws(Diagnostic) in try node.double() }
                problems += rr.problems
                if let id, let gpu, let model, let figure, let error, let loo {
                    records.append(Record(id: id, gpu: gpu, model: model, figure: figure, error: error, leaveOneOutError: loo))
                }
            }
            return records
        }
        problems += r.problems
        guard let architecture, let memory, let compute, let overhead, let records, !r.problems.hasErrors else { return nil }
        return Fit(architecture: architecture, engines: engines ?? [], models: models, memoryBandwidthEfficiency: memory,
                   expertMemoryEfficiency: experts, computeEfficiency: compute, stepOverheadSeconds: overhead, requestOverheadSeconds: requestOverhead,
                   allReduceLatencySeconds: allReduceLatency, records: records)
    }

    /// The file's text: the one form `infrabook calibrate --write` writes and `parse` reads back.
    /// Figures are written with fixed decimals so the same fit gives the same bytes.
    package var yamlText: String {
        func fixed(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
        var lines = ["# Written by `infrabook calibrate --write` from measurements.yaml: the engine constants fitted per GPU",
                     "# architecture and engine family by least squares on log error, each record's error at the fitted",
                     "# constants and its leave-one-out error (fitted without it). `engines` names the engines whose records",
                     "# were fitted: a fit of llama.cpp's records applies to answers for llama.cpp (`size --engine llama.cpp`),",
                     "# any other to the batched serving engines. `models` (dense or moe), when present, limits a fit to that",
                     "# kind of model: an architecture's figures are fitted per kind when each kind has enough of them.",
                     "# `expert_memory_efficiency`, fitted where the figures include mixtures of experts, is the share of",
                     "# bandwidth at which routed experts' weights stream (the memory efficiency covers every other byte).",
                     "# `request_overhead_ms`, fitted where the figures include a served time to first token, is the latency",
                     "# a request pays once outside the GPU's steps (HTTP, tokenizing, scheduling, the first token's way back).",
                     "# `all_reduce_latency_us`, fitted where the figures include deployments split across GPUs and some that",
                     "# are not, is the fixed time of each tensor-parallel all-reduce (and expert-parallel exchange).",
                     "# The engine uses these instead of EngineAssumptions' defaults for GPUs of a listed architecture. Do",
                     "# not edit by hand; run the command again.",
                     "date: \(date)", "fits:"]
        for fit in fits {
            lines += ["  - architecture: \(fit.architecture)"]
            if !fit.engines.isEmpty { lines.append("    engines: [\(fit.engines.joined(separator: ", "))]") }
            if let models = fit.models { lines.append("    models: \(models.rawValue)") }
            lines += [
                      "    memory_efficiency: \(fixed(fit.memoryBandwidthEfficiency, 4))"]
            if let experts = fit.expertMemoryEfficiency { lines.append("    expert_memory_efficiency: \(fixed(experts, 4))") }
            lines += [
                      "    compute_efficiency: \(fixed(fit.computeEfficiency, 4))",
                      "    step_overhead_ms: \(fixed(fit.stepOverheadSeconds * 1000, 4))"]
            if let request = fit.requestOverheadSeconds { lines.append("    request_overhead_ms: \(fixed(request * 1000, 4))") }
            if let latency = fit.allReduceLatencySeconds { lines.append("    all_reduce_latency_us: \(fixed(latency * 1e6, 4))") }
            lines += ["    records:"]
            for record in fit.records {
                lines.append("      - { id: \(record.id), gpu: \(record.gpu), model: \(record.model), figure: \"\(record.figure)\", "
                             + "error: \(fixed(record.error, 4)), "
                             + "leave_one_out_error: \(fixed(record.leaveOneOutError, 4)) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
