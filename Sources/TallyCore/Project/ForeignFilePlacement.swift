/// Puts the files of generated/ that are not tally's (ForeignFiles) into the new tree a build is about to swap in,
/// as second names of the same files (copies where the file system has none), so the swap carries them and the
/// old tree's deletion loses nothing.
extension ForeignFiles {
    /// A file of someone's could not be put into the new tree: the build stops before the swap, keeping generated/
    /// as it was.
    struct UnplacedError: Error, CustomStringConvertible {
        var cause: DiskError
        var description: String {
            "\(cause); a file in generated/ that is not tally's could not be kept in the new tree, so nothing was "
                + "written: move it out of generated/ (a folder tally now writes may stand where it is), then build again"
        }
    }

    static func link(_ paths: [String], from old: String, into new: String,
                     linkFile: (String, String) throws(DiskError) -> Void) throws(DiskError) {
        for path in paths {
            if let slash = path.lastSlash { try Disk.makeDirectories(new + "/" + path[..<slash]) }
            do throws(DiskError) {
                try linkFile(old + "/" + path, new + "/" + path)
            } catch where FilePlacement.linkUnsupported.contains(error.code) {
                try Disk.copyFile(old + "/" + path, to: new + "/" + path)
            }
        }
    }
}
