import TallyCore

/// Shapes an input row into the values of a source's declared columns, in their order: a column the input does
/// not give takes its declared default, else NULL; each given value is checked against its column's type.
struct RowShaper {
    let source: Source
    private let defaults: [SQLiteValue]
    /// The column a row cannot do without: the source's timestamp (a row without one falls in no period).
    private let required: Int?
    /// The source's partition_date column, each row's UTC day of its timestamp: views over UTC days take their
    /// periods from it.
    private let partition: Int?
    /// Each declared column's position, by name: a JSON Lines row looks up every member.
    private let columnIndex: [String: Int]

    /// Which input field feeds which column (nil: not declared, not loaded).
    struct Mapping {
        var fieldColumns: [Int?]
        var warnings: [String]
    }

    init(source: Source) {
        self.source = source
        defaults = source.columns.map { column in
            column.defaultValue.map { CellParser.value(default: $0.value, type: column.type.value) } ?? .null
        }
        required = source.timestamp.flatMap { name in source.columns.firstIndex { $0.name.value == name.value } }
        partition = source.partitionDate.flatMap { name in source.columns.firstIndex { $0.name.value == name.value } }
        columnIndex = Dictionary(source.columns.enumerated().map { ($1.name.value, $0) }) { first, _ in first }
    }

    /// Whether the source declares a column of this name.
    func declares(_ name: String) -> Bool { columnIndex[name] != nil }

    /// An input without the partition_date column gets each row's UTC day of its timestamp, as the loader of a
    /// partitioned table writes it; one that has the column keeps its values, and a row that leaves it empty is
    /// bad (the views would put it in no period).
    private func withPartition(_ values: [SQLiteValue], given: Bool) -> Result<[SQLiteValue], RowProblem> {
        guard let partition, let required, values[partition] == .null, case .text(let instant) = values[required] else {
            return .success(values)
        }
        let name = source.columns[partition].name.value
        guard !given else {
            return .failure(RowProblem(column: name, reason: "no value, and it is the source's partition_date: the UTC "
                                       + "day of \(source.columns[required].name.value)"))
        }
        var completed = values
        // Loaded times are UTC written one way already (CellParser): the day is the first ten characters.
        completed[partition] = .text(String(instant.prefix(10)))
        return .success(completed)
    }

    /// Maps an input's column names (a CSV header, a table's columns) onto the declared columns. A name given
    /// twice, or a missing timestamp column without a default, fails the load; an undeclared name is a warning.
    /// `locate` turns a field index and a message into a located message.
    func mapping(for names: [String], locate: (Int, String) -> String) throws -> Mapping {
        var mapping = Mapping(fieldColumns: [], warnings: [])
        // Line ends of a lone carriage return make the whole file one line: said first, since whatever else the
        // header seems to hold (a column twice, no timestamp, odd names) follows from it.
        if names.contains(where: { $0.contains("\r") }) {
            throw TableLoader.Failure(description: locate(0, "the file's lines end in a lone carriage return, so it "
                                                          + "reads as one line: save it with LF or CRLF line ends"))
        }
        var seen: [String: Int] = [:]
        var undeclaredCount = 0
        // Columns without a name: said once, where the first is, and not counted among the undeclared ones.
        var unnamed: (first: Int, count: Int)?
        // Where the one line for the undeclared columns past the first ten points: the first of them.
        var moreAt: Int?
        for (index, name) in names.enumerated() {
            // Columns without a name are never loaded, so two of them are no ambiguity: the empty columns a
            // spreadsheet leaves at the end of its header (`name,timestamp,,`) made the file unusable.
            if !name.isEmpty, let first = seen[name] {
                throw TableLoader.Failure(description: locate(index, "column '\(name)' appears twice, as columns "
                                                              + "\(first + 1) and \(index + 1); rename or remove one"))
            }
            seen[name] = index
            let column = columnIndex[name]
            if name.isEmpty {
                unnamed = (unnamed?.first ?? index, (unnamed?.count ?? 0) + 1)
            } else if column == nil {
                undeclaredCount += 1
                // A file of thousands of columns is told about the first ones, then in one line.
                if undeclaredCount <= Self.undeclaredShown {
                    mapping.warnings.append(locate(index, "warning: " + undeclared(name)))
                } else if moreAt == nil {
                    moreAt = index
                }
            }
            mapping.fieldColumns.append(column)
        }
        if let moreAt {
            mapping.warnings.append(locate(moreAt, "warning: " + moreUndeclared(undeclaredCount - Self.undeclaredShown,
                                                                                 noun: "columns")))
        }
        if let unnamed {
            mapping.warnings.append(locate(unnamed.first, "warning: " + (unnamed.count == 1
                ? "a column without a name is not loaded" : "\(unnamed.count) columns without a name are not loaded")))
        }
        if let required, !mapping.fieldColumns.contains(required), defaults[required] == .null {
            let name = source.columns[required].name.value
            throw TableLoader.Failure(description: locate(0, "no column '\(name)', the timestamp of source \(source.name); "
                                                          + "every row needs one" + DidYouMean.clause(for: name, among: names)))
        }
        return mapping
    }

    /// The line that stands for the undeclared columns or keys past the first ten.
    func moreUndeclared(_ count: Int, noun: String) -> String {
        "\(count) more \(noun) are not declared by source \(source.name), so they are not loaded"
    }

    /// How many undeclared columns of a file are named one by one.
    static let undeclaredShown = 10

    func undeclared(_ name: String) -> String {
        let declared = source.columns.map(\.name.value)
        // Spaces around a name are the typo a header most often has, and too many edits away for the suggestion.
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed != name, declared.contains(trimmed) {
            return "column '\(name)' is not declared by source \(source.name), so it is not loaded; did you mean "
                + "'\(trimmed)'? (the spaces around it are part of the name)"
        }
        return "column '\(name)' is not declared by source \(source.name), so it is not loaded"
            + DidYouMean.clause(for: name, among: declared)
    }

    /// A CSV record's values: an empty field is '' in a text column and NULL in any other.
    func values(csv fields: [String], mapping: Mapping) -> Result<[SQLiteValue], RowProblem> {
        var values = defaults
        for (field, column) in zip(fields, mapping.fieldColumns) {
            guard let column else { continue }
            let type = source.columns[column].type.value
            if field.isEmpty {
                values[column] = type == .text ? .text("") : .null
                continue
            }
            switch CellParser.value(text: Substring(field), type: type) {
            case .success(let value): values[column] = value
            case .failure(let problem): return .failure(RowProblem(column: source.columns[column].name.value, reason: problem.reason))
            }
        }
        return withPartition(values, given: partition.map { mapping.fieldColumns.contains($0) } ?? false)
    }

    /// A JSON Lines object's values, by member name; members the source does not declare are left out.
    func values(json members: [(key: String, value: JSONScanner.Value)]) -> Result<[SQLiteValue], RowProblem> {
        var values = defaults
        var seen: Set<Int> = []
        for member in members {
            guard let column = columnIndex[member.key] else { continue }
            guard seen.insert(column).inserted else {
                return .failure(RowProblem(column: member.key, reason: "the member appears twice"))
            }
            switch CellParser.value(json: member.value, type: source.columns[column].type.value) {
            case .success(let value): values[column] = value
            case .failure(let problem): return .failure(RowProblem(column: member.key, reason: problem.reason))
            }
        }
        return withPartition(values, given: partition.map { seen.contains($0) } ?? false)
    }

    /// A row of an SQLite table, its cells as text (NULL as nil), for the given columns.
    func values(cells: [String?], columns: [Int]) -> Result<[SQLiteValue], RowProblem> {
        var values = defaults
        for (cell, column) in zip(cells, columns) {
            guard let cell else { values[column] = .null; continue }
            switch CellParser.value(text: Substring(cell), type: source.columns[column].type.value) {
            case .success(let value): values[column] = value
            case .failure(let problem): return .failure(RowProblem(column: source.columns[column].name.value, reason: problem.reason))
            }
        }
        return withPartition(values, given: partition.map { columns.contains($0) } ?? false)
    }

    /// Why a shaped row cannot be loaded: its timestamp is missing.
    func problem(in values: [SQLiteValue]) -> RowProblem? {
        guard let required, values[required] == .null else { return nil }
        let name = source.columns[required].name.value
        return RowProblem(column: name, reason: "no value, and the source's timestamp is required")
    }
}

/// Why a row cannot be loaded, and the column at fault when one is.
struct RowProblem: Error {
    var column: String?
    var reason: String
}
