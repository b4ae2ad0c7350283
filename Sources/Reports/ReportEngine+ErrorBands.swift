import Basics
import Sizing

/// The error band beside a report's speed figures: for each candidate GPU that fits, the error that
/// the accuracy page measured on comparable published figures (`DeploymentOption.speedErrorLines`,
/// the one wording `size` and the blocks print), or that the question is outside what was measured.
/// It computes no band itself and never words one differently from `size`.
extension ReportEngine {
    /// One sentence per speed figure (throughput, TTFT, TPOT) of each fitting option of `deployment`;
    /// empty when the catalog carries no calibration.
    func speedErrorLines(_ deployment: Deployment) throws(Diagnostics) -> [String] {
        try plan(deployment, gpus: gpus).options.flatMap(\.speedErrorLines)
    }
}
