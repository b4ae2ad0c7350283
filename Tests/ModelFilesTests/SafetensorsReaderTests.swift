import Foundation
import Testing
@testable import ModelFiles

/// safetensors headers: dtypes, packed weights, and what a broken header says.
struct SafetensorsReaderTests {
    @Test func readsDtypesAndShapes() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let url = try ModelFileWriter.write(ModelFileWriter.safetensors([
            ("model.embed_tokens.weight", "BF16", [64, 32], 16),
            ("model.layers.0.mlp.down_proj.weight", "F8_E4M3", [32, 64], 8),
            ("model.layers.0.mlp.down_proj.weight_scale_inv", "F32", [1, 1], 32),
        ]), to: folder.appendingPathComponent("model.safetensors"))
        let header = try SafetensorsHeader.read(path: url.path)
        #expect(header.tensors.map(\.type) == ["BF16", "F8_E4M3", "F32"])
        #expect(header.tensors.map(\.bytes) == [4096, 2048, 4])
        // Block scales are stored bytes but not parameters.
        #expect(header.tensors.map(\.parameters) == [2048, 2048, 0])
        #expect(header.metadata.first?.value == "pt")
    }

    @Test func packedWeightsCountEveryWeight() throws {
        // GPTQ packs eight 4-bit weights per I32 (AutoGPTQ's qweight); gpt-oss packs two FP4 per byte in `_blocks`.
        let folder = ModelFileWriter.temporaryFolder()
        let url = try ModelFileWriter.write(ModelFileWriter.safetensors([
            ("model.layers.0.mlp.up_proj.qweight", "I32", [16, 64], 32),
            ("model.layers.0.mlp.up_proj.scales", "F16", [1, 64], 16),
            ("model.layers.0.mlp.experts.down_proj_blocks", "U8", [4, 64, 2, 16], 8),
        ]), to: folder.appendingPathComponent("q.safetensors"))
        let header = try SafetensorsHeader.read(path: url.path, packedBits: 4)
        // Sorted by name: the expert blocks (2 per byte), the qweight (8 per I32), the scales (none).
        #expect(header.tensors.map(\.parameters) == [4 * 64 * 2 * 16 * 2, 16 * 64 * 8, 0])
    }

    @Test func headerLengthPastTheEnd() throws {
        let folder = ModelFileWriter.temporaryFolder()
        var bytes = ModelFileWriter.safetensors([("w", "F32", [2], 32)])
        bytes[5] = 0x01
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("long.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try SafetensorsHeader.read(path: url.path) }
        #expect(error?.position == .byte(0))
        #expect(error?.message.contains("past the end of the file") == true)
    }

    @Test func unknownDtypeSuggestsTheNearest() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let url = try ModelFileWriter.write(ModelFileWriter.safetensors([("w", "BF61", [2], 16)]), to: folder.appendingPathComponent("d.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try SafetensorsHeader.read(path: url.path) }
        // 8 length bytes, then {"__metadata__":{"format":"pt"},"w":{"dtype": (45 bytes): the value starts at header byte 45.
        #expect(error?.position == .byte(8 + 45))
        #expect(error?.message.contains("did you mean 'BF16'") == true)
    }

    @Test func malformedJSONGivesItsByte() throws {
        let folder = ModelFileWriter.temporaryFolder()
        var bytes = ModelFileWriter.safetensors([("w", "F32", [2], 32)])
        bytes[8 + 1] = UInt8(ascii: "x")
        let url = try ModelFileWriter.write(bytes, to: folder.appendingPathComponent("j.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try SafetensorsHeader.read(path: url.path) }
        #expect(error?.position == .byte(9))
        #expect(error?.message.contains("expected a quoted member name") == true)
    }

    @Test func truncatedDataIsCaught() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let bytes = ModelFileWriter.safetensors([("w", "F32", [1024], 32)])
        let url = try ModelFileWriter.write(Array(bytes.dropLast(100)), to: folder.appendingPathComponent("t.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try SafetensorsHeader.read(path: url.path) }
        #expect(error?.message.contains("truncated download") == true)
    }
}
