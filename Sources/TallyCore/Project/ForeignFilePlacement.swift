import Foundation

/// What stops a build that swaps in a whole new tree when a file of generated/ that is not tally's (ForeignFiles)
/// cannot be put into the new tree: the build stops before the swap, keeping generated/ as it was.
extension ForeignFiles {
    struct UnplacedError: Error, CustomStringConvertible {
        /// Relative to generated/.
        var path: String
        var cause: DiskError
        /// What of the new tree stands in the way, when something does.
        var obstacle: Obstacle?

        enum Obstacle {
            /// A folder of tally's where the file is.
            case folderAtIt
            /// A file of tally's where a folder on its path is.
            case fileOnItsPath
        }

        /// `newTree`: the tree the file was to be put in, looked at to say what stands in the way (the errors do not
        /// tell: EEXIST is either).
        init(path: String, cause: DiskError, newTree: String) {
            self.path = path
            self.cause = cause
            var parent = Substring(path)
            var onPath = false
            while let slash = parent.lastSlash, !onPath {
                parent = parent[..<slash]
                onPath = Disk.kind(of: newTree + "/" + parent) == .regular
            }
            obstacle = onPath ? .fileOnItsPath : Disk.kind(of: newTree + "/" + path) == .directory ? .folderAtIt : nil
        }

        var description: String {
            let reason = switch obstacle {
            case .fileOnItsPath?: "tally now writes a file where a folder on its path is"
            case .folderAtIt?: "a folder tally now writes stands where it is"
            case nil: "\(cause)"
            }
            return "generated/\(path) is not tally's and could not be kept in the new tree (" + reason
                + "), so nothing was written: move it out of generated/, then build again"
        }
    }
}
