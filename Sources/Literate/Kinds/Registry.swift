/// Every block kind and inline function the language knows. Add a kind or a function by adding one
/// line here; the parser and evaluator look names up in these lists and nowhere else.
package enum Registry {
    package static let blockKinds: [any BlockKind] = [
        WeightsTableBlock(), WeightsBreakdownBlock(), KVCacheBlock(), SizingBlock(),
        ModelTableBlock(),
        BenchmarkBlock(),
        AccuracyBlock(),
        CalibrationBlock(),
        CheckBlock(),
        ChartBlock(),
        CostBlock(),
        BreakevenBlock(),
        HardwareTableBlock(),
        ServingBlock(),
        FrontierBlock(),
    ]

    package static let functions: [any InlineFunction] = [
        WeightsFunction(), ActiveParametersFunction(), KVPerTokenFunction(), KVCacheFunction(), GPUFLOPSFunction(), DecodeTokensPerSecondFunction(), GPUsNeededFunction(), TensorParallelTrafficFunction(),
        GPUPriceFunction(),
        NodePriceFunction(),
        BreakevenMonthsFunction(),
        SpecFunction(),
    ] + SpecAlias.all

    package static func blockKind(named name: String) -> (any BlockKind)? {
        blockKinds.first { $0.name == name }
    }

    package static func function(named name: String) -> (any InlineFunction)? {
        functions.first { $0.name == name }
    }
}
