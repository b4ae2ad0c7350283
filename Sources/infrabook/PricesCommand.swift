import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook prices`.
struct PricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prices", abstract: "Show, check or import the prices file.")

    func run() throws {
        throw ValidationError("'infrabook prices' is not built yet.")
    }
}
