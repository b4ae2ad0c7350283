/// Errors the kernels and the benchmark report: bad shapes, unknown names, bad options.
/// Each message says what was found and what was expected.

/// A problem with what a caller asked the kernels to do.
package enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A block format needs rows whose length is a multiple of its block size.
    case columnsNotMultipleOfBlock(format: WeightFormat, columns: Int)
    /// A dimension is zero, negative or too large to allocate.
    case invalidShape(String)
    /// An array's length does not match the shape it is used with.
    case lengthMismatch(what: String, expected: Int, found: Int)
    /// No format has this name.
    case unknownFormat(String)
    /// No operation has this name.
    case unknownOperation(String)
    /// No kernel path has this name.
    case unknownKernelPath(String)
    /// A thread count below 1.
    case invalidThreadCount(Int)
    /// A results file that cannot be read or written.
    case cacheFile(path: String, reason: String)

    package var description: String {
        switch self {
        case .columnsNotMultipleOfBlock(let format, let columns):
            let block = format.elementsPerBlock, lower = columns / block * block
            return "\(format.rawValue) stores weights in blocks of \(block), so k must be a multiple of "
                + "\(block); found k = \(columns) (nearest valid: \(max(lower, block)) or \(lower + block))"
        case .invalidShape(let detail):
            return "invalid shape: \(detail)"
        case .lengthMismatch(let what, let expected, let found):
            return "\(what) has \(found) elements; expected \(expected)"
        case .unknownFormat(let name):
            return "unknown weight format '\(name)'; expected one of "
                + WeightFormat.allCases.map(\.rawValue).joined(separator: ", ") + nearest(name, in: WeightFormat.allCases.map(\.rawValue))
        case .unknownOperation(let name):
            return "unknown operation '\(name)'; expected one of "
                + MatMulOperation.allCases.map(\.rawValue).joined(separator: ", ") + nearest(name, in: MatMulOperation.allCases.map(\.rawValue))
        case .unknownKernelPath(let name):
            return "unknown kernel path '\(name)'; expected one of "
                + KernelPath.allCases.map(\.rawValue).joined(separator: ", ") + nearest(name, in: KernelPath.allCases.map(\.rawValue))
        case .invalidThreadCount(let threads):
            return "the thread count must be at least 1; found \(threads)"
        case .cacheFile(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}

/// "; did you mean 'x'?" for the candidate closest to `name` by edit distance, or "" when none is close.
private func nearest(_ name: String, in candidates: [String]) -> String {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(name.lowercased()), Array($0))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 2) else { return "" }
    return "; did you mean '\(best.0)'?"
}
