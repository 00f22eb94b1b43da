import TallyCore

/// What `tally --version` prints. tally has no releases yet, so the release is a development marker; the build
/// part is what tells two binaries apart: the identity the output cache keys on (the GNU build id, or a hash of
/// the binary's bytes where there is none), the same bytes that decide whether a cached proof is trusted.
enum TallyVersion {
    static let release = "0.1.0-dev"

    static var text: String { "tally \(release) (\(Generator.buildLabel()))" }
}
