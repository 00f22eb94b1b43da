// The fuzz target. Built with `-sanitize=fuzzer -parse-as-library -D TALLY_LIBFUZZER` (scripts/fuzz), libFuzzer
// drives LLVMFuzzerTestOneInput. In an ordinary build this is a replayer: `TallyFuzz FILE...` runs each file once.
import CTallySupport
import Foundation
import TallyCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzEntry.run(bytes)
    return 0
}

#if TALLY_LIBFUZZER
/// The entry point SwiftPM links as main: hands control to libFuzzer.
@_cdecl("TallyFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
@main
struct Replayer {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            FuzzEntry.run([UInt8](data))
        }
        print("replayed \(CommandLine.arguments.count - 1) inputs")
    }
}
#endif
