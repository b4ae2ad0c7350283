import Basics
import Catalog
import Sizing

/// A deployment described by an engineer in a project file (`Content/projects/*.yaml`): which model,
/// at what precision, for how many users, with which latency targets, budget and candidate hardware.
///
/// This file owns reading and validating that text; it never touches the file system (the caller
/// hands the text in) and never computes sizes or costs (the report builder asks the engine).
package struct ProjectFile: Sendable, Equatable {
    /// Latency and speed the deployment must reach; a nil target is not checked. Reports write them
    /// in JSON under these names (`ttft_seconds`, `tokens_per_second_per_user`).
    package struct Targets: Sendable, Equatable, Encodable {
        /// Longest acceptable time to first token for a `promptTokens` prompt, seconds.
        package var ttftSeconds: Double?
        /// Slowest acceptable decode speed seen by one user, tokens per second.
        package var tokensPerSecondPerUser: Double?

        package init(ttftSeconds: Double? = nil, tokensPerSecondPerUser: Double? = nil) {
            self.ttftSeconds = ttftSeconds
            self.tokensPerSecondPerUser = tokensPerSecondPerUser
        }
    }

    /// Requests as they arrive (`workload:`): prompt and answer lengths and users or a rate. With one
    /// the report adds a section under load, simulated as `infrabook size --input-tokens …` does.
    package struct Load: Sendable, Equatable {
        package var inputTokens: TokenLengths
        package var outputTokens: TokenLengths
        package var users: Int?
        package var rate: Double?
        package var thinkSeconds: Double?
        /// Requests simulated per layout and the stream's seed (the engine's defaults when nil).
        package var requests: Int?
        package var seed: UInt64?
        /// Latency targets under load (`workload.targets`: `ttft`, `tpot`, at `percentile`, default 99).
        package var ttftSeconds: Double?
        package var tpotSeconds: Double?
        package var percentile: Int?
    }

    /// The ids a project may name, taken from the catalog by the caller (so this reader needs no catalog).
    package struct Vocabulary: Sendable {
        package var models: [String]
        package var precisions: [String]
        package var gpus: [String]

        package init(models: [String], precisions: [String], gpus: [String]) {
            self.models = models
            self.precisions = precisions
            self.gpus = gpus
        }
    }

    package var name: String
    package var description: String?
    package var notes: String?
    package var model: String
    package var precision: String
    /// The KV cache's precision; nil means the engine's default for `precision`.
    package var kvPrecision: String?
    /// Concurrent users, each holding `contextTokens` of KV cache.
    package var users: Int
    package var contextTokens: Int
    /// The typical prompt, for time to first token. Default: the smaller of 2,048 and half the context.
    package var promptTokens: Int
    /// The typical answer, for cost per request. Default: the smaller of 512 and a quarter of the context.
    package var outputTokens: Int
    package var targets: Targets
    package var budgetUSDPerMonth: Double?
    /// Candidate GPU ids, in the order written; empty means every GPU in the catalog.
    package var hardware: [String]
    package var pricing: PricingTier
    /// Share of hours the deployment is busy, in (0, 1], for buy versus rent. Default 1 (24/7).
    package var utilization: Double
    /// The workload, when the project gives one.
    package var load: Load?
    /// Where each key's value was written (`model`, `hardware.1`, `targets.ttft_seconds`), so later
    /// checks (context above the model's maximum, a GPU without a price) can point at the spot.
    package var locations: [String: SourceLocation]

    /// Every key a project file may hold, in the order the documentation lists them.
    package static let keys = [
        "name", "description", "notes", "model", "precision", "kv_precision", "users", "context",
        "prompt_tokens", "output_tokens", "targets", "budget_usd_per_month", "hardware", "pricing", "utilization", "workload",
    ]
    /// Every key under `workload`.
    package static let workloadKeys = ["input_tokens", "output_tokens", "users", "rate", "think_time", "requests", "seed", "targets"]
    /// Every key under `targets`.
    package static let targetKeys = ["ttft_seconds", "tokens_per_second_per_user"]
    /// Targets judged under the `workload` (`workload.targets`), at a percentile.
    package static let loadTargetKeys = ["ttft", "tpot", "percentile"]

    /// The location of the value under `key` (a dotted path), or of the file's start when unknown.
    package func location(of key: String) -> SourceLocation {
        locations[key] ?? locations[""] ?? SourceLocation(file: "", line: 1, column: 1)
    }
}

// MARK: - Reading

extension ProjectFile {
    /// Reads a project file's `text`. `file` names it in diagnostics; `defaultName` is used when the
    /// file has no `name`. Every problem found is thrown together, each at its `path:line:column`.
    package static func parse(_ text: String, file: String, defaultName: String,
                             vocabulary: Vocabulary) throws(Diagnostics) -> ProjectFile {
        let root = try YAMLNode.parse(text.withUnixLineEndings, file: file)
        var reader = Reader(vocabulary: vocabulary)
        let project = reader.read(root, defaultName: defaultName)
        if let project, !reader.problems.hasErrors { return project }
        throw Diagnostics(reader.problems.sorted { $0.location < $1.location })
    }

    /// Collects problems while reading, so one pass reports them all.
    private struct Reader {
        let vocabulary: Vocabulary
        var problems: [Diagnostic] = []
        var locations: [String: SourceLocation] = [:]

        init(vocabulary: Vocabulary) { self.vocabulary = vocabulary }

        mutating func read(_ root: YAMLNode, defaultName: String) -> ProjectFile? {
            locations[""] = root.location
            let map: YAMLMapping
            do {
                map = try root.mapping("a mapping of project settings (name, model, users, ...)")
            } catch {
                problems.append(error)
                return nil
            }
            problems += map.unknownKeys(allowed: ProjectFile.keys, in: "project file")

            let name = attempt(map, "name", required: false) { node throws(Diagnostic) in try node.string() } ?? defaultName
            let description = attempt(map, "description", required: false) { node throws(Diagnostic) in try node.string() }
            let notes = attempt(map, "notes", required: false) { node throws(Diagnostic) in try node.string() }
            let knownModels = vocabulary.models
            let model = attempt(map, "model", required: true) { node throws(Diagnostic) in
                // A path to the model's files is resolved (relative to this file) when the report is built.
                if let text = node.scalarText, ModelReference.looksLikePath(text) { return text }
                return try Self.known(node, among: knownModels, what: "model")
            }
            let precision = id(map, "precision", among: vocabulary.precisions, what: "precision")
            let kvPrecision = id(map, "kv_precision", among: vocabulary.precisions, what: "precision", required: false)
            let users = whole(map, "users", .count)
            let context = whole(map, "context", .tokens)
            let prompt = whole(map, "prompt_tokens", .tokens, required: false)
            let output = whole(map, "output_tokens", .tokens, required: false)
            let targets = readTargets(map)
            let budget = attempt(map, "budget_usd_per_month", required: false) { node throws(Diagnostic) in
                try node.positiveQuantity(.count, name: "budget_usd_per_month")
            }
            let hardware = readHardware(map)
            let pricing = attempt(map, "pricing", required: false) { node throws(Diagnostic) in
                let text = try node.string()
                guard let tier = PricingTier(rawValue: text) else {
                    throw .error(at: node.location, "unknown pricing tier '\(text)'"
                        + NearestNames.hint(text, among: PricingTier.allCases.map(\.rawValue)))
                }
                return tier
            } ?? PricingTier.defaultTier
            let utilization = attempt(map, "utilization", required: false) { node throws(Diagnostic) in
                try OwnershipScenario.utilization(node)
            } ?? 1

            let load = readLoad(map)
            guard let model, let precision, let users, let context else { return nil }
            let promptTokens = prompt ?? min(2_048, max(1, context / 2))
            let outputTokens = output ?? min(512, max(1, context / 4))
            if promptTokens + outputTokens > context {
                let spot = locations["prompt_tokens"] ?? locations["output_tokens"] ?? locations["context"]!
                problems.append(.error(at: spot, "prompt_tokens (\(promptTokens)) plus output_tokens "
                    + "(\(outputTokens)) exceed the context of \(context) tokens each user holds; "
                    + "raise 'context' or shorten the prompt"))
            }
            return ProjectFile(
                name: name, description: description, notes: notes, model: model, precision: precision,
                kvPrecision: kvPrecision, users: users, contextTokens: context, promptTokens: promptTokens,
                outputTokens: outputTokens, targets: targets, budgetUSDPerMonth: budget, hardware: hardware,
                pricing: pricing, utilization: utilization, load: load, locations: locations)
        }

        /// The `workload` mapping, with the latency targets under load from `targets`.
        mutating func readLoad(_ map: YAMLMapping) -> Load? {
            guard let workload = attempt(map, "workload", required: false, { node throws(Diagnostic) in try node.mapping("a mapping of workload settings") })
            else { return nil }
            problems += workload.unknownKeys(allowed: ProjectFile.workloadKeys, in: "'workload'")
            func lengths(_ key: String) -> TokenLengths? {
                attempt(workload, key, path: "workload." + key, required: true) { node throws(Diagnostic) in
                    guard let text = node.scalarText, let lengths = TokenLengths.parse(text) else {
                        throw .error(at: node.location, "'workload.\(key)' must be \(TokenLengths.expectation)")
                    }
                    return lengths
                }
            }
            let input = lengths("input_tokens"), output = lengths("output_tokens")
            let users = attempt(workload, "users", path: "workload.users", required: false) { node throws(Diagnostic) in
                Int(try node.positiveQuantity(.count, name: "workload.users"))
            }
            let rate = attempt(workload, "rate", path: "workload.rate", required: false) { node throws(Diagnostic) in
                try node.positiveQuantity(.plain, name: "workload.rate")
            }
            let think = attempt(workload, "think_time", path: "workload.think_time", required: false) { node throws(Diagnostic) in
                try node.quantity(.seconds)
            }
            let requests = attempt(workload, "requests", path: "workload.requests", required: false) { node throws(Diagnostic) in
                Int(try node.positiveQuantity(.count, name: "workload.requests"))
            }
            let seed = attempt(workload, "seed", path: "workload.seed", required: false) { node throws(Diagnostic) in
                UInt64(try node.positiveQuantity(.plain, name: "workload.seed"))
            }
            let targets = attempt(workload, "targets", path: "workload.targets", required: false) { node throws(Diagnostic) in
                try node.mapping("a mapping of targets under load (ttft, tpot, percentile)")
            }
            if let targets { problems += targets.unknownKeys(allowed: ProjectFile.loadTargetKeys, in: "'workload.targets'") }
            func duration(_ key: String) -> Double? {
                guard let targets else { return nil }
                return attempt(targets, key, path: "workload.targets." + key, required: false) { node throws(Diagnostic) in
                    try node.positiveQuantity(.seconds, name: "workload.targets.\(key)")
                }
            }
            let ttft = duration("ttft"), tpot = duration("tpot")
            let percentile = targets.flatMap { targets in
                attempt(targets, "percentile", path: "workload.targets.percentile", required: false) { node throws(Diagnostic) in
                    Int(try node.positiveQuantity(.plain, name: "workload.targets.percentile"))
                }
            }
            guard let input, let output else { return nil }
            return Load(inputTokens: input, outputTokens: output, users: users, rate: rate, thinkSeconds: think, requests: requests,
                        seed: seed, ttftSeconds: ttft, tpotSeconds: tpot, percentile: percentile)
        }

        /// Reads `key` with `read`, recording its location and any problem; nil when absent or wrong.
        mutating func attempt<T>(_ map: YAMLMapping, _ key: String, path: String? = nil, required: Bool,
                                 _ read: (YAMLNode) throws(Diagnostic) -> T) -> T? {
            guard let node = map[key], !node.isNull else {
                if required { problems.append(.error(at: map.location, "missing required key '\(key)' in project file")) }
                return nil
            }
            locations[path ?? key] = node.location
            do {
                return try read(node)
            } catch {
                problems.append(error)
                return nil
            }
        }

        /// A positive whole number, with the suffixes of `kind` (`8K` tokens, `1K` users).
        mutating func whole(_ map: YAMLMapping, _ key: String, _ kind: Quantity.Kind, required: Bool = true) -> Int? {
            attempt(map, key, required: required) { node throws(Diagnostic) in try node.positiveWhole(kind, name: key) }
        }

        /// A catalog id, checked against `candidates` with the nearest names suggested.
        mutating func id(_ map: YAMLMapping, _ key: String, among candidates: [String], what: String,
                         required: Bool = true) -> String? {
            attempt(map, key, required: required) { node throws(Diagnostic) in
                try Self.known(node, among: candidates, what: what)
            }
        }

        static func known(_ node: YAMLNode, among candidates: [String], what: String) throws(Diagnostic) -> String {
            let text = try node.string()
            guard candidates.contains(text) else {
                throw .error(at: node.location, "unknown \(what) '\(text)'" + NearestNames.hint(text, among: candidates))
            }
            return text
        }

        mutating func readTargets(_ map: YAMLMapping) -> Targets {
            guard let targets = attempt(map, "targets", required: false, { node throws(Diagnostic) in try node.mapping("a mapping of targets") }) else {
                return Targets()
            }
            problems += targets.unknownKeys(allowed: ProjectFile.targetKeys, in: "'targets'")
            var result = Targets()
            for key in ProjectFile.targetKeys {
                let value = attempt(targets, key, path: "targets." + key, required: false) { node throws(Diagnostic) in
                    let number = try node.double()
                    guard number > 0 else {
                        throw .error(at: node.location, "'targets.\(key)' must be greater than zero, found '\(node.scalarText ?? "")'")
                    }
                    return number
                }
                if key == "ttft_seconds" { result.ttftSeconds = value } else { result.tokensPerSecondPerUser = value }
            }
            return result
        }

        mutating func readHardware(_ map: YAMLMapping) -> [String] {
            guard let items = attempt(map, "hardware", required: false, { node throws(Diagnostic) in try node.list() }) else { return [] }
            var ids: [String] = []
            for (index, node) in items.enumerated() {
                locations["hardware.\(index)"] = node.location
                do throws(Diagnostic) {
                    let gpu = try Self.known(node, among: vocabulary.gpus, what: "GPU")
                    if ids.contains(gpu) {
                        problems.append(.error(at: node.location, "GPU '\(gpu)' is listed twice in 'hardware'"))
                    } else {
                        ids.append(gpu)
                    }
                } catch {
                    problems.append(error)
                }
            }
            return ids
        }
    }
}
