import Basics
import Catalog
import Foundation
import ModelFiles
import Sizing

/// Models given by path over HTTP, confined to the content folder: the API's `model` field may name a
/// model folder, a config.json or a .gguf file under it (as `size --model PATH` does on the command
/// line), and the calculator offers the ones found under its `data/` folder.
///
/// Owns the confinement: no `..` segment, no absolute path outside the folder, no symbolic link that
/// leads out of it (the path itself, or an entry of a model folder). It reads only headers, through
/// `ModelSource`, and never writes.
struct ContentModels: Sendable {
    /// The content folder, symbolic links resolved.
    let root: URL

    init(contentDirectory: URL) {
        root = contentDirectory.resolvingSymlinksInPath()
    }

    /// How many entries the listing looks at, at most, so a huge data folder cannot stall a request.
    static let listingLimit = 5000

    /// The resolver `SizingInputs` uses: catalog ids as always; a path is read from the file it names
    /// under the content folder, and the record keeps the path as written as its id.
    func resolver() -> SizingInputs.ModelResolver {
        { [self] model, catalog, at throws(Diagnostic) in
            if let known = catalog.model(model) { return known }
            guard ModelReference.looksLikePath(model) else { return try catalog.requireModel(model, at: at) }
            let file: URL
            do throws(ServerError) {
                file = try confined(model)
            } catch {
                throw .error(at: at, error.message)
            }
            do throws(ModelFileError) {
                var spec = try ModelSource.load(path: file.path).spec
                spec.id = model
                return spec
            } catch {
                throw .error(at: at, error.rendered.replacingOccurrences(of: root.path + "/", with: ""))
            }
        }
    }

    /// The file or folder `path` names under the content folder (relative to it, or absolute inside
    /// it), or the refusal: 403 for a path that leaves the folder, 404 for one that names nothing.
    func confined(_ path: String) throws(ServerError) -> URL {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !path.contains("\0"), !path.contains("\\"), !segments.contains(where: { $0 == ".." }) else {
            throw ServerError(status: 403, field: "model", message: "the model path '\(path)' must stay inside the content folder ('..' is not allowed)")
        }
        let written = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let resolved = written.resolvingSymlinksInPath()
        guard inside(resolved) else {
            throw ServerError(status: 403, field: "model", message: "the model path '\(path)' is outside the content folder; "
                              + "give a path under it such as 'data/models/NAME'")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isFolder) else {
            throw ServerError(status: 404, field: "model", message: "there is no model at '\(path)' under the content folder"
                              + " (see GET /api/model-files)")
        }
        if isFolder.boolValue {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: resolved.path)) ?? []
            for entry in entries.sorted() where !inside(resolved.appendingPathComponent(entry).resolvingSymlinksInPath()) {
                throw ServerError(status: 403, field: "model", message: "'\(path)/\(entry)' is a link to a file outside the content folder")
            }
        }
        return resolved
    }

    /// The model paths under the content folder's `data/`, relative to the content folder and sorted:
    /// folders holding a config.json, .gguf files, and the .json configs of `models/` folders.
    func listing() -> [String] {
        let data = root.appendingPathComponent("data")
        guard let walk = FileManager.default.enumerator(at: data, includingPropertiesForKeys: [.isDirectoryKey],
                                                        options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        var seen = 0
        for case let url as URL in walk {
            seen += 1
            if seen > Self.listingLimit { break }
            let name = url.lastPathComponent
            let isFolder = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            let model: Bool
            if isFolder {
                model = FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path)
            } else {
                model = name.hasSuffix(".gguf") || (name.hasSuffix(".json") && url.deletingLastPathComponent().lastPathComponent == "models")
            }
            // Offered only when asking for it would be accepted (a folder's config may be a link out).
            if model, let path = relative(url), (try? confined(path)) != nil { found.append(path) }
        }
        return found.sorted()
    }

    /// The JSON body of `GET /api/model-files`: `{"model_files": ["data/models/...", ...]}`.
    static func listingJSON(_ paths: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["model_files": paths],
                                                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func inside(_ url: URL) -> Bool {
        url.path == root.path || url.path.hasPrefix(root.path + "/")
    }

    private func relative(_ url: URL) -> String? {
        let base = root.path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : nil
    }
}
