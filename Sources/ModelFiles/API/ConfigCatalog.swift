import Basics
import Catalog
import Foundation

/// The catalog with the models written as their published `config.json`: `DataCatalog.load` reads the
/// YAML records, then every entry of `models/catalog.yaml` in the data folder adds a model whose
/// architecture and exact parameter counts come from its config file (beside it), and whose name,
/// vendor, licence, openness, formats and source come from the entry.
///
/// Front ends load the catalog through here so a config-only model is an id like any other. It never
/// writes, and an entry whose config cannot be read is an error at the entry, with the config's own
/// position in the message.
package enum ConfigCatalog {
    package static let indexName = "models/catalog.yaml"
    static let keys = ["id", "name", "vendor", "config", "license", "openness", "formats", "source", "notes", "max_context"]

    /// The catalog as every front end answers with it: `load`, plus the calibrated speed constants of
    /// the folder's `calibration.yaml` when there is one, so `size`, `report` and the book's pages use
    /// the same constants.
    package static func loadCalibrated(directory: String) throws(Diagnostics) -> DataCatalog {
        var catalog = try load(directory: directory)
        catalog.calibration = try Calibration.loadIfPresent(directory: directory, catalog: catalog)
        return catalog
    }

    package static func load(directory: String) throws(Diagnostics) -> DataCatalog {
        var catalog = try DataCatalog.load(directory: directory)
        let index = (directory as NSString).appendingPathComponent(indexName)
        guard FileManager.default.fileExists(atPath: index) else { return catalog }
        let text: String
        do {
            text = try String(contentsOfFile: index, encoding: .utf8)
        } catch {
            throw Diagnostics(.error(at: SourceLocation(file: index, line: 1, column: 1), "cannot read the file: \(error.localizedDescription)"))
        }
        var problems: [Diagnostic] = []
        var seen = Set(catalog.models.map(\.id))
        let root: YAMLNode = try YAMLNode.parse(text.withUnixLineEndings, file: index)
        do throws(Diagnostic) {
            let top = try root.mapping("a mapping with the key 'models'")
            problems += top.unknownKeys(allowed: ["models"], in: index)
            for item in try top.required("models", in: index).list() {
                do throws(Diagnostic) {
                    let entry = try item.mapping("a model entry (a mapping)")
                    problems += entry.unknownKeys(allowed: keys, in: "a model entry")
                    var spec = try model(entry, folder: (index as NSString).deletingLastPathComponent)
                    guard seen.insert(spec.id).inserted else {
                        throw .error(at: try entry.required("id").location, "duplicate model id '\(spec.id)'")
                    }
                    spec.formats = spec.formats.isEmpty ? ["safetensors"] : spec.formats
                    catalog.models.append(spec)
                } catch {
                    problems.append(error)
                }
            }
        } catch {
            problems.append(error)
        }
        if problems.hasErrors { throw Diagnostics(problems.sorted { $0.location < $1.location }) }
        return catalog
    }

    static func model(_ entry: YAMLMapping, folder: String) throws(Diagnostic) -> ModelSpec {
        let configNode = try entry.required("config", in: "a model entry")
        let path = (folder as NSString).appendingPathComponent(try configNode.string())
        let config: ModelConfig
        do {
            config = try ModelConfig.read(path: path)
        } catch {
            throw .error(at: configNode.location, error.description)
        }
        guard config.impliedTensors != nil else {
            throw .error(at: configNode.location, "\(path): " + (config.countingGap ?? "cannot count the parameters from this config"))
        }
        var spec = config.spec
        spec.id = try entry.required("id", in: "a model entry").string()
        spec.name = try entry.required("name", in: "a model entry").string()
        spec.vendor = try entry.required("vendor", in: "a model entry").string()
        spec.license = try entry.required("license", in: "a model entry").string()
        let openness = try entry.required("openness", in: "a model entry")
        guard let level = ModelSpec.Openness(rawValue: try openness.string()) else {
            throw .error(at: openness.location, "unknown openness '\(openness.scalarText ?? "")'"
                         + NearestNames.hint(openness.scalarText ?? "", among: ModelSpec.Openness.allCases.map(\.rawValue)))
        }
        spec.openness = level
        spec.formats = try entry["formats"].map { node throws(Diagnostic) in try node.list().map { item throws(Diagnostic) in try item.string() } } ?? []
        spec.source = try entry.required("source", in: "a model entry").string()
        if let context = entry["max_context"] { spec.maxContextTokens = Int(try context.quantity(.tokens)) }
        let notes = [try entry["notes"]?.string(), config.spec.notes].compactMap { $0 }
        spec.notes = notes.isEmpty ? nil : notes.joined(separator: " ")
        return spec
    }
}
