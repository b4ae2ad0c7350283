import ArgumentParser
import Foundation
import Kernels

/// `infrabook bench`: measures the quantized matmul kernels and this machine's bandwidth and FMA peak,
/// then prints a table or the JSON that `Content/data/benchmark.json` caches.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the quantized matmul kernels on this machine.",
        discussion: "GEMV on 4096×4096 and 14336×4096, GEMM on 14336×4096 with 1, 8, 64 and 512 tokens, for f32, f16, bf16, q8_0 and q4_0 weights. Progress goes to standard error."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Flag(help: "Only 4096×4096 and fewer repeats (under 30 seconds).")
    var quick = false

    @Option(help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weight formats to measure, comma-separated (default: all of f32, f16, bf16, q8_0, q4_0).")
    var formats: String?

    @Option(help: "Operations to measure, comma-separated (default: both of gemv, gemm).")
    var ops: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Which kernels run: avx512, avx2 or scalar (default: the fastest this CPU supports). Runs with different kernels compare paths on the same machine.")
    var kernels: String?

    func validate() throws {
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

    func run() throws {
        let options = try BenchmarkOptions(quick: quick, threads: threads, formats: selectedFormats(),
                                           operations: selectedOperations(), path: selectedPath())
        let status = StatusLine()
        let report = try Benchmark.run(options: options) { status.show($0) }
        status.finish()
        print(format == .json ? report.jsonText() : report.textTable(), terminator: "")
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
