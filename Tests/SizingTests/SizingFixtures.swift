import Catalog
import Foundation
import Sizing

/// The shipped catalog, loaded once per test, and shorthands for requests.
struct SizingFixtures {
    let catalog: DataCatalog

    init() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content/data").path
        catalog = try DataCatalog.load(directory: data)
        pricesPath = data + "/prices.yaml"
    }

    private let pricesPath: String

    /// The shipped price list.
    func prices() throws -> PriceList { try PriceList.load(path: pricesPath) }

    func model(_ id: String) -> ModelSpec { catalog.model(id)! }
    func precision(_ id: String) -> PrecisionSpec { catalog.precision(id)! }
    func gpu(_ id: String) -> GPUSpec { catalog.gpu(id)! }

    func plan(_ model: String, _ precision: String, kv: String = "bf16", users: Int = 1, context: Int = 8192, prompt: Int? = nil,
              gpus: [String]) throws -> SizingPlan {
        try SizingEngine.plan(SizingRequest(model: self.model(model), precision: self.precision(precision), kvPrecision: self.precision(kv),
                                            users: users, contextTokens: context, promptTokens: prompt, gpus: gpus.map(gpu)),
                              catalog: catalog)
    }

    func kv(_ model: String, _ precision: String = "bf16", context: Int, users: Int = 1) throws -> KVCacheEstimate {
        try KVCacheEstimate(model: self.model(model), kvPrecision: self.precision(precision), contextTokens: context, users: users)
    }
}

extension Double {
    /// Whether this is within `fraction` (relative) of `other`.
    func isClose(to other: Double, within fraction: Double) -> Bool { abs(self - other) <= abs(other) * fraction }
}
