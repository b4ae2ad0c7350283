import Foundation
import Testing

/// `infrabook inspect PATH` and `size --model PATH` through the built binary, on the published
/// config.json fixtures (Tests/Fixtures/models, sources in its README).
@Suite struct ModelFilesCommandTests {
    static let models = FixtureBook.repository.appendingPathComponent("Tests/Fixtures/models")
    static let data = FixtureBook.repository.appendingPathComponent("Content/data").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func inspectPrintsArchitectureAndCounts() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let run = try book.infrabook(["inspect", Self.models.appendingPathComponent("gpt-oss-120b").path, "--data", Self.data, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let object = try json(run.standardOutput)
        // gpt-oss-120b's card: 116.8B parameters, layers alternating a 128-token window and full attention.
        #expect(object["parameters"] as? Int == 116_829_156_672)
        #expect(object["layer_attention"] as? String == String(repeating: "WF", count: 18))
        // 18 full + 18 windowed layers × 8 KV heads × 64 head dim × 2 (K, V) × 2 bytes.
        #expect(object["kv_cache_bytes_per_token"] as? Int == 36 * 8 * 64 * 2 * 2)
        let text = try book.infrabook(["inspect", Self.models.appendingPathComponent("deepseek-v3/config.json").path, "--data", Self.data])
        #expect(text.standardOutput.contains("MLA: 128 heads, latent 512 + rope 64"))
    }

    @Test func sizeTakesAModelFolder() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let path = Self.models.appendingPathComponent("llama-3.1-8b").path
        let run = try book.infrabook(["size", "--model", path, "--gpu", "h100-sxm", "--data", Self.data, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let memory = try #require(try json(run.standardOutput)["memory"] as? [String: Any])
        // BF16: 8,030,261,248 parameters (the published checkpoint's total_size 16,060,522,496 B ÷ 2) × 2 bytes.
        #expect(memory["weights_bytes"] as? Int == 16_060_522_496)
    }

    @Test func brokenModelFileExitsWithItsByteOffset() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let junk = book.root.appendingPathComponent("junk.gguf")
        try Data("GGUX and the rest".utf8).write(to: junk)
        let run = try book.infrabook(["inspect", junk.path, "--data", Self.data])
        #expect(run.status == 1)
        #expect(run.standardError == "\(junk.path): byte 0: error: expected the magic 'GGUF', found 'GGUX'\n")
    }

    @Test func aNamedPipeIsRefusedAtOnce() throws {
        // Before: `inspect` opened the FIFO and waited for a writer that never came.
        let book = try FixtureBook()
        defer { book.remove() }
        let pipe = book.root.appendingPathComponent("model.gguf").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let run = try book.infrabook(["size", "--model", pipe, "--data", Self.data])
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(pipe): is a named pipe (FIFO), not a regular file"))
    }
}
