import ArgumentParser

// PLACEHOLDER: replaced by the work that owns `infrabook bench`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure the quantized matmul kernels on this machine.")

    func run() throws {
        throw ValidationError("'infrabook bench' is not built yet.")
    }
}
