import Foundation
@testable import TallyCore
import TallyRunner

/// What the test script started: a throwaway PostgreSQL server, a Python with sqlglot and duckdb, and one with
/// pyspark.
enum EngineEnvironment {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var postgres: (host: String, port: String)? {
        guard let host = environment["TALLY_PG_HOST"], let port = environment["TALLY_PG_PORT"] else { return nil }
        return (host, port)
    }
    static var python: String? { environment["TALLY_PYTHON"] }
    /// A Python with pyspark, on a machine with Java 17 or later.
    static var sparkPython: String? { environment["TALLY_SPARK_PYTHON"] }
    /// A Python with fakesnow, in its own environment (it pins its own sqlglot).
    static var snowflakePython: String? { environment["TALLY_SNOWFLAKE_PYTHON"] }
    /// scripts/test sets this, so that a broken server start fails the run instead of skipping engines.
    static var required: Bool { environment["TALLY_REQUIRE_ENGINES"] == "1" }
}

/// The Python runners' protocol: jobs go out as a JSON list of {id, schemas, setup, query}, ids their positions;
/// the answer is a JSON list of {id, rows} or {id, error}, rows as text (NULL as nil).
enum RunnerProtocol {
    static func payload(_ jobs: [EngineJob]) throws -> Data {
        try JSONSerialization.data(withJSONObject: jobs.enumerated().map { index, job -> [String: Any] in
            ["id": String(index), "schemas": job.schemas, "setup": job.setup, "query": job.query]
        })
    }

    /// Each job's rows or error, in job order; a job the answer leaves out failed.
    static func results(_ answer: Data, jobs: Int, runner: String) throws -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        guard let decoded = try? JSONSerialization.jsonObject(with: answer) as? [[String: Any]] else {
            throw SQLiteDatabase.Failure(description: "the \(runner) runner answered \(String(decoding: answer, as: UTF8.self))")
        }
        var results: [String: Result<[[String?]], SQLiteDatabase.Failure>] = [:]
        for item in decoded {
            guard let id = item["id"] as? String else { continue }
            if let error = item["error"] as? String {
                results[id] = .failure(SQLiteDatabase.Failure(description: error))
            } else if let rows = item["rows"] as? [[Any]] {
                results[id] = .success(rows.map { $0.map { $0 is NSNull ? nil : "\($0)" } })
            }
        }
        return (0..<jobs).map { results[String($0)] ?? .failure(SQLiteDatabase.Failure(description: "no result")) }
    }
}

/// A Python runner script given one batch of jobs on stdin, in one process per batch.
struct PythonBatchEngine {
    let python: String
    let script: String
    var arguments: [String] = []
    let label: String
    /// sqlglot's translation of quoted JSONPath members fails on names holding quotes, and fakesnow's of bracket
    /// paths too; DuckDB's own JSON Pointers take any name.
    let readsAnyJSONMemberName: Bool

    static func runner(_ name: String) -> String { TestFiles.packageRoot.appendingPathComponent("scripts/\(name)").path }

    /// DuckDB's own SQL, run by DuckDB.
    static func duckdb(python: String) -> PythonBatchEngine {
        PythonBatchEngine(python: python, script: runner("run_on_duckdb.py"), label: "DuckDB", readsAnyJSONMemberName: true)
    }

    /// BigQuery SQL, transpiled by sqlglot and run on DuckDB.
    static func bigqueryOnDuckDB(python: String) -> PythonBatchEngine {
        PythonBatchEngine(python: python, script: runner("run_on_duckdb.py"), arguments: ["--read", "bigquery"],
                          label: "BigQuery→DuckDB", readsAnyJSONMemberName: false)
    }

    /// Snowflake SQL on the fakesnow emulator, from the Python of its own environment.
    static func fakesnow(python: String) -> PythonBatchEngine {
        PythonBatchEngine(python: python, script: runner("run_on_fakesnow.py"), label: "fakesnow",
                          readsAnyJSONMemberName: false)
    }

    func run(_ jobs: [EngineJob]) throws -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        let input = String(decoding: try RunnerProtocol.payload(jobs), as: UTF8.self)
        let result = try Subprocess.run(python, [script] + arguments, input: input)
        guard result.status == 0 else {
            throw SQLiteDatabase.Failure(description: "the \(label) runner failed: \(result.stderr)")
        }
        return try RunnerProtocol.results(Data(result.stdout.utf8), jobs: jobs.count, runner: label)
    }
}

/// Spark SQL on Apache Spark in local mode (scripts/run_on_spark.py): one Python process holding one Spark session
/// for the whole test process, as a session takes about 20 seconds to start. It is started by the first batch and
/// spoken to with one JSON line per batch each way; it stops Spark and exits when its stdin closes, which happens
/// when the test process exits, so it never holds the run up.
final class SparkEngine: @unchecked Sendable {
    static let script = TestFiles.packageRoot.appendingPathComponent("scripts/run_on_spark.py").path
    private static let sessions = Locked<[String: SparkEngine]>([:])

    /// The one engine of a Python, started on first use.
    static func shared(python: String) -> SparkEngine {
        sessions.withLock { sessions in
            if let running = sessions[python] { return running }
            let engine = SparkEngine(python: python)
            sessions[python] = engine
            return engine
        }
    }

    let python: String
    private let lock = NSLock()
    private var process: Process?
    private var input: FileHandle?
    private var output: FileHandle?
    private var buffered = Data()

    private init(python: String) { self.python = python }

    var label: String { "Spark" }

    func run(_ jobs: [EngineJob]) throws -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        let line = try RunnerProtocol.payload(jobs) + Data("\n".utf8)
        let answer: Data = try lock.withLock {
            try start()
            try input!.write(contentsOf: line)
            return try readLine()
        }
        return try RunnerProtocol.results(answer, jobs: jobs.count, runner: label)
    }

    /// Starts the runner once; Spark's own logging goes to the test process's standard error.
    private func start() throws {
        guard process == nil else { return }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: python)
        child.arguments = [Self.script]
        let stdin = Pipe()
        let stdout = Pipe()
        child.standardInput = stdin
        child.standardOutput = stdout
        child.standardError = FileHandle.standardError
        try child.run()
        process = child
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    /// One answer line; the runner's exit before it is an error that names its status.
    private func readLine() throws -> Data {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffered[buffered.startIndex..<newline]
                buffered = Data(buffered[buffered.index(after: newline)...])
                return Data(line)
            }
            let chunk = output!.availableData
            guard !chunk.isEmpty else {
                process!.waitUntilExit()
                let status = process!.terminationStatus
                process = nil
                throw SQLiteDatabase.Failure(description: "the Spark runner exited with status \(status)")
            }
            buffered += chunk
        }
    }
}
