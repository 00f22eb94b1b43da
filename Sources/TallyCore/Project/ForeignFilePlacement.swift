import Foundation

/// What stops a build that swaps in a whole new tree when a file of generated/ that is not tally's (ForeignFiles)
/// cannot be put into the new tree: the build stops before the swap, keeping generated/ as it was.
extension ForeignFiles {
    struct UnplacedError: Error, CustomStringConvertible {
        /// Relative to generated/.
        var path: String
        var cause: DiskError

        var description: String {
            let inTheWay = cause.code == EEXIST || cause.code == ENOTDIR || cause.code == EISDIR
            return "generated/\(path) is not tally's and could not be kept in the new tree ("
                + (inTheWay ? "a folder tally now writes stands where it is" : "\(cause)")
                + "), so nothing was written: move it out of generated/, then build again"
        }
    }
}
