import Basics
import Catalog
import Foundation
import Kernels
import ModelFiles

/// Loading everything pages are evaluated against from a data folder, in one place for every front end
/// (`build`, `check`, `serve`): the catalog, the prices file and its validation, the cached kernel
/// benchmark and its machine check, and the published measurements.
///
/// Owns which files are read, their defaults (`prices.yaml` and `benchmark.json` beside the catalog)
/// and which of their problems are warnings. Never prints and never decides an exit status: problems
/// come back as diagnostics for the caller to show.
extension EvaluationContext {
    /// How the kernel benchmark is obtained: the data folder's cached `benchmark.json`, or measured again
    /// on this machine (written to that file, with each step's status line passed to the closure).
    package enum BenchmarkSource {
        case cached
        case measure(status: (String) -> Void)
    }

    /// The evaluation context for the data folder `dataDirectory` on the build's day `today`, and the
    /// problems found loading it (prices' staleness warnings, a benchmark measured on another machine).
    /// `pricesFile` replaces `dataDirectory/prices.yaml`. Errors in the catalog are thrown, since no page
    /// can be evaluated without it; every other problem is returned and the part at fault left out.
    package static func load(dataDirectory: String, pricesFile: String?, today: String,
                            benchmark source: BenchmarkSource = .cached) throws -> (EvaluationContext, [Diagnostic]) {
        // With the calibrated speed constants, as `size` and `report` use them.
        let catalog = try ConfigCatalog.loadCalibrated(directory: dataDirectory)
        var problems: [Diagnostic] = []
        var priceList: PriceList?
        if let pricesPath = pricesPath(explicit: pricesFile, dataDirectory: dataDirectory) {
            do {
                let list = try PriceList.load(path: pricesPath)
                problems += list.validate(gpuIDs: catalog.gpus.map(\.id), systemIDs: catalog.systems.map(\.id), today: today)
                    .filter { $0.severity != .note }
                priceList = list
            } catch {
                problems += error.items
            }
        }
        let benchmarkPath = (dataDirectory as NSString).appendingPathComponent("benchmark.json")
        var benchmark: BenchmarkReport?
        switch source {
        case .measure(let status):
            let report = try Benchmark.run(options: BenchmarkOptions(), progress: status)
            try report.write(to: benchmarkPath)
            benchmark = report
        case .cached where FileManager.default.fileExists(atPath: benchmarkPath):
            do throws(Diagnostic) {
                let cached = try cachedBenchmark(at: benchmarkPath)
                // The pages then describe the machine that measured, not this one: say so, and how to refresh.
                if cached.cacheKey != BenchmarkReport.currentCacheKey {
                    problems.append(.warning(at: SourceLocation(file: benchmarkPath, line: 1, column: 1),
                                             "measured on '\(cached.cacheKey)', but this machine runs '\(BenchmarkReport.currentCacheKey)'; 'infrabook build --rerun-bench' measures it"))
                }
                benchmark = cached
            } catch {
                problems.append(error)
            }
        case .cached:
            break
        }
        var measurements: MeasurementSet?
        if FileManager.default.fileExists(atPath: (dataDirectory as NSString).appendingPathComponent(MeasurementSet.fileName)) {
            do {
                measurements = try MeasurementSet.load(directory: dataDirectory, catalog: catalog)
            } catch {
                problems += error.items
            }
        }
        return (EvaluationContext(catalog: catalog, prices: priceList, benchmark: benchmark, measurements: measurements, today: today), problems)
    }

    /// The path the prices come from: `explicit` when given, else `prices.yaml` in the data folder
    /// when it exists; nil when there are no prices to load.
    package static func pricesPath(explicit: String?, dataDirectory: String) -> String? {
        if let explicit { return explicit }
        let beside = (dataDirectory as NSString).appendingPathComponent("prices.yaml")
        return FileManager.default.fileExists(atPath: beside) ? beside : nil
    }

    /// The cached kernel benchmark at `path`; a file that is not one is an error at the value at fault
    /// (`results.3.gflops`), with a sentence rather than the decoder's own message.
    package static func cachedBenchmark(at path: String) throws(Diagnostic) -> BenchmarkReport {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .error(at: SourceLocation(file: path, line: 1, column: 1), "cannot read the benchmark results: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(BenchmarkReport.self, from: Data(text.utf8))
        } catch {
            var problem = JSONLocation.diagnostic(for: error, in: text, file: path)
            problem.message += "; 'infrabook build --rerun-bench' writes a fresh file"
            throw problem
        }
    }
}
