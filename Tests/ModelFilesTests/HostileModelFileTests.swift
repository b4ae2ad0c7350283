import Catalog
import Foundation
import Testing
@testable import ModelFiles

/// Model files a careless or hostile user might hand `inspect` and `size --model` (found in QA of
/// issues 15 and 17): each gives an error naming the file, the spot and what was expected, never a
/// trap, a hang, or a negative or absurd figure passed on to the engine.
struct HostileModelFileTests {
    /// A GGUF file that reads cleanly except for `changed` metadata (replacing keys of the same name).
    func gguf(_ changed: [(String, ModelFileWriter.Meta)], tensors: [ModelFileWriter.GGUFTensor]? = nil) throws -> URL {
        let base = GGUFReaderTests.llamaLike()
        let keys = Set(changed.map(\.0))
        let metadata = base.metadata.filter { !keys.contains($0.0) } + changed
        return try ModelFileWriter.write(ModelFileWriter.gguf(metadata: metadata, tensors: tensors ?? base.tensors),
                                         to: ModelFileWriter.temporaryFolder().appendingPathComponent("model.gguf"))
    }

    func loadError(_ url: URL) -> ModelFileError? {
        #expect(throws: ModelFileError.self) { try ModelSource.load(path: url.path) }
    }

    @Test func ggufDimensionsOutsideTheEnginesLimitsAreRefused() throws {
        // Before: a 2^40 hidden size was sized (a KV cache of 36 million GB), and 3 KV heads for 4
        // query heads passed; -3 KV heads gave "-384 B per token". Limits: ModelSpec+Limits.swift.
        let hidden = loadError(try gguf([("llama.embedding_length", .u64(1 << 40))]))
        #expect(hidden?.message == "the hidden size is 1099511627776; expected 1 to 16777216; the file's architecture is implausible")
        let kvHeads = loadError(try gguf([("llama.attention.head_count_kv", .u32(3))]))
        #expect(kvHeads?.message.hasPrefix("the attention head count 4 is not a multiple of the KV head count 3") == true)
        let experts = loadError(try gguf([("llama.expert_count", .u64(1 << 40)), ("llama.expert_used_count", .u32(2))]))
        #expect(experts?.message.hasPrefix("the expert count is 1099511627776; expected 1 to 65536") == true)
        let keyLength = loadError(try gguf([("llama.attention.key_length", .u64(1 << 41))]))
        #expect(keyLength?.message == "the metadata key 'llama.attention.key_length' is 2199023255552; expected 0 to 2^40")
        #expect(keyLength?.position == .wholeFile)
        // Before: a u64 past Int.max read as absent, and the KV heads silently became the query heads.
        let kv = loadError(try gguf([("llama.attention.head_count_kv", .u64(1 << 63))]))
        #expect(kv?.message == "the metadata key 'llama.attention.head_count_kv' is 9223372036854775808; expected 0 to 2^40")
    }

    @Test func aTensorListedTwiceIsNotCountedTwice() throws {
        // Before: inspect reported 12,800 parameters for two copies of one 6,400-element tensor.
        let table = ModelFileWriter.GGUFTensor(name: "token_embd.weight", shape: [256, 64], type: GGMLType.named("F32")!)
        let url = try gguf([], tensors: [table, table])
        let error = loadError(url)
        #expect(error?.path == url.path)
        #expect(error?.message == "the tensor 'token_embd.weight' is listed twice; each tensor must appear once")
    }

    @Test func filesWithoutWeightsAreNotAModelOfZeroBytes() throws {
        // Before: a folder whose model.safetensors held only "__metadata__" was sized as "0 parameters × 2 bytes".
        let folder = ModelFileWriter.temporaryFolder()
        try Data((Self.config + "}").utf8).write(to: folder.appendingPathComponent("config.json"))
        let shard = try ModelFileWriter.write(ModelFileWriter.safetensors([]), to: folder.appendingPathComponent("model.safetensors"))
        let error = loadError(folder)
        #expect(error?.path == shard.path)
        #expect(error?.message == "holds no weights (0 tensors, none with parameters); expected the model's tensors (is the download finished?)")
    }

    @Test func negativeSafetensorsOffsetsAreNamedAtTheirByte() throws {
        // Before: [-4, 0] spans the 4 bytes F16 [2] needs, and was reported as "ends at data byte 0, past
        // the end of the file's 4 data bytes (truncated download?)".
        let header = #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[-4,0]}}"#
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
        bytes += Array(header.utf8) + [0, 0, 0, 0]
        let url = try ModelFileWriter.write(bytes, to: ModelFileWriter.temporaryFolder().appendingPathComponent("a.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try SafetensorsHeader.read(path: url.path) }
        #expect(error?.message == "tensor 'a' has data_offsets [-4, 0]; expected 0 ≤ begin ≤ end")
        // The position is the "data_offsets" array's: its offset in the JSON, which starts at byte 8.
        #expect(error?.position == .byte(8 + header.utf8.distance(from: header.utf8.startIndex, to: header.range(of: "[-4")!.lowerBound)))
    }

    static let config = #"{"model_type":"llama","num_hidden_layers":2,"hidden_size":64,"num_attention_heads":4,"num_key_value_heads":2,"vocab_size":100,"intermediate_size":128,"max_position_embeddings":4096"#

    func configError(_ extra: String) throws -> ModelFileError? {
        let url = ModelFileWriter.temporaryFolder().appendingPathComponent("config.json")
        try Data((Self.config + extra + "}").utf8).write(to: url)
        return #expect(throws: ModelFileError.self) { try ModelSource.load(path: url.path) }
    }

    @Test func zeroPeriodsAndWidthsInConfigAreErrorsAtTheirValue() throws {
        // Before: each of these divided by zero (a trap); the column is the value's, after the base config.
        let column = Self.config.utf8.count + 1
        for key in ["full_attention_interval", "attn_layer_period", "sliding_window_pattern"] {
            let error = try configError(",\"\(key)\":0,\"sliding_window\":64,\"attn_layer_offset\":0")
            #expect(error?.message == "'\(key)' is 0; expected 1 to 16777216")
            #expect(error?.position == .line(1, column: column + key.utf8.count + 4))
        }
        let bits = try configError(#","quantization_config":{"quant_method":"gptq","bits":0}"#)
        #expect(bits?.message == "the quantization width is 0; expected a whole number of bits from 1 to 32")
        // Before: "'num_hidden_layers' is -3; expected 0 to 16777216", a range that is not the field's.
        let url = ModelFileWriter.temporaryFolder().appendingPathComponent("config.json")
        try Data(Self.config.replacingOccurrences(of: #""num_hidden_layers":2"#, with: #""num_hidden_layers":-3"#).appending("}").utf8).write(to: url)
        let layers = #expect(throws: ModelFileError.self) { try ModelSource.load(path: url.path) }
        #expect(layers?.message == "'num_hidden_layers' is -3; expected 1 to 4096")
        let headDim = try configError(#","head_dim":0"#)
        #expect(headDim?.message == "'head_dim' is 0; expected 1 to 16777216")
    }

    @Test func numbersThatAreNotWholeOrTooLargeSayWhatWasFound() throws {
        // Before: both read "'head_dim' must be a whole number, found a number".
        let huge = try configError(#","head_dim":1e16"#)
        #expect(huge?.message == "'head_dim' is 1e+16; expected 1 to 16777216")
        let fraction = try configError(#","head_dim":64.5"#)
        #expect(fraction?.message == "'head_dim' must be a whole number, found 64.5")
        #expect(fraction?.position == .line(1, column: Self.config.utf8.count + 13))
    }

    @Test func hugeStateSizesAreRefusedNotMultipliedPastAnInt() throws {
        // Before: 16,000,000³ value-head × key × value elements trapped in plain Int arithmetic.
        let error = try configError(#","full_attention_interval":2,"linear_num_value_heads":16000000,"linear_num_key_heads":16000000,"#
                                    + #""linear_key_head_dim":16000000,"linear_value_head_dim":16000000,"linear_conv_kernel_dim":4"#)
        #expect(error?.message == "the linear-attention state comes to more than 2^52 elements; the config's sizes are implausible")
    }

    @Test func expertsEachTokenUsesMustBeBetweenOneAndTheTotal() throws {
        let error = try configError(#","num_experts":8,"num_experts_per_tok":99,"moe_intermediate_size":64"#)
        #expect(error?.message == "the experts each token uses is 99; expected 1 to 8; the file's architecture is implausible")
    }

    @Test func pathsThatAreNotRegularFilesAreRefusedWithoutWaiting() throws {
        // Before: a FIFO made `inspect` wait forever for a writer; /dev/zero read as an empty document;
        // a folder named config.json was "9223372036854775807 bytes"; a link loop was "no such file".
        let folder = ModelFileWriter.temporaryFolder()
        let fifo = folder.appendingPathComponent("model.gguf").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(loadError(URL(fileURLWithPath: fifo))?.message
                == "is a named pipe (FIFO), not a regular file; infrabook reads model files, not streams")
        #expect(loadError(URL(fileURLWithPath: "/dev/zero"))?.message == "is a device, not a regular file; expected a model file")
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model.appendingPathComponent("config.json"), withIntermediateDirectories: true)
        let folderError = loadError(model)
        #expect(folderError?.path == model.appendingPathComponent("config.json").path)
        #expect(folderError?.message == "is a folder; expected a file")
        let loop = folder.appendingPathComponent("a").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b").path, withDestinationPath: "a")
        #expect(loadError(URL(fileURLWithPath: loop))?.message == "is a symbolic link that leads back to itself; expected a model file or folder")
    }
}
