import ArgumentParser
import Basics
import Catalog
import Foundation
import Kernels
import Sizing

/// `infrabook bench`: measures the quantized matmul kernels and this machine's bandwidth and FMA peak,
/// then prints a table or the JSON that `Content/data/benchmark.json` caches.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the quantized matmul kernels on this machine.",
        discussion: "GEMV on 4096×4096 and 14336×4096, GEMM on 14336×4096 with 1, 8, 64 and 512 tokens, for f32, f16, bf16, q8_0, q4_0, q4_K, q5_K and q6_K weights; --shape or --model time other shapes. Progress goes to standard error."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Flag(help: "Only 4096×4096 and fewer repeats (under 30 seconds).")
    var quick = false

    @Option(help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weight formats to measure, comma-separated (default: all of f32, f16, bf16, q8_0, q4_0, q4_K, q5_K, q6_K).")
    var formats: String?

    @Option(help: "Operations to measure, comma-separated (default: both of gemv, gemm).")
    var ops: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Which kernels run: avx512, avx2 or scalar (default: the fastest this CPU supports). Runs with different kernels compare paths on the same machine.")
    var kernels: String?

    @Flag(help: "Decode from ggml's plain rows, without the interleaved decode layout the vector kernels read by default (to measure what the layout gains).")
    var plainRows = false

    @Option(help: "Time this weight shape, m×k (e.g. 14336x4096), for GEMV and GEMM instead of the standard shapes.")
    var shape: String?

    @Option(help: "Time the decoder weight shapes of this catalog model (attention, feed-forward and expert projections; see 'infrabook catalog models'); GEMM on the largest.")
    var model: String?

    @OptionGroup var dataFolder: DataFolder

    /// The data folder `--content` (its data/) or `--data` names.
    var data: String { dataFolder.directory }

    @Option(help: "GEMM token counts, comma-separated (default: 1,8,64,512).")
    var tokens: String?

    @Option(help: "Another program's results in this command's JSON shape (llama.cpp's ggml timed on this machine, say): print each matched result's speed ratio after the table.")
    var compare: String?

    func validate() throws {
        if shape != nil && model != nil { throw ValidationError("--shape and --model both choose the shapes; give one.") }
        if let shape { _ = try Self.parseShape(shape) }
        _ = try selectedTokens()
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1; found \(threads).") }
        guard threads <= BenchmarkOptions.maximumThreads else {
            throw ValidationError("--threads \(threads) is more than \(BenchmarkOptions.maximumThreads); this machine has \(ProcessInfo.processInfo.activeProcessorCount) cores.")
        }
        do { _ = try selectedFormats() } catch { throw ValidationError("\(error)") }
        _ = try selectedPath()
        _ = try selectedOperations()
    }

    func selectedOperations() throws -> [MatMulOperation] {
        guard let ops else { return MatMulOperation.allCases }
        do {
            return try ops.split(separator: ",").map { try MatMulOperation.named($0.trimmingCharacters(in: .whitespaces)) }
        } catch { throw ValidationError("--ops: \(error)") }
    }

    func selectedPath() throws -> KernelPath {
        guard let kernels else { return .best }
        let path: KernelPath
        do { path = try KernelPath.named(kernels) } catch { throw ValidationError("--kernels: \(error)") }
        guard path.isAvailable else {
            throw ValidationError("--kernels \(path.rawValue) needs \(path.requiredExtensions.joined(separator: ", ")), which this CPU lacks; it can run \(KernelPath.allCases.filter(\.isAvailable).map(\.rawValue).joined(separator: ", ")).")
        }
        return path
    }

    func selectedFormats() throws -> [WeightFormat] {
        guard let formats else { return WeightFormat.allCases }
        return try formats.split(separator: ",").map { try WeightFormat.named(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// --tokens as counts from 1 to 65536, or nil for the default.
    func selectedTokens() throws -> [Int]? {
        guard let tokens else { return nil }
        let counts = tokens.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 != nil && $0! >= 1 && $0! <= 65536 }) else {
            throw ValidationError("--tokens expects token counts from 1 to 65536, comma-separated, e.g. 1,512; found '\(tokens)'.")
        }
        return counts.map { $0! }
    }

    /// "14336x4096" or "14336×4096" as a shape; both sides at least 1.
    static func parseShape(_ text: String) throws -> MatrixShape {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]), rows >= 1, columns >= 1 else {
            throw ValidationError("--shape expects m×k as two positive integers, e.g. 14336x4096; found '\(text)'.")
        }
        return MatrixShape(rows: rows, columns: columns)
    }

    /// The model's distinct weight shapes that every selected format can store (K-quants need k in whole
    /// 256-weight super-blocks); the others are named on standard error.
    func modelShapes(_ id: String, formats: [WeightFormat]) throws -> [MatrixShape] {
        let catalog = try DataInputs.catalog(in: data)
        guard let spec = catalog.model(id) else {
            throw CommandLineInput("--model", "unknown model '\(id)'" + NearestNames.hint(id, among: catalog.models.map(\.id)))
        }
        var shapes: [MatrixShape] = []
        for projection in spec.projectionShapes {
            let shape = MatrixShape(rows: projection.rows, columns: projection.columns)
            guard !shapes.contains(shape) else { continue }
            let refusing = formats.filter { projection.columns % $0.elementsPerBlock != 0 }
            guard refusing.isEmpty else {
                let names = refusing.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("note: \(projection.name) (\(shape)) left out: k = \(projection.columns) is not a whole number of \(names) blocks\n".utf8))
                continue
            }
            shapes.append(shape)
        }
        guard !shapes.isEmpty else {
            throw CommandLineInput("--model", "no weight shape of '\(id)' can be stored in every selected format; choose others with --formats")
        }
        return shapes
    }

    /// With --model and both q4_K and q6_K measured: one token's time through the decoder's projections as
    /// llama.cpp's Q4_K_M recipe stores them, summed from this run's GEMV medians.
    func q4KMLine(_ id: String, report: BenchmarkReport) throws -> String? {
        guard let spec = try DataInputs.catalog(in: data).model(id) else { return nil }
        let seconds = Q4KMRecipe.decodeSeconds(spec) { rows, columns, name in
            report.results.first { $0.op == .gemv && $0.m == rows && $0.k == columns && $0.format.rawValue == name }?.medianSeconds
        }
        guard let seconds else { return nil }
        return "Q4_K_M mix (llama.cpp's recipe: attn_v and ffn_down in Q6_K on the layers use_more_bits picks, the rest Q4_K): "
            + "one token through \(spec.id)'s decoder projections takes \(String(format: "%.2f", seconds * 1e3)) ms "
            + "(sum of the GEMV medians above, each active expert counted)"
    }

    func run() throws {
        var options = try BenchmarkOptions(quick: quick, threads: threads, formats: selectedFormats(),
                                           operations: selectedOperations(), path: selectedPath())
        if let counts = try selectedTokens() { options.gemmTokens = counts }
        options.decodeLayout = !plainRows
        if let shape {
            let chosen = try Self.parseShape(shape)
            options.gemvShapes = [chosen]
            options.gemmShape = chosen
        } else if let model {
            let shapes = try modelShapes(model, formats: options.formats)
            options.gemvShapes = shapes
            options.gemmShape = shapes.max { $0.rows * $0.columns < $1.rows * $1.columns }!
        }
        // The other program's results are read first: a bad file should not cost a whole run.
        let other = try compare.map { path in
            do { return try BenchmarkReport.load(from: path) } catch { throw CommandLineInput("--compare", "\(error)") }
        }
        let status = StatusLine()
        let report = try Benchmark.run(options: options) { status.show($0) }
        status.finish()
        print(format == .json ? report.jsonText() : report.textTable(), terminator: "")
        if let model, format == .text, let line = try q4KMLine(model, report: report) { print("\n" + line) }
        guard let other else { return }
        // With --format json standard output stays the report alone; the comparison goes to standard error.
        let comparison = report.comparisonTable(with: other, label: other.machine.cpu)
        if format == .text { print("\n" + comparison, terminator: "") } else { FileHandle.standardError.write(Data(comparison.utf8)) }
    }
}

/// One progress line on standard error, rewritten in place on a terminal and printed line by line otherwise.
private final class StatusLine {
    private let interactive = isatty(FileHandle.standardError.fileDescriptor) != 0
    private var shown = false

    func show(_ text: String) {
        let line = interactive ? "\r\u{1B}[2K" + text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if interactive && shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
