import Catalog
import Foundation
import Kernels
import Testing
@testable import ModelFiles

/// Mutates real headers (bytes flipped, lengths inflated, files cut) and checks every reader either
/// reads the file or throws a `ModelFileError`: no crash, no hang, no unbounded allocation. The
/// generator is seeded, so a failure reproduces; the run stops after a fixed budget of cases or time.
struct HeaderFuzzTests {
    static func mutate(_ original: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch random.next() % 4 {
        case 0:
            for _ in 0..<(1 + random.next() % 4) {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
        case 1:
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
        case 2:
            // Inflate a would-be length: set a byte to 0xFF at a random spot in the first part of the header.
            let spot = Int(random.next() % UInt64(min(bytes.count, 512)))
            bytes[spot] = 0xFF
        default:
            let spot = Int(random.next() % UInt64(bytes.count))
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: spot)
        }
        return bytes
    }

    @Test func mutatedHeadersNeverCrash() throws {
        let folder = ModelFileWriter.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = GGUFReaderTests.llamaLike()
        let gguf = ModelFileWriter.gguf(metadata: model.metadata, tensors: model.tensors)
        let safetensors = ModelFileWriter.safetensors([
            ("model.embed_tokens.weight", "BF16", [64, 32], 16), ("model.layers.0.self_attn.q_proj.weight", "F8_E4M3", [32, 32], 8),
            ("model.layers.0.self_attn.q_proj.weight_scale_inv", "F32", [1, 1], 32),
        ])
        let config = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/models/deepseek-v3/config.json"))
        var random = SeededGenerator(seed: 17)
        let started = Date()
        var outcomes = (read: 0, refused: 0)
        for round in 0..<600 where Date().timeIntervalSince(started) < 5 {
            let target = folder.appendingPathComponent("case-\(round % 3)")
            do {
                switch round % 3 {
                case 0:
                    try ModelFileWriter.write(Self.mutate(gguf, &random), to: target)
                    _ = try GGUFModel.read(path: target.path)
                case 1:
                    try ModelFileWriter.write(Self.mutate(safetensors, &random), to: target)
                    _ = try SafetensorsHeader.read(path: target.path)
                default:
                    _ = try ModelConfig.parse(Self.mutate([UInt8](config), &random), path: "config.json")
                }
                outcomes.read += 1
            } catch is ModelFileError {
                outcomes.refused += 1
            }
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        #expect(outcomes.read > 0 && outcomes.refused > 0)
    }
}
