import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook catalog`.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "List the models, GPUs or precisions in the catalog.")

    func run() throws {
        throw ValidationError("'infrabook catalog' is not built yet.")
    }
}
