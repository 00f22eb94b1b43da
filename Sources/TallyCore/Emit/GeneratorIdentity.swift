import CTallySupport
import CYAML
import Foundation

/// The generator's own identity: bytes that change whenever the code that renders output could have. The output
/// cache keys on it, so that a rebuilt tally never trusts what another tally proved.
enum GeneratorIdentity: Equatable, CustomStringConvertible {
    /// The GNU build id the linker wrote into the binary holding this code (Linux): free to read.
    case buildID([UInt8])
    /// Where there is none (macOS, or a linker told not to write one): 128 bits of XXH64 over that binary's own
    /// bytes, read once per process on the cache proof's thread while the definitions decode (about 40 ms for the
    /// 11 MB debug binary).
    case fileHash(path: String, hex: String)
    /// Neither can be had: nothing is cached.
    case unknown(reason: String)

    /// This process's identity. `TALLY_CACHE_IDENTITY=file` skips the build id, to test the fallback where the
    /// build id would answer.
    static let current = resolve(
        buildID: ProcessInfo.processInfo.environment["TALLY_CACHE_IDENTITY"] == "file" ? nil : buildID,
        codeFile: codeFile)

    /// The GNU build id of the binary holding this code, or nil where it has none.
    static let buildID: [UInt8]? = {
        var buffer = [UInt8](repeating: 0, count: 64)
        let length = buffer.withUnsafeMutableBufferPointer { tally_build_id($0.baseAddress, $0.count) }
        return length == 0 ? nil : Array(buffer.prefix(length))
    }()

    /// A path that opens the binary holding this code, or nil where the system cannot say.
    static func codeFile() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer { tally_code_file($0.baseAddress, $0.count) }
        return length == 0 ? nil : String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The build id when there is one, else the hash of the binary's file.
    static func resolve(buildID: [UInt8]?, codeFile: () -> String?) -> GeneratorIdentity {
        if let buildID { return .buildID(buildID) }
        guard let path = codeFile() else {
            return .unknown(reason: "the binary has no build id and the system does not say which file it is")
        }
        let hex = Disk.withMappedFile(path) { bytes in ContentHash(bytes).hex + ContentHash(bytes, seed: 1).hex }
        guard let hex else { return .unknown(reason: "the binary has no build id and \(path) cannot be read") }
        return .fileHash(path: path, hex: hex)
    }

    /// What the cache key holds of the generator; nil turns caching off. Each kind is named, so a build id can
    /// never equal a file hash. libyaml's version is part of it: a shared library, it can change under the same
    /// binary (a system update), and with it how a file parses.
    var keyBytes: [UInt8]? {
        switch self {
        case .buildID(let id): Array("build-id ".utf8) + id + Self.libyamlBytes
        case .fileHash(_, let hex): Array("file-xxh64 \(hex)".utf8) + Self.libyamlBytes
        case .unknown: nil
        }
    }

    /// The version of the libyaml this process runs with, as it names itself.
    static let libyamlBytes = Array(" libyaml ".utf8) + Array(String(cString: yaml_get_version_string()).utf8)

    /// For `tally --version`: the identity itself, short enough for one line.
    var label: String {
        switch self {
        case .buildID(let id): "build id " + id.map { String(format: "%02x", $0) }.joined()
        case .fileHash(_, let hex): "binary xxh64 " + hex
        case .unknown: "no build id"
        }
    }

    /// For `--timings`: what the cache is keyed by, or why it is off.
    var description: String {
        switch self {
        case .buildID: "keyed by the binary's GNU build id"
        case .fileHash(let path, _): "keyed by a hash of the bytes of \(path) (no build id)"
        case .unknown(let reason): "off: \(reason)"
        }
    }
}
