/// The name a reader sees for a catalog id: one display name per model, precision, GPU and system,
/// taken from its record (`name:` in the YAML), so every page, table and sentence says "NVIDIA H200
/// SXM 141GB" and never one spelling here and another there. Ids stay for what a reader types.
extension DataCatalog {
    /// The record's display name, or nil when `id` names no model, precision, GPU or system.
    package func displayName(_ id: String) -> String? {
        model(id)?.name ?? gpu(id)?.name ?? system(id)?.name ?? precision(id)?.name
    }
}
