import Catalog
import Foundation
import Literate
import ModelFiles

/// Loading the catalog and the prices file for every command, in one place: the same defaults
/// (`DIR/prices.yaml` when present) and the same exit status 1 with every diagnostic printed.
enum DataInputs {
    /// The catalog in `directory` (models, precisions, GPUs, systems, and the models given as config.json
    /// files), with the calibrated speed constants of its `calibration.yaml` when there is one.
    static func catalog(in directory: String) throws -> DataCatalog {
        do {
            return try ConfigCatalog.loadCalibrated(directory: directory)
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
    }

    /// The prices at `path`.
    static func prices(at path: String) throws -> PriceList {
        do {
            return try PriceList.load(path: path)
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
    }

    /// The prices `explicit` names, or those beside the catalog; nil when neither exists.
    static func prices(explicit: String?, dataDirectory: String) throws -> PriceList? {
        try EvaluationContext.pricesPath(explicit: explicit, dataDirectory: dataDirectory).map { try prices(at: $0) }
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
