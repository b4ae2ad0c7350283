import Basics
import Catalog
import Foundation

/// Paths to the shipped data and small, valid catalog files to break one field at a time.
enum CatalogFixtures {
    /// `Content/data` of this repository, found from this file's path.
    static var dataDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content/data").path
    }

    static let models = """
        models:
          - id: tiny-dense
            name: Tiny Dense
            vendor: Example
            layers: 2
            hidden_size: 64
            attention_heads: 4
            kv_heads: 2
            head_dim: 16
            ffn_size: 128
            vocab_size: 100
            parameters: 1_000_000
            max_context: 4K
            license: MIT
            openness: permissive
            formats: [safetensors-bf16]
            source: https://example.org/config.json
        """

    static let precisions = """
        precisions:
          - id: bf16
            name: BF16
            kind: float
            bits_per_weight: 16
            compute: bf16
            native: [hopper]
            kv_cache: true
            source: https://example.org/bf16
        """

    static let gpus = """
        gpus:
          - id: h100-sxm
            name: H100 SXM
            vendor: NVIDIA
            architecture: hopper
            memory: 80GB
            memory_type: HBM3
            memory_bandwidth: 3.35TB/s
            dense_tflops: { bf16: 989.4 }
            interconnect: NVLink 4
            interconnect_bandwidth: 900GB/s
            power_watts: 700
            form_factor: SXM5
            gpus_per_node: 8
            source: https://example.org/h100
        """

    static let systems = """
        systems:
          - id: dgx-h100
            name: DGX H100
            gpu: h100-sxm
            gpus_per_node: 8
            intra_node_link: NVLink 4
            intra_node_bandwidth: 900GB/s
            inter_node_network: 8x 400G
            inter_node_bandwidth: 400GB/s
            power_watts: 10200
            source: https://example.org/dgx
        """

    /// Parses the four fixtures, with any of them replaced.
    static func parse(models: String = models, precisions: String = precisions, gpus: String = gpus,
                      systems: String = systems) throws(Diagnostics) -> DataCatalog {
        try DataCatalog.parse(models: ("models.yaml", models), precisions: ("precisions.yaml", precisions),
                              gpus: ("gpus.yaml", gpus), systems: ("systems.yaml", systems))
    }

    /// The diagnostics parsing produces (empty when it succeeds).
    static func problems(models: String = models, precisions: String = precisions, gpus: String = gpus,
                         systems: String = systems) -> [Diagnostic] {
        do {
            _ = try parse(models: models, precisions: precisions, gpus: gpus, systems: systems)
            return []
        } catch {
            return error.items
        }
    }
}
