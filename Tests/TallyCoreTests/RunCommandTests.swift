import Foundation
import Testing
@testable import TallyCore
import TallyRunner

/// `tally run` on data files of the features reference project: what it loads, what it prints, what it refuses.
@Suite struct RunCommandTests {
    static let features = TestFiles.referenceProject("features")

    /// A temporary folder holding the given files.
    static func files(_ contents: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in contents { try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        return folder
    }

    static func run(_ arguments: [String]) throws -> CLITests.Run {
        try CLITests.run(["run"] + arguments + ["--project", features.path])
    }

    static let events = """
        id,event,account_id,properties,app_version,occurred_at
        1,Search,7,"{""plan"":""pro""}",2.1.0,2024-01-01T10:00:00Z
        2,Search,8,"{""plan"":""free""}",2.1.0,2024-01-02T10:00:00Z
        3,Open,7,{},2.1.0,2024-01-09T10:00:00Z
        4,Search,7,{},2.1.0,2024-01-09 11:00:00
        5,Search,9,{},2.1.0,2024-01-15T00:00:00+02:00

        """

    @Test func csvOutputIsAHeaderAndTheRowsOnly() throws {
        let folder = try Self.files(["events.csv": Self.events])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv", "--format", "csv"])
        #expect(run.status == 0)
        // 2024-01-15T00:00:00+02:00 is 2024-01-14 22:00 UTC: the week of 2024-01-08.
        #expect(run.stdout == "period_start,known_broken,value\n2024-01-01,false,2\n2024-01-08,false,2\n")
        #expect(run.stderr == "")
    }

    @Test func fromAndToKeepPeriodsStartingBetweenThemInclusive() throws {
        let folder = try Self.files(["events.csv": Self.events])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv", "--format", "csv",
                                "--from", "2024-01-08", "--to", "2024-01-08"])
        #expect(run.stdout == "period_start,known_broken,value\n2024-01-08,false,2\n")
        let backwards = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv",
                                      "--from", "2024-02-01", "--to", "2024-01-01"])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--from 2024-02-01 is after --to 2024-01-01"))
        let noSuchDay = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv",
                                      "--from", "2024-02-30"])
        #expect(noSuchDay.status == 64)
        #expect(noSuchDay.stderr.hasPrefix("Error: --from 2024-02-30: there is no such day: February 2024 has 29 days\n"),
                "\(noSuchDay.stderr)")
        let missing = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/evnets.csv"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: --data app_events=\(folder.path)/evnets.csv: no file \(folder.path)/evnets.csv\n"),
                "\(missing.stderr)")
    }

    @Test func tableAndJSONFormats() throws {
        let folder = try Self.files(["events.csv": Self.events])
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv"])
        #expect(table.stdout == """
            weekly_searches: Weekly searches
            period_start  known_broken  value
            ------------  ------------  -----
            2024-01-01    false             2
            2024-01-08    false             2

            """)
        let json = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let definitions = document?["definitions"] as? [[String: Any]]
        #expect(definitions?.first?["id"] as? String == "weekly_searches")
        let rows = definitions?.first?["rows"] as? [[String: Any]]
        #expect(rows?.count == 2)
        #expect(rows?.first?["period_start"] as? String == "2024-01-01")
        #expect(rows?.first?["known_broken"] as? Bool == false)
        #expect(rows?.first?["value"] as? Int == 2)
    }

    @Test func badRowsAreNamedWithTheirLinesAndFailTheRun() throws {
        let folder = try Self.files(["bad.csv": """
            id,event,properties,occurred_at
            1,Search,{},2024-01-01T10:00:00Z
            abc,Search,{},2024-01-01T10:00:00Z
            3,Search,{bad,2024-01-01T10:00:00Z
            4,Search,{},yesterday
            5,Search,{},
            6,Search,{}
            "7,Search,{},2024-01-01

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.csv").path
        let failed = try Self.run(["weekly_searches", "--data", "app_events=\(path)", "--format", "csv"])
        #expect(failed.status == 1)
        #expect(failed.stdout == "")
        #expect(failed.stderr == """
            tally run: error: 6 bad rows in \(path):
            \(path):3: column id: 'abc' is not an integer
            \(path):4: column properties: malformed JSON: expected a member name at byte 2
            \(path):5: column occurred_at: 'yesterday' is not a timestamp (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM], T or a space, offsets up to ±14:00)
            \(path):6: column occurred_at: no value, and the source's timestamp is required
            \(path):7: 3 fields, but the header has 4
            \(path):8: malformed CSV: a quoted field is not closed before the end of the file
            tally run: fix the rows above, or pass --skip-bad-rows to leave them out

            """)
        let skipped = try Self.run(["weekly_searches", "--data", "app_events=\(path)", "--format", "csv", "--skip-bad-rows"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "period_start,known_broken,value\n2024-01-01,false,1\n")
        #expect(skipped.stderr.hasPrefix("tally run: skipped 6 bad rows of \(path) (1 loaded):\n\(path):3: column id:"))
    }

    @Test func onlyTheFirstTenBadRowsAreNamedWithTheCount() throws {
        let lines = (1...25).map { "\($0),Search,{},not a time" }
        let folder = try Self.files(["bad.csv": "id,event,properties,occurred_at\n" + lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.csv").path
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(path)"])
        #expect(run.status == 1)
        let named = run.stderr.split(separator: "\n").filter { $0.hasPrefix(path + ":") }
        #expect(named.count == 10)
        #expect(named.first == "\(path):2: column occurred_at: 'not a time' is not a timestamp (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM], T or a space, offsets up to ±14:00)")
        #expect(named.last?.hasPrefix("\(path):11:") == true)
        #expect(run.stderr.contains("... and 15 more (25 bad rows in all)\n"))
    }

    /// What a review of messy files found: values that read as other values (a NUL, bytes that are no UTF-8, an
    /// offset past year 9999) are bad rows, and a header's problems are said at their column.
    @Test func valuesThatWouldReadAsOthersAreBadRows() throws {
        var csv = Data("id,event,properties,occurred_at,note\n".utf8)
        csv += Data("1,Search,{},2024-01-01T10:00:00Z,\n".utf8)
        csv += Data("2,Sea".utf8) + Data([0xFF, 0xFE]) + Data("rch,{},2024-01-01T10:00:00Z,\n".utf8)
        // Not UTF-8 in a column the source does not declare: not loaded, so no matter.
        csv += Data("9,Search,{},2024-01-01T10:00:00Z,caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        csv += Data("3,Search,{},9999-12-31T23:59:59-01:00,\n".utf8)
        csv += Data("4,Search,{},1704103200,\n".utf8)
        csv += Data(" 5,Search,{},2024-01-01T10:00:00Z,\n".utf8)
        csv += Data("99999999999999999999,Search,{},2024-01-01T10:00:00Z,\n".utf8)
        csv += Data("NULL,Search,{},2024-01-01T10:00:00Z,\n".utf8)
        csv += Data("20240115,Search,{},20240115,\n".utf8)
        var lines = Data("{\"event\":\"Search\\u0000x\",\"occurred_at\":\"2024-01-01T10:00:00Z\"}\n".utf8)
        lines += Data("{\"event\":\"Sea".utf8) + Data([0xED, 0xA0, 0x80]) + Data("\",\"occurred_at\":\"2024-01-01T10:00:00Z\"}\n".utf8)
        let folder = try Self.files([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        try csv.write(to: folder.appendingPathComponent("bad.csv"))
        try lines.write(to: folder.appendingPathComponent("bad.jsonl"))
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/bad.csv",
                                "--data", "app_events=\(folder.path)/bad.jsonl", "--skip-bad-rows", "--format", "csv"])
        #expect(run.status == 0)
        let path = folder.path
        for line in [
            "\(path)/bad.csv:3: column event: not valid UTF-8; save the file as UTF-8",
            "\(path)/bad.csv:5: column occurred_at: '9999-12-31T23:59:59-01:00' falls outside the years 0001 to 9999 "
                + "once moved to UTC",
            "\(path)/bad.csv:6: column occurred_at: '1704103200' is not a timestamp (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM], T or a space, "
                + "offsets up to ±14:00); a number of seconds (or milliseconds) since 1970 must be written as such a time",
            "\(path)/bad.csv:7: column id: ' 5' is not an integer (spaces around a number are not allowed)",
            "\(path)/bad.csv:8: column id: '99999999999999999999' is not an integer (it does not fit in 64 bits)",
            "\(path)/bad.csv:9: column id: 'NULL' is not an integer (leave the field empty for NULL)",
            "\(path)/bad.csv:10: column occurred_at: '20240115' is not a timestamp (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM], T or a space, "
                + "offsets up to ±14:00); write a day as YYYY-MM-DD",
            "\(path)/bad.jsonl:1: column event: the text holds a NUL character (U+0000), which SQLite's text functions stop at",
            "\(path)/bad.jsonl:2: the line is not valid UTF-8; save the file as UTF-8",
        ] {
            #expect(run.stderr.contains(line + "\n"), "\(line)\n\(run.stderr)")
        }
        #expect(run.stdout == "period_start,known_broken,value\n2024-01-01,false,2\n", "the two good rows")
        #expect(run.stderr.contains("skipped 7 bad rows of \(path)/bad.csv (2 loaded)"), "\(run.stderr)")
    }

    @Test func headerProblemsAreSaidAtTheirColumn() throws {
        let wide = "id,event,occurred_at," + (1...30).map { "extra\($0)" }.joined(separator: ",") + "\n"
        let folder = try Self.files([
            "quoted.csv": "\"id\",\"ñ,event\",event,occurred_at,bogus\n1,x,Search,2024-01-01T10:00:00Z,y\n",
            "wide.csv": wide,
            "twice.csv": "id,event,occurred_at,event\n",
            "spreadsheet.csv": "id,event,occurred_at,,,\n1,Search,2024-01-01T10:00:00Z,,,\n",
            "spaced.csv": "id, event ,occurred_at\n1,Search,2024-01-01T10:00:00Z\n",
            "cased.csv": "id,event,Occurred_At\n",
            "header.csv": "id,event,occurred_at\n",
            "mac.csv": "id,event,occurred_at\r1,Search,2024-01-01T10:00:00Z\r2,Search,2024-01-01T10:00:00Z\r",
            "keys.jsonl": "{\"occurred_at\": \"2024-01-01T10:00:00Z\", "
                + (1...12).map { "\"k\($0)\": 1" }.joined(separator: ", ") + "}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ name: String) throws -> CLITests.Run {
            try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/\(name)"])
        }
        // Columns count characters, quotes included, as an editor shows them.
        let quoted = try run("quoted.csv")
        #expect(quoted.stderr.contains("quoted.csv:1:6: warning: column 'ñ,event' is not declared"), "\(quoted.stderr)")
        #expect(quoted.stderr.contains("quoted.csv:1:34: warning: column 'bogus' is not declared"), "\(quoted.stderr)")
        // Thirty undeclared columns: ten named, then one line.
        let many = try run("wide.csv")
        let warnings = many.stderr.split(separator: "\n").filter { $0.contains("warning:") && !$0.contains("no row of source") }
        #expect(warnings.count == 11)
        #expect(warnings.last?.hasSuffix("wide.csv:1:93: warning: 20 more columns are not declared by source app_events, so "
                                             + "they are not loaded") == true, "\(warnings)")
        let keys = try run("keys.jsonl").stderr.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(keys.count == 11)
        #expect(keys.last?.hasSuffix("keys.jsonl: warning: 2 more keys are not declared by source app_events, so they are "
                                         + "not loaded") == true, "\(keys)")
        #expect(try run("twice.csv").stderr.contains("twice.csv:1:22: column 'event' appears twice, as columns 2 and 4; "
                                                      + "rename or remove one"))
        // A file of no rows is said in both formats: an empty JSON Lines file passed without a word, while an
        // empty CSV (no header) fails (found by a new-user trial).
        try Data().write(to: folder.appendingPathComponent("empty.jsonl"))
        for name in ["header.csv", "empty.jsonl"] {
            let empty = try run(name)
            #expect(empty.stderr.contains("tally run: warning: no row of source app_events was loaded (from "
                                          + "\(folder.path)/\(name)), so the definitions reading it run on no rows\n"),
                    "\(empty.stderr)")
        }
        // Said of the source, over all its files: one of rows beside an empty one is no warning.
        let both = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/empty.jsonl",
                                 "--data", "app_events=\(folder.path)/spreadsheet.csv"])
        #expect(both.status == 0 && !both.stderr.contains("no row of source"), "\(both.stderr)")
        // The empty columns a spreadsheet leaves at the end of a header are not loaded, and not a column twice; a
        // name with spaces around it is told the name it meant (both found by a new-user trial).
        let spreadsheet = try run("spreadsheet.csv")
        #expect(spreadsheet.status == 0, "\(spreadsheet.stderr)")
        #expect(spreadsheet.stderr.contains("spreadsheet.csv:1:22: warning: 3 columns without a name are not loaded\n"),
                "\(spreadsheet.stderr)")
        #expect(spreadsheet.stderr.components(separatedBy: "without a name").count == 2, "said once: \(spreadsheet.stderr)")
        #expect(try run("spaced.csv").stderr.contains("spaced.csv:1:4: warning: column ' event ' is not declared by source "
                                                       + "app_events, so it is not loaded; did you mean 'event'? (the "
                                                       + "spaces around it are part of the name)"))
        #expect(try run("cased.csv").stderr.contains("no column 'occurred_at', the timestamp of source app_events; every row "
                                                      + "needs one; did you mean 'Occurred_At'?"))
        // Said first, whatever else the one long header seems to hold (here a column twice, and no timestamp).
        #expect(try run("mac.csv").stderr.contains("mac.csv:1:1: the file's lines end in a lone carriage return, so it reads "
                                                    + "as one line: save it with LF or CRLF line ends"))
    }

    @Test func aFileGivenTwiceIsRefusedAndAnIdNamedTwiceRunsOnce() throws {
        let folder = try Self.files(["events.csv": Self.events])
        defer { try? FileManager.default.removeItem(at: folder) }
        let twice = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv",
                                  "--data", "app_events=\(folder.path)/../\(folder.lastPathComponent)/events.csv"])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("the same file as --data app_events=\(folder.path)/events.csv; each file is loaded once"))
        let once = try Self.run(["weekly_searches", "weekly_searches", "--data", "app_events=\(folder.path)/events.csv",
                                 "--format", "json"])
        #expect(once.status == 0)
        #expect(once.stdout.components(separatedBy: "\"weekly_searches\"").count == 2, "\(once.stdout)")
        // One definition named twice is still one, for the options that take one.
        let csv = try Self.run(["weekly_searches", "weekly_searches", "--data", "app_events=\(folder.path)/events.csv",
                                "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
    }

    /// In CSV an empty string is `""` and NULL an empty field: a group of '' and the NULL group stay apart.
    @Test func csvTellsAnEmptyStringFromNull() throws {
        let folder = try Self.files(["events.jsonl": """
            {"id": 1, "event": "Search", "account_id": 3, "properties": {"plan": ""}, "occurred_at": "2024-01-01T10:00:00Z"}
            {"id": 2, "event": "Search", "account_id": 4, "properties": {}, "occurred_at": "2024-01-01T11:00:00Z"}

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["searches_by_plan", "--data", "app_events=\(folder.path)/events.jsonl", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "period_start,plan,event,known_broken,value\n2024-01-01,,Search,true,1\n"
                    + "2024-01-01,\"\",Search,true,1\n")
    }

    @Test func jsonLinesAndSQLiteFilesLoadLikeCSV() throws {
        let folder = try Self.files([
            "events.jsonl": """
                {"id": 1, "event": "Search", "properties": {"plan": "pro"}, "occurred_at": "2024-01-01T10:00:00Z"}
                {"id": 2, "event": "Search", "occurred_at": "2024-01-02T10:00:00Z"}

                {"id": 4, "event": "Search", "occurred_at": "2024-01-09 11:00:00"}
                {"id": 5, "event": "Search", "occurred_at": "2024-01-15T00:00:00+02:00"}
                {"id": "6", "event": "Search", "occurred_at": "2024-01-15T00:00:00Z"}
                {"id": 8, "event": 1.10, "occurred_at": "2024-01-15T00:00:00Z"}
                {"id": 7,

                """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("events.db").path)
        try database.execute("CREATE TABLE app_events (id INTEGER, event TEXT, occurred_at TEXT, unused TEXT)")
        try database.execute("""
            INSERT INTO app_events VALUES (1, 'Search', '2024-01-01T10:00:00Z', 'x'), (2, 'Search', '2024-01-02T10:00:00Z', 'x'),
            (4, 'Search', '2024-01-09 11:00:00', 'x'), (5, 'Search', '2024-01-15T00:00:00+02:00', 'x')
            """)
        let expected = "period_start,known_broken,value\n2024-01-01,false,2\n2024-01-08,false,2\n"
        let lines = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.jsonl", "--format", "csv",
                                  "--skip-bad-rows"])
        #expect(lines.stdout == expected)
        #expect(lines.stderr == """
            tally run: skipped 3 bad rows of \(folder.path)/events.jsonl (4 loaded):
            \(folder.path)/events.jsonl:6: column id: "6" is not an integer
            \(folder.path)/events.jsonl:7: column event: 1.10 is a JSON number, not text: write it as a JSON string ("1.10")
            \(folder.path)/events.jsonl:8: malformed JSON: expected a member name at the end

            """)
        let sqlite = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.db", "--format", "csv"])
        #expect(sqlite.stdout == expected)
        #expect(sqlite.stderr == "\(folder.path)/events.db: table app_events: warning: column 'unused' is not declared by "
                                 + "source app_events, so it is not loaded\n")
    }

    /// A person's first row is their earliest in time, whatever offset or form each time is written in: the view
    /// sorts times as text, so they are kept as UTC written one way. 2024-02-01T01:00:00+05:00 is January 31st
    /// in UTC, earlier than the row written 2024-01-31T23:00:00Z, so account 7 is a January searcher on the free plan.
    @Test func theFirstRowIsTheEarliestWhateverTheOffset() throws {
        let folder = try Self.files(["events.csv": """
            id,event,account_id,properties,app_version,occurred_at
            1,Search,7,"{""plan"":""pro""}",2.1.0,2024-01-31T23:00:00Z
            2,Search,7,"{""plan"":""free""}",2.1.0,2024-02-01T01:00:00+05:00

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["first_searchers", "--data", "app_events=\(folder.path)/events.csv", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "period_start,plan,known_broken,value\n2024-01-01,free,false,1\n", "\(run.stdout)")
    }

    /// A sum past SQLite's 64-bit integers is said in words, not as SQLite's message with tally's query; a file that
    /// is not a database says so without the query tally asked it.
    @Test func overflowAndNonDatabasesAreSaidPlainly() throws {
        let folder = try Self.files(["requests.csv": """
            id,route,details,served_at
            1,api.search,"{""bytes"": 9000000000000000000}",2024-03-04T01:00:00Z
            2,api.search,"{""bytes"": 9000000000000000000}",2024-03-05T01:00:00Z

            """, "requests.db": "not a database\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let overflow = try Self.run(["response_bytes", "--data", "requests=\(folder.path)/requests.csv"])
        #expect(overflow.status == 1)
        #expect(overflow.stderr.hasPrefix("tally run: error: response_bytes: a value passed SQLite's 64-bit integers "
                                          + "(about 9.2e18) while computing it (integer overflow)"), "\(overflow.stderr)")
        #expect(!overflow.stderr.contains("SELECT"))
        // Floats past a double's range come out infinite: an error too, not "inf" as a value with exit status 0 (found
        // by a new-user trial).
        let floats = try Self.files(["requests.csv": """
            id,route,details,served_at
            1,api.search,"{""bytes"": 1e308}",2024-03-04T01:00:00Z
            2,api.search,"{""bytes"": 1e308}",2024-03-04T02:00:00Z

            """])
        defer { try? FileManager.default.removeItem(at: floats) }
        let infinite = try Self.run(["response_bytes", "--data", "requests=\(floats.path)/requests.csv", "--format", "json"])
        #expect(infinite.status == 1, "\(infinite.stdout)")
        #expect(infinite.stderr.hasPrefix("tally run: error: response_bytes: a value passed a float's range (about "
                                          + "±1.8e308) while computing it (it came out infinite)"), "\(infinite.stderr)")
        #expect(!infinite.stdout.contains("inf"), "\(infinite.stdout)")
        // One definition refused by the engine leaves the others' rows printed (they were dropped with it).
        let beside = try Self.run(["active_teams", "response_bytes", "--data", "requests=\(folder.path)/requests.csv",
                                   "--format", "json"])
        #expect(beside.status == 1)
        #expect(beside.stderr.contains("tally run: error: response_bytes: a value passed SQLite's 64-bit integers"),
                "\(beside.stderr)")
        #expect(beside.stdout.contains("active_teams"), "\(beside.stdout)")
        let notDatabase = try Self.run(["response_bytes", "--data", "requests=\(folder.path)/requests.db"])
        #expect(notDatabase.stderr.contains("requests.db: not a readable SQLite database: file is not a database\n"),
                "\(notDatabase.stderr)")
        #expect(!notDatabase.stderr.contains("sqlite_master"))
    }

    @Test func columnsTakeDefaultsAndEmptyFieldsFollowTheirType() throws {
        let catalog = try #require(Compiler.check(ProjectReader(root: Self.features).read()).checked)
        let folder = try Self.files(["events.csv": """
            id,event,device_id,email,properties,occurred_at
            1,Search,,,"{""b"": 1, ""a"": [true]}",2024-01-01T10:00:00Z
            2,,d2,x@example.com,,2024-01-02

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try RunSession(catalog: catalog)
        let loaded = try session.load(try DataSourceArgument(parsing: "app_events=\(folder.path)/events.csv"))
        #expect(loaded.rows == 2)
        #expect(loaded.bad.count == 0)
        // account_id and app_version are not in the header: their declared defaults (0, "2.1.0"). An empty field is
        // '' in a text column (device_id, event) and NULL in the json one; JSON is kept as written, times as UTC
        // written one way.
        let rows = try session.database.query(
            "SELECT id, event, account_id, device_id, email, properties, app_version, occurred_at, typeof(account_id) "
                + "FROM app_events ORDER BY id")
        #expect(rows == [
            ["1", "Search", "0", "", "", "{\"b\": 1, \"a\": [true]}", "2.1.0", "2024-01-01T10:00:00", "integer"],
            ["2", "", "0", "d2", "x@example.com", nil, "2.1.0", "2024-01-02T00:00:00", "integer"],
        ])
    }

    @Test func valuesAreCheckedByTheirColumnsType() throws {
        let catalog = try #require(Compiler.check(ProjectReader(root: Self.features).read()).checked)
        let folder = try Self.files(["plans.csv": """
            name,price,active
            pro,9.5,true
            team,12,0
            free,,
            odd,1e400,true
            hex,0x10,true
            maybe,1,yes

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try RunSession(catalog: catalog)
        let loaded = try session.load(try DataSourceArgument(parsing: "plans=\(folder.path)/plans.csv"))
        #expect(loaded.rows == 3)
        #expect(loaded.bad.first.map(\.description) == [
            "\(folder.path)/plans.csv:5: column price: '1e400' is not a number (it is too large for a float)",
            "\(folder.path)/plans.csv:6: column price: '0x10' is not a number",
            "\(folder.path)/plans.csv:7: column active: 'yes' is not a boolean (true, false, t, f, 1 or 0)",
        ])
        #expect(try session.database.query("SELECT name, price, active FROM plans") == [
            ["pro", "9.5", "1"], ["team", "12.0", "0"], ["free", nil, nil],
        ])
    }

    @Test func unknownDefinitionsAndSourcesAreUsageErrorsWithASuggestion() throws {
        let folder = try Self.files(["events.csv": Self.events])
        defer { try? FileManager.default.removeItem(at: folder) }
        let definition = try Self.run(["weekly_serches", "--data", "app_events=\(folder.path)/events.csv"])
        #expect(definition.status == 64)
        #expect(definition.stderr.hasPrefix("Error: no definition 'weekly_serches'; did you mean 'weekly_searches'?\n"
                                            + "Usage: tally run <ids> ..."))
        let source = try Self.run(["weekly_searches", "--data", "app_event=\(folder.path)/events.csv"])
        #expect(source.status == 64)
        #expect(source.stderr.contains("no source app_event; the project's sources are app_events, dashboards"))
        #expect(source.stderr.contains("did you mean 'app_events'?"))
        let missing = try Self.run(["weekly_searches"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: weekly_searches reads source app_events, which no --data gives; add "
                                         + "--data app_events=PATH"))
        let format = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.txt"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("cannot tell the format of \(folder.path)/events.txt from its extension"))
        let compressed = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv.gz"])
        #expect(compressed.status == 64)
        #expect(compressed.stderr.contains("\(folder.path)/events.csv.gz is compressed; decompress it first"))
    }

    @Test func anUndeclaredHeaderColumnIsAWarningWithASuggestion() throws {
        let folder = try Self.files(["events.csv": "id,event,ocurred_at,occurred_at\n1,Search,x,2024-01-01\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/events.csv", "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.stderr == "\(folder.path)/events.csv:1:10: warning: column 'ocurred_at' is not declared by source "
                              + "app_events, so it is not loaded; did you mean 'occurred_at'?\n")
        let noTimestamp = try Self.files(["events.csv": "id,event\n1,Search\n"])
        defer { try? FileManager.default.removeItem(at: noTimestamp) }
        let refused = try Self.run(["weekly_searches", "--data", "app_events=\(noTimestamp.path)/events.csv"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "tally run: error: \(noTimestamp.path)/events.csv:1:1: no column 'occurred_at', the "
                                  + "timestamp of source app_events; every row needs one\n")
    }

    /// The chart of a grouped view with a known-broken release, byte for byte (TALLY_UPDATE_EXPECTED=1 rewrites it).
    @Test func chartIsTheSameFileEveryTime() throws {
        // Ten weeks of searches by three plans and two events; release 2.1.0 (known broken) logs in weeks three and four.
        var lines = ["id,event,account_id,properties,app_version,occurred_at"]
        for index in 0..<140 {
            let plan = ["pro", "free", "team"][index % 3]
            let event = index % 4 == 0 ? "SearchAgain" : "Search"
            let day = index / 2
            let version = (14..<28).contains(day) ? "2.1.0" : "2.0.0"
            let date = "2024-\(day < 31 ? "01" : day < 60 ? "02" : "03")-" + String(format: "%02d", day < 31 ? day + 1 : day < 60 ? day - 30 : day - 59)
            lines.append("\(index),\(event),\(1 + index % 5),\"{\"\"plan\"\":\"\"\(plan)\"\"}\",\(version),\(date)T10:00:00Z")
        }
        let folder = try Self.files(["events.csv": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let chart = folder.appendingPathComponent("chart.svg")
        let run = try Self.run(["searches_by_plan", "--data", "app_events=\(folder.path)/events.csv", "--chart", chart.path])
        #expect(run.status == 0)
        let written = try String(contentsOf: chart, encoding: .utf8)
        let expected = TestFiles.folder.appendingPathComponent("Fixtures/run/searches_by_plan.svg")
        if TestFiles.updating {
            try written.write(to: expected, atomically: false, encoding: .utf8)
            Issue.record("updated \(expected.path)")
        }
        #expect(written == (try? String(contentsOf: expected, encoding: .utf8)))
        let again = try Self.run(["searches_by_plan", "--data", "app_events=\(folder.path)/events.csv", "--chart", chart.path])
        #expect(again.status == 0)
        #expect(try String(contentsOf: chart, encoding: .utf8) == written)
        let nowhere = folder.appendingPathComponent("no-such-folder/chart.svg").path
        // A folder that is not there, or a name that is no SVG's, is a usage error before any row is loaded.
        let unwritable = try Self.run(["searches_by_plan", "--data", "app_events=\(folder.path)/events.csv", "--chart", nowhere])
        #expect(unwritable.status == 64)
        #expect(unwritable.stdout.isEmpty)
        #expect(unwritable.stderr.contains("--chart \(nowhere): no folder \(folder.path)/no-such-folder to write it in"),
                "\(unwritable.stderr)")
        let png = try Self.run(["searches_by_plan", "--data", "app_events=\(folder.path)/events.csv", "--chart",
                                folder.appendingPathComponent("chart.png").path])
        #expect(png.status == 64)
        #expect(png.stderr.contains("the chart is an SVG drawing; name the file .svg"))
    }

    @Test func aViewWithoutPeriodsIsNotCharted() throws {
        let folder = try Self.files(["plans.csv": "name,price,active\npro,9.5,true\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let total = try #require(Compiler.check(ProjectReader(root: Self.features).read()).checked?.views
            .first { $0.grain == .total && $0.definition.source.table?.value == "plans" })
        let run = try Self.run([total.id, "--data", "plans=\(folder.path)/plans.csv", "--chart", "\(folder.path)/c.svg"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: \(total.id) has no period_start (grain total: one value, not a "
                                     + "series over time)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "refused before any row is printed")
        let filtered = try Self.run([total.id, "--data", "plans=\(folder.path)/plans.csv", "--from", "2024-01-01"])
        #expect(filtered.status == 64)
        #expect(filtered.stderr.hasPrefix("Error: \(total.id) has no periods (grain total): --from and --to do not apply to it"))
        // Said from the arguments, before any data is read: here there is none to read.
        let unread = try Self.run([total.id, "--data", "plans=\(folder.path)/no-such.csv", "--from", "2024-01-01"])
        #expect(unread.status == 64)
        #expect(unread.stderr.hasPrefix("Error: \(total.id) has no periods (grain total)"), "\(unread.stderr)")
    }

    @Test func anSQLiteFileWithoutTheTableIsRefusedWithItsTables() throws {
        let folder = try Self.files([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.sqlite").path
        try SQLiteDatabase(path: path).execute("CREATE TABLE app_event (id INTEGER); CREATE TABLE other (x TEXT)")
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(path)"])
        #expect(run.status == 1)
        #expect(run.stderr == "tally run: error: \(path): no table app_events (source app_events); it has app_event, other; "
                              + "did you mean 'app_event'?\n")
    }

    @Test func anSQLMeasureWithoutAnEmbeddedQueryIsRefused() throws {
        // The code_insights project with PostgreSQL only, and one sql measure written for it alone (its queries
        // after PostgreSQL's removed).
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("tally-run-sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestFiles.referenceProject("code_insights"), to: project)
        defer { try? FileManager.default.removeItem(at: project) }
        let settings = project.appendingPathComponent("tally.yaml")
        try String(contentsOf: settings, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("dialects:") ? "dialects: [postgres]" : String($0) }.joined(separator: "\n")
            .write(to: settings, atomically: false, encoding: .utf8)
        let definition = project.appendingPathComponent("definitions/code_insights/total_dashboard_count.yaml")
        let text = try String(contentsOf: definition, encoding: .utf8)
        let start = try #require(text.range(of: "    sqlite: |")).lowerBound
        let end = try #require(text.range(of: "added:")).lowerBound
        try (String(text[..<start]) + String(text[end...])).write(to: definition, atomically: false, encoding: .utf8)
        let data = project.appendingPathComponent("dashboards.csv")
        try "id,deleted_at\n1,\n".write(to: data, atomically: false, encoding: .utf8)
        let run = try CLITests.run(["run", "total_dashboard_count", "--data", "dashboard=\(data.path)", "--project", project.path])
        #expect(run.status == 1)
        #expect(run.stderr == "tally run: error: total_dashboard_count is an sql measure without a query for sqlite, the "
                              + "engine tally run uses; add one to run it\n")
    }

    /// partitioned_events declares event_day, the UTC day of occurred_at, which its weekly view takes periods from.
    @Test func aFileWithoutThePartitionDateGetsEachRowsUTCDay() throws {
        let folder = try Self.files([
            "derived.csv": """
                id,event,occurred_at
                1,Search,2024-01-07T23:30:00-05:00
                2,Search,2024-01-07T12:00:00Z

                """,
            "given.csv": """
                id,event,occurred_at,event_day
                1,Search,2024-01-07T12:00:00Z,2024-01-07
                2,Search,2024-01-07T12:00:00Z,

                """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        // 23:30 at -05:00 on Sunday the 7th is Monday the 8th in UTC: the week of the 8th.
        let derived = try Self.run(["weekly_partitioned_searches", "--data", "partitioned_events=\(folder.path)/derived.csv",
                                    "--format", "csv"])
        #expect(derived.stdout == "period_start,known_broken,value\n2024-01-01,,1\n2024-01-08,,1\n", "\(derived.stderr)")
        let given = try Self.run(["weekly_partitioned_searches", "--data", "partitioned_events=\(folder.path)/given.csv"])
        #expect(given.status == 1)
        #expect(given.stderr.contains("\(folder.path)/given.csv:3: column event_day: no value, and it is the source's "
                                      + "partition_date: the UTC day of occurred_at\n"))
    }

    @Test func twoFilesOfOneSourceBothLoad() throws {
        let folder = try Self.files(["a.csv": "id,event,occurred_at\n1,Search,2024-01-01\n",
                                     "b.jsonl": "{\"id\": 2, \"event\": \"Search\", \"occurred_at\": \"2024-01-02\"}\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["weekly_searches", "--data", "app_events=\(folder.path)/a.csv",
                                "--data", "app_events=\(folder.path)/b.jsonl", "--format", "csv"])
        #expect(run.stdout == "period_start,known_broken,value\n2024-01-01,false,2\n")
    }
}
