import Catalog
import Foundation
import Kernels
import ModelFiles

/// Loading the catalog and the prices file for every command, in one place: the same defaults
/// (`DIR/prices.yaml` when present) and the same exit status 1 with every diagnostic printed.
enum DataInputs {
    /// The catalog in `directory` (models, precisions, GPUs, systems, and the models given as config.json
    /// files), with the calibrated speed constants of its `calibration.yaml` when there is one.
    static func catalog(in directory: String) throws -> DataCatalog {
        do {
            var catalog = try ConfigCatalog.load(directory: directory)
            catalog.calibration = try Calibration.loadIfPresent(directory: directory, catalog: catalog)
            return catalog
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
    }

    /// The path the prices come from: `explicit` when given, else `prices.yaml` in the data folder
    /// when it exists; nil when there are no prices to load.
    static func pricesPath(explicit: String?, dataDirectory: String) -> String? {
        if let explicit { return explicit }
        let beside = (dataDirectory as NSString).appendingPathComponent("prices.yaml")
        return FileManager.default.fileExists(atPath: beside) ? beside : nil
    }

    /// The prices at `path`.
    static func prices(at path: String) throws -> PriceList {
        do {
            return try PriceList.load(path: path)
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
    }

    /// The cached kernel benchmark at `path`; a file that is not one is an error at the value at fault
    /// (`results.3.gflops`), with a sentence rather than the decoder's own message.
    static func benchmark(at path: String) throws(Diagnostic) -> BenchmarkReport {
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

    /// The prices `explicit` names, or those beside the catalog; nil when neither exists.
    static func prices(explicit: String?, dataDirectory: String) throws -> PriceList? {
        try pricesPath(explicit: explicit, dataDirectory: dataDirectory).map { try prices(at: $0) }
    }

    /// The model read from the files at `path`; a bad file exits with status 1 and its byte offset or line and column.
    static func model(at path: String) throws -> ModelSource.Loaded {
        do {
            return try ModelSource.load(path: path)
        } catch {
            throw ModelFileFailure(error: error)
        }
    }
}

/// A model file that could not be read: printed as `path: byte N: error: message`, exit status 1.
struct ModelFileFailure: Error {
    var error: ModelFileError

    func print() {
        FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
    }
}
