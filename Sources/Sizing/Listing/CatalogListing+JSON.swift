import Foundation

/// The catalog listings as the text `catalog --format json` prints and `GET /api/catalog/...` returns,
/// rendered in one place so the two are the same bytes.
extension CatalogListing {
    /// The four listings, named as on the command line and in the API's path.
    package enum Kind: String, Sendable, CaseIterable {
        case models, gpus, precisions, systems
    }

    /// One listing as pretty-printed JSON with sorted keys (deterministic), without a final newline.
    package func jsonText(_ kind: Kind) -> String {
        let objects: [[String: Any]]
        switch kind {
        case .models: objects = modelsJSON
        case .gpus: objects = gpusJSON
        case .precisions: objects = precisionsJSON
        case .systems: objects = systemsJSON
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
