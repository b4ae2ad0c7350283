/// PLACEHOLDER shape, to be filled in by the kernels work: the results of `infrabook bench`.
public struct BenchmarkReport: Sendable, Codable {
    public init() {}
}
