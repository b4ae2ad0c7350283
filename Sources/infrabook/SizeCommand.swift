import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook size`.
struct Size: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "size", abstract: "Size a deployment of one model.")

    func run() throws {
        throw ValidationError("'infrabook size' is not built yet.")
    }
}
