import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook report`.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write sizing reports for project files.")

    func run() throws {
        throw ValidationError("'infrabook report' is not built yet.")
    }
}
