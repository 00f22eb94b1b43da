/// A file a user names on the command line (`tally run --chart FILE`), written whole in place. Its failure is said
/// as the system says it, "cannot create /no/such/c.svg: No such file or directory", where Foundation's write gave
/// "The operation could not be completed. The file doesn't exist."
public enum NamedOutputFile {
    /// Writes `text` to `path`; the failure's description, or nil when written.
    public static func write(_ text: String, to path: String) -> String? {
        do throws(DiskError) {
            try Disk.writeFile(text, to: path)
            return nil
        } catch {
            return error.description
        }
    }
}
