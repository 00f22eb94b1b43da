import Foundation

/// Runs a program with input on stdin and collects both outputs: for git (tally diff), psql and the engines'
/// scripts.
public enum Subprocess {
    public static func run(_ executable: String, _ arguments: [String], input: String,
                           environment extra: [String: String] = [:])
        throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try run(executable, arguments, input: Data(input.utf8), environment: extra)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }

    /// The same with bytes in and out, for programs whose output is not text (`git cat-file --batch`).
    public static func run(_ executable: String, _ arguments: [String], input: Data,
                           environment extra: [String: String] = [:])
        throws -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while writing, so that a large output cannot fill a pipe and stall the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        group.enter()
        DispatchQueue.global().async { out = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }
}
