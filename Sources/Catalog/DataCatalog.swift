import Basics

/// The facts the engine computes from: models, precisions, GPUs and multi-GPU systems.
///
/// Loaded once from `models.yaml`, `precisions.yaml`, `gpus.yaml` and `systems.yaml` in the data
/// folder (see `DataCatalog+Loading.swift`) and immutable afterwards, so pages can be evaluated in
/// parallel. Lookups by id are exact; the `require…` forms turn an unknown id into a diagnostic
/// that suggests the nearest ids.
package struct DataCatalog: Sendable, Equatable {
    package var models: [ModelSpec]
    package var precisions: [PrecisionSpec]
    package var gpus: [GPUSpec]
    package var systems: [SystemSpec]
    /// The speed constants fitted to published measurements (`calibration.yaml`), when the front end
    /// loaded them; the engine applies them per GPU architecture (`EngineAssumptions.calibrated`).
    package var calibration: Calibration?

    package init(models: [ModelSpec] = [], precisions: [PrecisionSpec] = [], gpus: [GPUSpec] = [], systems: [SystemSpec] = []) {
        self.models = models
        self.precisions = precisions
        self.gpus = gpus
        self.systems = systems
    }

    /// The four kinds of record, for messages ("unknown GPU 'h100'").
    package enum Entry: String, Sendable {
        case model, precision, gpu = "GPU", system
    }

    package func model(_ id: String) -> ModelSpec? { models.first { $0.id == id } }
    package func precision(_ id: String) -> PrecisionSpec? { precisions.first { $0.id == id } }
    package func gpu(_ id: String) -> GPUSpec? { gpus.first { $0.id == id } }
    package func system(_ id: String) -> SystemSpec? { systems.first { $0.id == id } }

    /// The system that carries `gpu`, preferring one whose node size matches the GPU's usual node.
    package func system(forGPU gpu: GPUSpec) -> SystemSpec? {
        let carrying = systems.filter { $0.gpu == gpu.id }
        return carrying.first { $0.gpusPerNode == gpu.gpusPerNode } ?? carrying.first
    }

    /// The ids of one kind of record, in catalog order.
    package func ids(of entry: Entry) -> [String] {
        switch entry {
        case .model: return models.map(\.id)
        case .precision: return precisions.map(\.id)
        case .gpu: return gpus.map(\.id)
        case .system: return systems.map(\.id)
        }
    }

    /// The error for an id that is not in the catalog, with the nearest ids suggested.
    package func unknown(_ entry: Entry, _ id: String, at location: SourceLocation) -> Diagnostic {
        .error(at: location, "unknown \(entry.rawValue) '\(id)'" + NearestNames.hint(id, among: ids(of: entry)))
    }

    package func requireModel(_ id: String, at location: SourceLocation) throws(Diagnostic) -> ModelSpec {
        guard let found = model(id) else { throw unknown(.model, id, at: location) }
        return found
    }

    package func requirePrecision(_ id: String, at location: SourceLocation) throws(Diagnostic) -> PrecisionSpec {
        guard let found = precision(id) else { throw unknown(.precision, id, at: location) }
        return found
    }

    package func requireGPU(_ id: String, at location: SourceLocation) throws(Diagnostic) -> GPUSpec {
        guard let found = gpu(id) else { throw unknown(.gpu, id, at: location) }
        return found
    }

    package func requireSystem(_ id: String, at location: SourceLocation) throws(Diagnostic) -> SystemSpec {
        guard let found = system(id) else { throw unknown(.system, id, at: location) }
        return found
    }
}
