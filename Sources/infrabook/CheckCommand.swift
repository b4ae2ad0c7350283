import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook check`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Evaluate and verify the content; write nothing.")

    func run() throws {
        throw ValidationError("'infrabook check' is not built yet.")
    }
}
