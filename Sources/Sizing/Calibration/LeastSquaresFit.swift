import Foundation

/// Fits a few positive constants to measurements by least squares on log error: the parameters that
/// minimise Σ (log(estimate_i / measured_i))², by Levenberg–Marquardt (Gauss–Newton with a damping
/// term) on the constants' logarithms, so they stay positive, with a forward-difference Jacobian.
///
/// Owns the fitting arithmetic and the leave-one-out check only. It knows nothing of GPUs or
/// engines: the caller supplies `residuals`, one log error per record, as a function of the constants.
/// Deterministic (no random starts); it never returns a non-finite constant.
package enum LeastSquaresFit {
    package struct Result: Sendable, Equatable {
        /// The fitted constants, in the order given.
        package var parameters: [Double]
        /// Log error of each record at the fitted constants.
        package var residuals: [Double]
        package var iterations: Int
        /// True when the last step changed the sum of squares by less than the tolerance.
        package var converged: Bool

        /// Root mean square of the residuals.
        package var rms: Double { residuals.isEmpty ? 0 : (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot() }
    }

    /// The constants that minimise the sum of squared `residuals`, starting from `initial` (all > 0).
    package static func fit(initial: [Double], maxIterations: Int = 200, tolerance: Double = 1e-12,
                           residuals: ([Double]) -> [Double]) -> Result {
        precondition(initial.allSatisfy { $0 > 0 && $0.isFinite }, "constants start positive and finite")
        var logs = initial.map { Foundation.log($0) }
        func evaluate(_ at: [Double]) -> [Double]? {
            let values = residuals(at.map { Foundation.exp($0) })
            return values.allSatisfy(\.isFinite) ? values : nil
        }
        guard var current = evaluate(logs) else {
            return Result(parameters: initial, residuals: residuals(initial), iterations: 0, converged: false)
        }
        var cost = sumOfSquares(current)
        var damping = 1e-3
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            // Jacobian of the residuals with respect to each log-constant, by forward differences.
            let step = 1e-6
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: logs.count), count: current.count)
            for j in logs.indices {
                var shifted = logs
                shifted[j] += step
                guard let moved = evaluate(shifted) else { continue }
                for i in current.indices { jacobian[i][j] = (moved[i] - current[i]) / step }
            }
            // Normal equations (JᵀJ + λ diag(JᵀJ)) δ = −Jᵀr.
            let n = logs.count
            var normal = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var gradient = [Double](repeating: 0, count: n)
            for i in current.indices {
                for a in 0..<n {
                    gradient[a] += jacobian[i][a] * current[i]
                    for b in 0..<n { normal[a][b] += jacobian[i][a] * jacobian[i][b] }
                }
            }
            var improved = false
            while damping < 1e12 {
                var system = normal
                for a in 0..<n { system[a][a] += damping * max(normal[a][a], 1e-12) }
                guard let delta = solve(system, gradient.map { -$0 }) else { damping *= 10; continue }
                let trial = zip(logs, delta).map { $0 + $1 }
                if let values = evaluate(trial), sumOfSquares(values) < cost {
                    let newCost = sumOfSquares(values)
                    converged = cost - newCost < tolerance * max(1, cost)
                    logs = trial
                    current = values
                    cost = newCost
                    damping = max(damping / 10, 1e-12)
                    improved = true
                    break
                }
                damping *= 10
            }
            if !improved { converged = true }
            if converged { break }
        }
        return Result(parameters: logs.map { Foundation.exp($0) }, residuals: current, iterations: iterations, converged: converged)
    }

    /// For each record, its log error when the constants are fitted to all the others: how well the
    /// fit predicts a case it has not seen. `residual(constants, i)` is record i's log error.
    package static func leaveOneOut(initial: [Double], count: Int, residual: ([Double], Int) -> Double) -> [Double] {
        (0..<count).map { left in
            let others = (0..<count).filter { $0 != left }
            let fitted = fit(initial: initial) { constants in others.map { residual(constants, $0) } }
            return residual(fitted.parameters, left)
        }
    }

    static func sumOfSquares(_ values: [Double]) -> Double { values.map { $0 * $0 }.reduce(0, +) }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting; nil when `a` is singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
