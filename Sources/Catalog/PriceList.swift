/// PLACEHOLDER shape, to be filled in by the prices work.
public struct PriceList: Sendable {
    public init() {}
}
