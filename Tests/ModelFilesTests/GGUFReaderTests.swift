import Catalog
import Foundation
import Testing
@testable import ModelFiles

/// GGUF headers: what is read, and what a broken file says.
struct GGUFReaderTests {
    static func llamaLike(types: (attention: String, ffn: String) = ("Q4_K", "Q6_K")) -> (metadata: [(String, ModelFileWriter.Meta)], tensors: [ModelFileWriter.GGUFTensor]) {
        let q = GGMLType.named(types.attention)!, f = GGMLType.named(types.ffn)!
        let metadata: [(String, ModelFileWriter.Meta)] = [
            ("general.architecture", .string("llama")), ("general.name", .string("Tiny Llama")),
            ("llama.block_count", .u32(2)), ("llama.embedding_length", .u32(256)), ("llama.feed_forward_length", .u32(512)),
            ("llama.attention.head_count", .u32(4)), ("llama.attention.head_count_kv", .u32(2)), ("llama.context_length", .u32(4096)),
            ("tokenizer.ggml.tokens", .strings((0..<64).map { "t\($0)" })),
        ]
        var tensors: [ModelFileWriter.GGUFTensor] = [
            .init(name: "token_embd.weight", shape: [256, 64], type: GGMLType.named("Q8_0")!),
            .init(name: "output_norm.weight", shape: [256], type: GGMLType.named("F32")!),
            .init(name: "output.weight", shape: [256, 64], type: GGMLType.named("Q6_K")!),
        ]
        for layer in 0..<2 {
            let p = "blk.\(layer)."
            tensors += [
                .init(name: p + "attn_norm.weight", shape: [256], type: GGMLType.named("F32")!),
                .init(name: p + "attn_q.weight", shape: [256, 256], type: q),
                .init(name: p + "attn_k.weight", shape: [256, 128], type: q),
                .init(name: p + "attn_v.weight", shape: [256, 128], type: f),
                .init(name: p + "attn_output.weight", shape: [256, 256], type: q),
                .init(name: p + "ffn_norm.weight", shape: [256], type: GGMLType.named("F32")!),
                .init(name: p + "ffn_gate.weight", shape: [256, 512], type: q),
                .init(name: p + "ffn_up.weight", shape: [256, 512], type: q),
                .init(name: p + "ffn_down.weight", shape: [512, 256], type: f),
            ]
        }
        return (metadata, tensors)
    }

    @Test func readsTensorsAndArchitecture() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let model = Self.llamaLike()
        let url = try ModelFileWriter.write(ModelFileWriter.gguf(metadata: model.metadata, tensors: model.tensors),
                                            to: folder.appendingPathComponent("tiny.gguf"))
        let read = try GGUFModel.read(path: url.path)
        #expect(read.inventory.tensors.count == 21)
        // ggml-common.h: block_q4_K is 144 bytes per 256 weights, block_q6_K 210, block_q8_0 34 per 32.
        let q = read.inventory.tensors.first { $0.name == "blk.0.attn_q.weight" }!
        #expect(q.type == "Q4_K" && q.bytes == 65_536 / 256 * 144)
        let embedding = read.inventory.tensors.first { $0.name == "token_embd.weight" }!
        #expect(embedding.bytes == 16_384 / 32 * 34)
        #expect(read.spec.layers == 2 && read.spec.kvHeads == 2 && read.spec.vocabSize == 64 && !read.spec.tiedEmbeddings)
        #expect(read.spec.totalParameters == read.inventory.tensors.reduce(0) { $0 + $1.elements })
        #expect(read.inventory.totalBytes == model.tensors.reduce(0) { $0 + $1.bytes })
    }

    @Test func versionTwoIsRead() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let model = Self.llamaLike()
        let url = try ModelFileWriter.write(ModelFileWriter.gguf(version: 2, metadata: model.metadata, tensors: model.tensors),
                                            to: folder.appendingPathComponent("v2.gguf"))
        #expect(try GGUFHeader.read(path: url.path).version == 2)
    }

    @Test func wrongMagicNamesByteZero() throws {
        let folder = ModelFileWriter.temporaryFolder()
        var bytes = ModelFileWriter.gguf(metadata: [], tensors: [])
        bytes[0] = UInt8(ascii: "X")
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("bad.gguf"))
        let error = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: url.path) }
        #expect(error?.position == .byte(0))
        #expect(error?.description.contains("expected the magic 'GGUF', found 'XGUF'") == true)
    }

    @Test func hugeStringLengthIsRefusedWithoutAllocating() throws {
        let folder = ModelFileWriter.temporaryFolder()
        var bytes = ModelFileWriter.gguf(metadata: [("general.name", .string("x"))], tensors: [])
        // The key's u64 length sits right after magic, version and the two counts (4 + 4 + 8 + 8 = 24).
        for index in 0..<8 { bytes[24 + index] = 0xFF }
        bytes[31] = 0x7F
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("huge.gguf"))
        let error = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: url.path) }
        #expect(error?.position == .byte(24))
        #expect(error?.message.contains("the length of a metadata key is 9223372036854775807") == true)
    }

    @Test func unknownTypeIsNamedAtItsByte() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let tensor = ModelFileWriter.GGUFTensor(name: "w", shape: [32], type: GGMLType.named("Q4_0")!)
        var bytes = ModelFileWriter.gguf(metadata: [], tensors: [tensor])
        // Header 24 bytes, then name (8 + 1), dims (4), one dim (8): the type is at byte 45.
        bytes[45] = 31
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("type.gguf"))
        let error = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: url.path) }
        #expect(error?.position == .byte(45))
        #expect(error?.message.contains("ggml type 31, which ggml does not define") == true)
    }

    @Test func truncatedFileSaysWhatWasExpected() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let model = Self.llamaLike()
        let whole = ModelFileWriter.gguf(metadata: model.metadata, tensors: model.tensors)
        // Cut after the counts: 21 tensor infos cannot fit in what is left.
        let counts = try ModelFileWriter.write(Array(whole.prefix(40)), to: folder.appendingPathComponent("counts.gguf"))
        let countError = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: counts.path) }
        #expect(countError?.description.hasSuffix("byte 8: the tensor count is 21, more than the 24 bytes left in the file can hold") == true)
        // Cut inside the vocabulary: 64 strings take at least 8 bytes each.
        let vocabulary = try ModelFileWriter.write(Array(whole.prefix(600)), to: folder.appendingPathComponent("vocabulary.gguf"))
        let vocabularyError = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: vocabulary.path) }
        #expect(vocabularyError?.message == "the length of array 'tokenizer.ggml.tokens' is 64, more than the 209 bytes left in the file can hold")
        // Cut inside the last tensor info's data offset.
        let full = try ModelFileWriter.write(whole, to: folder.appendingPathComponent("whole.gguf"))
        let headerEnd = try GGUFHeader.read(path: full.path).dataOffset
        let lastInfo = try ModelFileWriter.write(Array(whole.prefix(headerEnd - 32 + 4)), to: folder.appendingPathComponent("info.gguf"))
        let error = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: lastInfo.path) }
        #expect(error?.message.contains("but the file ends") == true, "\(String(describing: error))")
        // Header whole but the data cut: a truncated download.
        let short = try ModelFileWriter.write(Array(whole.dropLast(4096)), to: folder.appendingPathComponent("short.gguf"))
        let dataError = #expect(throws: ModelFileError.self) { try GGUFHeader.read(path: short.path) }
        #expect(dataError?.message.contains("truncated download") == true)
    }

    @Test func splitModelFindsItsShards() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let model = Self.llamaLike()
        let first = Array(model.tensors.prefix(10)), second = Array(model.tensors.dropFirst(10))
        try ModelFileWriter.write(ModelFileWriter.gguf(metadata: model.metadata + [("split.count", .u32(2)), ("split.no", .u32(0))], tensors: first),
                                  to: folder.appendingPathComponent("m-00001-of-00002.gguf"))
        let firstPath = folder.appendingPathComponent("m-00001-of-00002.gguf").path
        let missing = #expect(throws: ModelFileError.self) { try GGUFModel.read(path: firstPath) }
        #expect(missing?.path.hasSuffix("m-00002-of-00002.gguf") == true)
        try ModelFileWriter.write(ModelFileWriter.gguf(metadata: [("split.count", .u32(2)), ("split.no", .u32(1))], tensors: second),
                                  to: folder.appendingPathComponent("m-00002-of-00002.gguf"))
        let read = try GGUFModel.read(path: firstPath)
        #expect(read.headers.count == 2)
        #expect(read.inventory.tensors.count == model.tensors.count)
    }

    @Test func headerOfAHugeModelIsReadWithoutItsData() throws {
        // A sparse file: 2 tensors whose data would be 400 GB; only the header is read.
        let folder = ModelFileWriter.temporaryFolder()
        let big = ModelFileWriter.GGUFTensor(name: "blk.0.ffn_up_exps.weight", shape: [7168, 2048, 256, 50], type: GGMLType.named("Q4_K")!)
        let bytes = ModelFileWriter.gguf(metadata: [], tensors: [big], withData: false)
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("big.gguf"), sparseTotal: bytes.count + big.bytes)
        let header = try GGUFHeader.read(path: url.path)
        #expect(header.tensors[0].bytes == big.bytes)
        #expect(header.bytesRead < 2 << 20)
    }
}

/// Hybrid models in GGUF: per-layer KV head counts mark the state-space layers, the ssm.* keys size their state.
struct GGUFHybridTests {
    @Test func stateSpaceLayersKeepAConstantState() throws {
        let folder = ModelFileWriter.temporaryFolder()
        // A Qwen3-Next-shaped model in llama.cpp's keys: four layers, every fourth one full attention (head_count_kv 2),
        // the others Gated DeltaNet (head_count_kv 0) with ssm.inner_size 4096 (32 value heads × 128), ssm.state_size 128,
        // ssm.group_count 16 (key heads), ssm.conv_kernel 4 — the config.json fixture's linear_* fields.
        let metadata: [(String, ModelFileWriter.Meta)] = [
            ("general.architecture", .string("qwen3next")), ("qwen3next.block_count", .u32(4)),
            ("qwen3next.embedding_length", .u32(256)), ("qwen3next.attention.head_count", .u32(4)),
            ("qwen3next.attention.head_count_kv", .i32s([0, 0, 0, 2])), ("qwen3next.attention.key_length", .u32(256)),
            ("qwen3next.context_length", .u32(262144)), ("qwen3next.vocab_size", .u32(64)),
            ("qwen3next.ssm.inner_size", .u32(4096)), ("qwen3next.ssm.state_size", .u32(128)),
            ("qwen3next.ssm.group_count", .u32(16)), ("qwen3next.ssm.conv_kernel", .u32(4)),
        ]
        let tensors = [ModelFileWriter.GGUFTensor(name: "token_embd.weight", shape: [256, 64], type: GGMLType.named("F16")!)]
        let url = try ModelFileWriter.write(ModelFileWriter.gguf(metadata: metadata, tensors: tensors), to: folder.appendingPathComponent("h.gguf"))
        let spec = try GGUFModel.read(path: url.path).spec
        #expect(spec.cachingLayers == 1)
        // Per linear layer: 32 × 128 × 128 recurrent state + (2 × 16 × 128 + 32 × 128) channels × 3 steps, as from config.json.
        #expect(spec.stateElementsPerSequence == 3 * (32 * 128 * 128 + 8192 * 3))
    }
}
