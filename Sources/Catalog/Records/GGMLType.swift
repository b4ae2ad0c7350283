/// ggml's storage types as GGUF files number them, each with the elements in one block and the
/// bytes that block takes (scales and minimums included): the whole rule for a GGUF tensor's size,
/// bytes = elements ÷ block elements × block bytes.
///
/// It lives in Catalog because two parts read it: the GGUF reader (a tensor's bytes from its type)
/// and the sizing engine's llama.cpp recipes (which type each tensor gets).
///
/// Ids, block sizes and block bytes follow ggml's `ggml_type` enum (ggml/include/ggml.h) and the
/// `block_*` structs of ggml/src/ggml-common.h in llama.cpp (ggml-org/llama.cpp, 2025–2026),
/// with QK_K = 256 for the K and IQ types. Ids 4, 5, 31–33 and 36–38 were removed from ggml and
/// are refused, as llama.cpp refuses them.
package struct GGMLType: Sendable, Hashable {
    package var id: Int
    package var name: String
    /// Elements stored together in one block (1 for plain floats and integers).
    package var blockElements: Int
    /// Bytes of one block.
    package var blockBytes: Int

    /// Bits per weight, scales included (Q4_K: 144 × 8 ÷ 256 = 4.5).
    package var bitsPerWeight: Double { Double(blockBytes * 8) / Double(blockElements) }

    package static let all: [GGMLType] = [
        GGMLType(id: 0, name: "F32", blockElements: 1, blockBytes: 4),
        GGMLType(id: 1, name: "F16", blockElements: 1, blockBytes: 2),
        GGMLType(id: 2, name: "Q4_0", blockElements: 32, blockBytes: 18),    // f16 scale + 16 bytes of nibbles
        GGMLType(id: 3, name: "Q4_1", blockElements: 32, blockBytes: 20),    // f16 scale and minimum + 16
        GGMLType(id: 6, name: "Q5_0", blockElements: 32, blockBytes: 22),    // f16 + 4 high bits + 16
        GGMLType(id: 7, name: "Q5_1", blockElements: 32, blockBytes: 24),
        GGMLType(id: 8, name: "Q8_0", blockElements: 32, blockBytes: 34),    // f16 + 32 bytes
        GGMLType(id: 9, name: "Q8_1", blockElements: 32, blockBytes: 36),    // f16 scale and sum + 32
        GGMLType(id: 10, name: "Q2_K", blockElements: 256, blockBytes: 84),  // 16 scales + 64 quants + 2 f16
        GGMLType(id: 11, name: "Q3_K", blockElements: 256, blockBytes: 110), // 32 high-bit mask + 64 + 12 scales + f16
        GGMLType(id: 12, name: "Q4_K", blockElements: 256, blockBytes: 144), // 2 f16 + 12 scales + 128
        GGMLType(id: 13, name: "Q5_K", blockElements: 256, blockBytes: 176), // 2 f16 + 12 scales + 32 high bits + 128
        GGMLType(id: 14, name: "Q6_K", blockElements: 256, blockBytes: 210), // 128 low + 64 high + 16 scales + f16
        GGMLType(id: 15, name: "Q8_K", blockElements: 256, blockBytes: 292), // f32 scale + 256 + 16 i16 sums
        GGMLType(id: 16, name: "IQ2_XXS", blockElements: 256, blockBytes: 66),
        GGMLType(id: 17, name: "IQ2_XS", blockElements: 256, blockBytes: 74),
        GGMLType(id: 18, name: "IQ3_XXS", blockElements: 256, blockBytes: 98),
        GGMLType(id: 19, name: "IQ1_S", blockElements: 256, blockBytes: 50),
        GGMLType(id: 20, name: "IQ4_NL", blockElements: 32, blockBytes: 18),
        GGMLType(id: 21, name: "IQ3_S", blockElements: 256, blockBytes: 110),
        GGMLType(id: 22, name: "IQ2_S", blockElements: 256, blockBytes: 82),
        GGMLType(id: 23, name: "IQ4_XS", blockElements: 256, blockBytes: 136),
        GGMLType(id: 24, name: "I8", blockElements: 1, blockBytes: 1),
        GGMLType(id: 25, name: "I16", blockElements: 1, blockBytes: 2),
        GGMLType(id: 26, name: "I32", blockElements: 1, blockBytes: 4),
        GGMLType(id: 27, name: "I64", blockElements: 1, blockBytes: 8),
        GGMLType(id: 28, name: "F64", blockElements: 1, blockBytes: 8),
        GGMLType(id: 29, name: "IQ1_M", blockElements: 256, blockBytes: 56),
        GGMLType(id: 30, name: "BF16", blockElements: 1, blockBytes: 2),
        GGMLType(id: 34, name: "TQ1_0", blockElements: 256, blockBytes: 54), // 48 base-3 packed + 4 + f16
        GGMLType(id: 35, name: "TQ2_0", blockElements: 256, blockBytes: 66), // 64 two-bit + f16
        GGMLType(id: 39, name: "MXFP4", blockElements: 32, blockBytes: 17),  // E8M0 scale + 16 bytes of E2M1
        GGMLType(id: 40, name: "NVFP4", blockElements: 64, blockBytes: 36),  // 4 UE4M3 scales + 32 bytes of E2M1
    ]

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The type numbered `id` in a GGUF tensor info, nil for ids ggml never had or has removed.
    package static func withID(_ id: Int) -> GGMLType? { byID[id] }

    /// The type called `name` (case-insensitive), for recipes and tests.
    package static func named(_ name: String) -> GGMLType? { all.first { $0.name.lowercased() == name.lowercased() } }

    /// Bytes of `elements` elements, nil unless they fill whole blocks (ggml requires rows to).
    package func bytes(elements: Int) -> Int? {
        guard elements >= 0, elements % blockElements == 0 else { return nil }
        let (product, overflow) = (elements / blockElements).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : product
    }
}
