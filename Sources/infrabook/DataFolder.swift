import ArgumentParser
import Foundation

/// Where a command reads the catalog from, named the same way in every command: `--content DIR`, the
/// content folder, with the data read from `DIR/data` (as `build`, `check` and `serve` read it).
/// `--data DIR`, the data folder itself, is the older spelling; it stays, hidden from the help, so
/// scripts that use it keep working.
struct DataFolder: ParsableArguments {
    @Option(help: "The content folder, holding data/ (default: Content).")
    var content: String?

    @Option(help: ArgumentHelp("The data folder itself (older spelling of --content DIR with DIR/data).", visibility: .hidden))
    var data: String?

    func validate() throws {
        if let content, let data {
            throw ValidationError("--content \(content) and --data \(data) both name the data folder; give one (--content DIR reads DIR/data).")
        }
    }

    /// The folder holding models.yaml, precisions.yaml, gpus.yaml, systems.yaml and prices.yaml.
    var directory: String {
        data ?? ((content ?? "Content") as NSString).appendingPathComponent("data")
    }
}
