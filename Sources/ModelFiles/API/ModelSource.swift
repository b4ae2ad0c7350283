import Basics
import Catalog
import Foundation

/// The one door from a path on disk to a model the engine can size: a Hugging Face model folder
/// (`config.json`, plus `model.safetensors.index.json` and the `*.safetensors` shards when present),
/// a single `config.json`, a single `.safetensors` file with its config beside it, or a `.gguf`
/// file (the first shard of a split model finds the others).
///
/// What comes back is a catalog record with, when weights were found, the exact tensor inventory.
/// Only headers are read: sizing a 400 GB checkpoint reads a few megabytes. Nothing is written.
package enum ModelSource {
    /// A model read from disk.
    package struct Loaded: Sendable {
        /// The catalog record; `spec.tensors` holds the exact tensors when weights were read.
        package var spec: ModelSpec
        /// The config.json, when there was one.
        package var config: ModelConfig?
        /// The files read, in order.
        package var files: [String]
        /// Total tensor bytes from the shard index's `metadata.total_size`, when the index was present but the shards were not.
        package var indexTotalBytes: Int?
        /// Tensors in the files that engines do not load for serving (multi-token-prediction layers), left out of `spec.tensors`.
        package var skippedTensors: [TensorInventory.Tensor] = []
        /// Bytes read from disk for all of it.
        package var bytesRead: Int
    }

    /// Whether `text` names something on disk rather than a catalog id: it contains a path separator,
    /// ends in `.json`, `.gguf` or `.safetensors`, or exists.
    package static func looksLikePath(_ text: String) -> Bool {
        ModelReference.looksLikePath(text) || FileManager.default.fileExists(atPath: text)
    }

    /// Reads the model at `path`; an architecture outside `ModelSpec`'s limits is an error naming the field.
    package static func load(path: String) throws(ModelFileError) -> Loaded {
        let loaded = try read(path: path)
        if let problem = loaded.spec.limitProblem {
            throw ModelFileError(loaded.files.first ?? path, .wholeFile, problem + "; the file's architecture is implausible")
        }
        return loaded
    }

    static func read(path: String) throws(ModelFileError) -> Loaded {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            var link = stat()
            if lstat(path, &link) == 0, let problem = FileWindow.notARegularFile(path) {
                throw ModelFileError(path, .wholeFile, problem)   // a link to nowhere, or one that leads back to itself
            }
            throw ModelFileError(path, .wholeFile, "no such file or folder; expected a model folder, a config.json or a .gguf file")
        }
        if isFolder.boolValue { return try folder(path) }
        if path.hasSuffix(".gguf") {
            let model = try GGUFModel.read(path: path)
            return Loaded(spec: model.spec, config: nil, files: model.headers.map(\.path),
                          bytesRead: model.headers.reduce(0) { $0 + $1.bytesRead })
        }
        if path.hasSuffix(".safetensors") {
            let folder = (path as NSString).deletingLastPathComponent
            let config = try ModelConfig.read(path: join(folder.isEmpty ? "." : folder, "config.json"))
            return try withSafetensors(config: config, shards: [path], index: nil)
        }
        let config = try ModelConfig.read(path: path)
        return Loaded(spec: try counted(config), config: config, files: [path], bytesRead: try size(of: path))
    }

    static func folder(_ path: String) throws(ModelFileError) -> Loaded {
        let configPath = join(path, "config.json")
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        guard FileManager.default.fileExists(atPath: configPath) else {
            if let gguf = entries.first(where: { $0.hasSuffix(".gguf") }) {
                throw ModelFileError(path, .wholeFile, "has no config.json; to read the GGUF file give its path: \(join(path, gguf))")
            }
            throw ModelFileError(path, .wholeFile, "has no config.json; expected a Hugging Face model folder")
        }
        let config = try ModelConfig.read(path: configPath)
        let indexPath = join(path, "model.safetensors.index.json")
        if FileManager.default.fileExists(atPath: indexPath) {
            let index = try ShardIndex.read(path: indexPath)
            let present = index.shards.filter { FileManager.default.fileExists(atPath: join(path, $0)) }
            if present.isEmpty {
                var loaded = Loaded(spec: try counted(config), config: config, files: [configPath, indexPath],
                                    bytesRead: try size(of: configPath) + size(of: indexPath))
                loaded.indexTotalBytes = index.totalBytes
                return loaded
            }
            guard present.count == index.shards.count else {
                let missing = index.shards.filter { !present.contains($0) }
                throw ModelFileError(indexPath, .wholeFile, "lists \(index.shards.count) shards but \(missing.count) are missing: "
                                     + missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? "…" : "")
                                     + "; download them all, or remove the shards to size from config.json and the index")
            }
            return try withSafetensors(config: config, shards: present.map { join(path, $0) }, index: indexPath)
        }
        let shards = entries.filter { $0.hasSuffix(".safetensors") }
        if shards.isEmpty {
            return Loaded(spec: try counted(config), config: config, files: [configPath], bytesRead: try size(of: configPath))
        }
        return try withSafetensors(config: config, shards: shards.map { join(path, $0) }, index: nil)
    }

    /// The config's record with its parameters counted from the architecture, or an error when it cannot be.
    static func counted(_ config: ModelConfig) throws(ModelFileError) -> ModelSpec {
        guard config.impliedTensors != nil else {
            throw ModelFileError(config.path, .wholeFile, config.countingGap ?? "cannot count this model's parameters from config.json")
        }
        return config.spec
    }

    static func withSafetensors(config: ModelConfig, shards: [String], index: String?) throws(ModelFileError) -> Loaded {
        var tensors: [TensorInventory.Tensor] = []
        var read = try size(of: config.path) + (index.map { (try? size(of: $0)) ?? 0 } ?? 0)
        for shard in shards {
            let header = try SafetensorsHeader.read(path: shard, packedBits: config.quantizationBits)
            tensors += header.tensors
            read += header.bytesRead
        }
        tensors.sort { $0.name < $1.name }
        try TensorInventory.requireCountable(tensors, in: shards)
        let layers = config.spec.layers
        let skipped = tensors.filter { (GGUFModel.layerIndex($0.name) ?? 0) >= layers }
        let kept = tensors.filter { (GGUFModel.layerIndex($0.name) ?? 0) < layers }
        let inventory = TensorInventory(tensors: kept, sources: shards, format: "safetensors")
        var spec = config.spec
        spec.tensors = inventory
        spec.totalParameters = inventory.parameterCount
        let expertParameters = inventory.parameters(of: .experts)
        spec.activeParameters = spec.totalParameters - (spec.experts?.unusedParameters(ofRouted: expertParameters) ?? 0)
        spec.formats = ["safetensors"]
        var loaded = Loaded(spec: spec, config: config, files: [config.path] + (index.map { [$0] } ?? []) + shards, bytesRead: read)
        loaded.skippedTensors = skipped
        return loaded
    }

    static func join(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    static func size(of path: String) throws(ModelFileError) -> Int {
        let window = try FileWindow(path: path)
        defer { window.close() }
        return window.fileSize
    }
}

/// `model.safetensors.index.json`: which shard holds each tensor, and the total bytes of them all.
struct ShardIndex {
    var shards: [String]
    var totalBytes: Int?

    static func read(path: String) throws(ModelFileError) -> ShardIndex {
        let json = try JSONValue.parse(try FileBytes.read(path), path: path)
        guard let map = json["weight_map"], let members = map.members else {
            throw ModelFileError(path, .line(json.line, column: json.column), "expected a \"weight_map\" object naming each tensor's shard")
        }
        var shards: [String] = []
        for (name, file) in members {
            guard let shard = file.string, !shard.contains("/"), shard.hasSuffix(".safetensors") else {
                throw ModelFileError(path, .line(file.line, column: file.column),
                                     "tensor '\(name)' maps to \(file.string.map { "'\($0)'" } ?? file.kindName); expected a .safetensors file name in this folder")
            }
            if !shards.contains(shard) { shards.append(shard) }
        }
        return ShardIndex(shards: shards.sorted(), totalBytes: json["metadata"]?["total_size"]?.integer)
    }
}

extension ModelSource {
    /// The model `reference` names, as every front end reads `model:` / `--model`: a catalog id when
    /// the catalog has it, else a path (tried against each of `folders` in turn, when relative) to a
    /// model folder, config.json or .gguf file. The record's `id` is the reference as written, so
    /// outputs trace back to it and do not depend on where the files sit.
    package static func resolve(_ reference: String, catalog: DataCatalog, folders: [String] = [],
                               at location: SourceLocation) throws(Diagnostic) -> ModelSpec {
        if let known = catalog.model(reference) { return known }
        guard looksLikePath(reference) || folders.contains(where: { FileManager.default.fileExists(atPath: join($0, reference)) }) else {
            _ = try catalog.requireModel(reference, at: location)
            return catalog.models[0]
        }
        let candidates = reference.hasPrefix("/") ? [reference] : folders.map { join($0, reference) } + [reference]
        let path = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
        do {
            var spec = try load(path: path).spec
            spec.id = reference
            return spec
        } catch {
            throw error.diagnostic(at: location)
        }
    }
}

extension TensorInventory {
    /// Throws when `sorted` (ordered by name) holds no weights, or two tensors share a name: files
    /// without weights would size a model of zero bytes, and a tensor listed twice would be counted twice.
    static func requireCountable(_ sorted: [Tensor], in files: [String]) throws(ModelFileError) {
        guard sorted.contains(where: { $0.parameters > 0 }) else {
            throw ModelFileError(files.first ?? "", .wholeFile, "holds no weights (\(sorted.count) tensors, none with parameters); "
                                 + "expected the model's tensors (is the download finished?)")
        }
        for index in sorted.indices.dropFirst() where sorted[index].name == sorted[index - 1].name {
            let spread = files.count == 1 ? "" : " (across \(files.count) files)"
            throw ModelFileError(files.first ?? "", .wholeFile, "the tensor '\(sorted[index].name)' is listed twice\(spread); each tensor must appear once")
        }
    }
}
