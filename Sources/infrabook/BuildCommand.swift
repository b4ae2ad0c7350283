import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook build`.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site and Markdown from a content folder.")

    func run() throws {
        throw ValidationError("'infrabook build' is not built yet.")
    }
}
