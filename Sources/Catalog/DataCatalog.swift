/// PLACEHOLDER shape, to be filled in by the catalog work: models, precisions, GPUs and systems.
public struct DataCatalog: Sendable {
    public init() {}
}
