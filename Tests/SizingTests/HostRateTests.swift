import Catalog
import Sizing
import Testing

/// The CPU rate a partial offload uses (`PartialOffload.HostMeasurement.measured`): a model's own decode from
/// the benchmark's one-token products, not the fastest (cache-resident) small product.
struct HostRateTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    // q4_0 stores 32 weights in 18 bytes (ggml `block_q4_0`): Llama 3.1 8B's shapes (config.json: hidden_size 4096,
    // 8 KV heads of 128, intermediate_size 14336) read 2,359,296 (1024×4096), 9,437,184 (4096×4096) and
    // 33,030,144 bytes (14336×4096 and 4096×14336). The small one runs from cache at 100 GB/s, 4096×4096 at
    // 25 GB/s, the large ones at 20 GB/s from memory (times chosen for this test).
    static func run(_ rows: Int, _ columns: Int, gbps: Double, format: String = "q4_0") -> PartialOffload.HostMeasurement.GEMVRun {
        let bytes = Double(rows * columns) * 18 / 32
        return .init(format: format, rows: rows, columns: columns, threads: 2, seconds: bytes / (gbps * 1e9), weightBytes: bytes)
    }

    static let runs = [run(1024, 4096, gbps: 100), run(4096, 4096, gbps: 25), run(14336, 4096, gbps: 20), run(4096, 14336, gbps: 20),
                       run(1024, 4096, gbps: 300, format: "q8_0")]

    func rate(_ runs: [PartialOffload.HostMeasurement.GEMVRun], precision: String = "q4_k_m") throws -> PartialOffload.HostMeasurement {
        .measured(cpu: "test CPU", model: try #require(f.catalog.model("llama-3.1-8b")), precision: try #require(f.catalog.precision(precision)),
                  runs: runs, memoryReadBytesPerSecond: 30e9, readThreads: 2, source: "benchmark.json")
    }

    @Test func theModelsOwnShapesGiveTheRateNotTheFastestRun() throws {
        // Per layer k and v read 2 × 2,359,296 bytes, q and o 2 × 9,437,184, gate, up and down 3 × 33,030,144:
        // 122,683,392 bytes in 2 × 23.59 µs + 2 × 377.49 µs + 3 × 1,651.51 µs = 5,756.68 µs, 21.31 GB/s.
        let host = try rate(Self.runs)
        #expect(abs(host.weightBytesPerSecond - 21.3115e9) < 0.001e9)
        #expect(host.measuredAs == "q4_0 GEMV on llama-3.1-8b's own shapes, 2 threads, benchmark.json")
    }

    @Test func withoutEveryShapeTheLargestMeasuredOneStands() throws {
        // No 1024×4096 run of q4_0: 14336×4096 and 4096×14336 are the largest (equal products); the first listed is taken.
        let host = try rate(Array(Self.runs.dropFirst()))
        #expect(abs(host.weightBytesPerSecond - 20e9) < 1)
        #expect(host.measuredAs == "q4_0 GEMV 14336×4096, 2 threads, benchmark.json")
        // Only the small shape: it is all there is, and the text says which shape it was.
        #expect(try rate([Self.runs[0]]).measuredAs == "q4_0 GEMV 1024×4096, 2 threads, benchmark.json")
    }

    @Test func noRunOfTheFormatFallsBackToTheMemoryRead() throws {
        let host = try rate(Self.runs, precision: "fp16")
        #expect(host.weightBytesPerSecond == 30e9)
        #expect(host.measuredAs == "memory read, 2 threads, benchmark.json")
    }
}
