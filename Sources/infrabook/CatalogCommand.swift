import ArgumentParser
import Catalog
import Foundation
import Sizing

/// `infrabook catalog models|gpus|precisions|systems [--format text|json] [--content DIR]`: lists the catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "List the models, GPUs, precisions or systems in the catalog.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "What to list: models, gpus, precisions or systems.")
    var listing: CatalogListing.Kind

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var dataFolder: DataFolder

    /// The data folder `--content` (its data/) or `--data` names.
    var data: String { dataFolder.directory }

    func run() throws {
        let catalog = try DataInputs.catalog(in: data)
        let listingView = CatalogListing(catalog: catalog)
        switch (listing, format) {
        case (.models, .text): print(listingView.modelsText, terminator: "")
        case (.gpus, .text): print(listingView.gpusText, terminator: "")
        case (.precisions, .text): print(listingView.precisionsText, terminator: "")
        case (.systems, .text): print(listingView.systemsText, terminator: "")
        case (_, .json): print(listingView.jsonText(listing))
        }
    }
}

extension CatalogListing.Kind: ExpressibleByArgument {}
