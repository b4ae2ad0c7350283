import ArgumentParser
import Basics
import Catalog
import Foundation
import ModelFiles
import Sizing

/// `infrabook inspect PATH`: reads a model folder, config.json or GGUF file (headers only) and prints
/// what it holds. Parses, calls ModelFiles and the Sizing rendering, prints.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a model's files hold: architecture, attention per layer, experts, parameters, tensors by type.",
        discussion: """
            PATH is a Hugging Face model folder (config.json with model.safetensors.index.json and/or *.safetensors), \
            a config.json, a .safetensors file with its config.json beside it, or a .gguf file (the first shard of a split \
            model finds the others). Only headers are read, never tensor data.
            """)

    @Argument(help: "A model folder, config.json, .safetensors or .gguf file.")
    var path: String

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision id for the per-token figure.")
    var kvPrecision = SizingInputs.defaultKVPrecision

    @OptionGroup var dataFolder: DataFolder

    /// The data folder `--content` (its data/) or `--data` names.
    var data: String { dataFolder.directory }

    @Option(help: "Output format: text, json or markdown.")
    var format: Size.OutputFormat = .text

    func run() throws {
        let catalog = try DataInputs.catalog(in: data)
        let kv: PrecisionSpec
        do throws(Diagnostic) {
            kv = try catalog.requirePrecision(kvPrecision, at: SourceLocation(file: "--kv-precision", line: 1, column: 1))
        } catch {
            throw CommandLineInput("--kv-precision", error.message)
        }
        let loaded = try DataInputs.model(at: path)
        let inspection: ModelInspection
        do throws(SizingError) {
            inspection = try ModelInspection(model: loaded.spec, files: loaded.files, bytesRead: loaded.bytesRead,
                                             indexTotalBytes: loaded.indexTotalBytes, skippedTensors: loaded.skippedTensors, kvPrecision: kv)
        } catch {
            throw CommandLineInput(path, error.message)
        }
        switch format {
        case .text: print(inspection.text, terminator: "")
        case .markdown: print(inspection.markdown, terminator: "")
        case .json:
            let data = try JSONSerialization.data(withJSONObject: inspection.json, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
