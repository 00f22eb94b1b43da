/// A 1-based line and column. Columns count Unicode scalars, as libyaml does, so a caret lines up under
/// non-ASCII text in a terminal.
public struct SourcePosition: Hashable, Comparable, Sendable {
    // Stored in 32 bits: every decoded value carries a span of two positions, and at 10,000 definitions 64-bit
    // ones cost about 16 MB. Files are capped far below 2^31 lines or columns; larger numbers are clamped.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A range of a file, named by its path relative to the project root so that diagnostics read the same on every
/// machine and in CI annotations.
public struct SourceSpan: Hashable, Comparable, Sendable {
    /// The file as a number of `SpanFiles`: copying a span then copies no counted reference. Every decoded value
    /// carries a span, and retaining and releasing their paths' strings was a sixth of all reference counting.
    private(set) var fileNumber: SpanFiles.Number
    public var start: SourcePosition
    public var end: SourcePosition

    public var file: String {
        get { SpanFiles.path(fileNumber) }
        set { fileNumber = SpanFiles.number(of: newValue) }
    }

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.init(file: SpanFiles.number(of: file), start: start, end: end)
    }

    /// A span of a file already numbered: what a loader making thousands of spans of one file uses.
    init(file: SpanFiles.Number, start: SourcePosition, end: SourcePosition) {
        self.fileNumber = file
        self.start = start
        self.end = max(start, end)
    }

    /// Another range of this span's file.
    func inSameFile(start: SourcePosition, end: SourcePosition) -> SourceSpan {
        SourceSpan(file: fileNumber, start: start, end: end)
    }

    /// The first character of a file: where whole-file problems (size, encoding, emptiness) are reported.
    public static func startOf(_ file: String) -> SourceSpan { startOf(SpanFiles.number(of: file)) }

    /// The first character of a numbered file.
    static func startOf(_ file: SpanFiles.Number) -> SourceSpan {
        let first = SourcePosition(line: 1, column: 1)
        return SourceSpan(file: file, start: first, end: first)
    }

    /// A folder as a whole (generated/ missing, a link, out of date; an empty folder inside it): the path with a
    /// trailing `/`, which reports show without a line and column, since a folder has none.
    public static func folder(_ path: String) -> SourceSpan {
        let first = SourcePosition(line: 1, column: 1)
        return SourceSpan(file: path.hasSuffix("/") ? path : path + "/", start: first, end: first)
    }

    /// True for a span made by `folder(_:)`.
    public var isFolder: Bool { file.hasSuffix("/") }

    /// One line of a file, from a column up to (not including) another; by default the single character there.
    public static func line(_ line: Int, of file: String, column: Int = 1, endColumn: Int? = nil) -> SourceSpan {
        SourceSpan(file: file, start: SourcePosition(line: line, column: column),
                   end: SourcePosition(line: line, column: endColumn ?? column))
    }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        // Numbers follow first use, not the paths' order: paths are compared, and only when they differ. Two
        // spellings of one name (é as one scalar or two) are two files, which String sorts as one: then by place.
        if lhs.fileNumber != rhs.fileNumber {
            let (left, right) = (lhs.file, rhs.file)
            if left != right { return left < right }
        }
        return (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// A value read from a definition, with the place it was read from.
public struct Located<Value> {
    public var value: Value
    public var span: SourceSpan

    public init(_ value: Value, at span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
