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
        // Both pipes are read while the input is written, so that a large output cannot fill a pipe and stall the
        // child; on threads of their own (OwnThread), never Dispatch's pool: a caller on a pool thread (tally diff
        // reads git in the background) that waited for readers on the pool stalled where only one CPU is to be had,
        // the pool one thread wide, until Dispatch added a thread a second later.
        let out = OwnThread { stdout.fileHandleForReading.readDataToEndOfFile() }
        let err = OwnThread { stderr.fileHandleForReading.readDataToEndOfFile() }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let (output, error) = (out.take(), err.take())
        process.waitUntilExit()
        return (process.terminationStatus, output, error)
    }
}
