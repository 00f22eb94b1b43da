/// Every rule tally enforces, with a code that never changes meaning once released: CI logs, docs and
/// suppressions refer to these.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // Files and YAML.
    case unreadableFile = "F001"
    case missingDirectory = "F002"
    case pathOutsideProject = "F003"
    case misplacedFile = "F004"
    case yamlSyntax = "Y001"
    case invalidUTF8 = "Y002"
    case fileTooLarge = "Y003"
    case nestingTooDeep = "Y004"
    case anchorRefused = "Y005"
    case aliasRefused = "Y006"
    case mergeKeyRefused = "Y007"
    case complexKey = "Y008"
    case tagRefused = "Y009"
    case duplicateKey = "Y010"
    case multipleDocuments = "Y011"
    case emptyFile = "Y012"

    // generated/ against the definitions.
    case generatedDrift = "G001"
    case generatedMissing = "G002"
    case generatedExtra = "G003"

    // tally diff: changes against a base ref.
    case removedWithoutDeprecation = "C001"
    case renamedWithoutDeprecation = "C002"
    case unrecordedBreakingChange = "C003"
    case brokenRangeAdded = "C004"
    case brokenRangeWidened = "C005"
    case rangeClosedWithoutFix = "C006"
    case fixLinkOtherRepository = "C007"

    // Decoding: shapes, names and values.
    case unknownKey = "D001"
    case missingField = "D002"
    case emptyValue = "D003"
    case wrongType = "D004"
    case unknownValue = "D005"
    case invalidName = "D006"
    case idMismatch = "D007"
    case duplicateName = "D008"
    case invalidVersion = "D009"
    case invalidLink = "D010"
    case invalidExpression = "D011"
    case notApplicable = "D012"
    case invalidPattern = "D013"

    // References between files.
    case unknownSource = "R001"
    case unknownColumn = "R002"
    case unknownJSONField = "R003"
    case unknownDefinition = "R004"
    case referenceCycle = "R005"
    case columnTypeMismatch = "R006"
    case unknownEvent = "R007"
    case unresolvedReference = "R008"
    case inputCalendarMismatch = "R009"
    case grainFinerThanInput = "R010"
    case groupColumnsMismatch = "R011"
    case inputWithoutPeriods = "R012"
    case snapshotDaysAddedUp = "R013"
    case joinNotOnKey = "R014"

    // Versions and broken ranges.
    case rangeReversed = "V001"
    case rangeBeforeAdded = "V002"
    case rangesUnsorted = "V003"
    case rangesOverlap = "V004"
    case versionAfterCurrent = "V005"
    case rangeWithoutReason = "V006"
    case rangeWithoutFix = "V007"
    case rangeOpen = "V008"

    // Data classification.
    case privateData = "P001"
    case restrictedData = "P002"

    // Examples.
    case exampleUnknownSource = "E001"
    case exampleUnknownColumn = "E002"
    case exampleUnknownOutput = "E003"
    case exampleValueType = "E004"
    case exampleMissingOutput = "E005"

    // tally test: examples run on an engine.
    case exampleFailed = "T001"
    case exampleDidNotRun = "T002"

    // tally import: a pings page into definition files.
    case pageNotImportable = "I001"
    case pageTextNotImported = "I002"
    case importTODO = "I003"
    case importedIDTaken = "I004"
    case importTargetExists = "I005"
    case importWriteFailed = "I006"

    public var defaultSeverity: Severity {
        switch self {
        case .rangeWithoutReason, .rangeWithoutFix, .rangeOpen, .brokenRangeAdded, .brokenRangeWidened,
             .pageTextNotImported, .importTODO, .importedIDTaken: .warning
        default: .error
        }
    }

    /// One line per rule, for `tally rules` and the README.
    public var summary: String {
        switch self {
        case .unreadableFile: "a file cannot be read"
        case .missingDirectory: "definitions/ or definitions/sources/ is missing"
        case .pathOutsideProject: "a symbolic link leads outside the project"
        case .misplacedFile: "a YAML file where tally does not look for one"
        case .yamlSyntax: "YAML syntax error (libyaml scanner, parser or reader)"
        case .invalidUTF8: "the file is not valid UTF-8"
        case .fileTooLarge: "the file is larger than the size cap"
        case .nestingTooDeep: "mappings and sequences nest deeper than the depth cap"
        case .anchorRefused: "YAML anchors are not allowed"
        case .aliasRefused: "YAML aliases are not allowed"
        case .mergeKeyRefused: "YAML merge keys (<<) are not allowed"
        case .complexKey: "a mapping key is not a scalar"
        case .tagRefused: "a tag other than the YAML core tags"
        case .duplicateKey: "a key appears twice in one mapping"
        case .multipleDocuments: "more than one YAML document in a file"
        case .emptyFile: "the file holds no document"
        case .generatedDrift: "a generated file differs from what the definitions produce"
        case .generatedMissing: "a generated file is missing"
        case .generatedExtra: "a file in generated/ that no definition produces"
        case .removedWithoutDeprecation: "a released definition deleted without being deprecated first"
        case .renamedWithoutDeprecation: "a released definition renamed without deprecating the old id"
        case .unrecordedBreakingChange: "events or measure of a released definition changed without a 'changes' entry"
        case .brokenRangeAdded: "a new broken range (warning, for reviewers)"
        case .brokenRangeWidened: "a broken range made wider (warning, for reviewers)"
        case .rangeClosedWithoutFix: "an open broken range closed without a fix link"
        case .fixLinkOtherRepository: "a fix link outside tally.yaml's repository"
        case .unknownKey: "a key that this kind of file does not have"
        case .missingField: "a required key is missing"
        case .emptyValue: "a required value is empty"
        case .wrongType: "a value of the wrong type"
        case .unknownValue: "a value outside the allowed set"
        case .invalidName: "an id or name that is not snake_case"
        case .idMismatch: "a definition's file name differs from its id"
        case .duplicateName: "two definitions, groups or sources share a name"
        case .invalidVersion: "a version that is not like 3.25, 3.35.0 or v5.2.1"
        case .invalidLink: "a malformed URL, URL template or pull-request reference"
        case .invalidExpression: "a formula expression that does not parse"
        case .notApplicable: "a key that does not apply to this kind, type or aggregate"
        case .invalidPattern: "an event pattern with characters an event name cannot have, or a where glob (matches) without a wildcard"
        case .unknownSource: "a source that does not exist"
        case .unknownColumn: "a column the source does not declare"
        case .unknownJSONField: "a JSON field the column does not declare"
        case .unknownDefinition: "a reference to a definition that does not exist"
        case .referenceCycle: "ratio and formula references that form a cycle"
        case .columnTypeMismatch: "a column of the wrong type for its role or for a where operator"
        case .unknownEvent: "a funnel step or event code names an event the definition does not read"
        case .unresolvedReference: "a definition passed every rule but a piece of its view cannot be resolved (a bug in tally: reported instead of rendering)"
        case .inputCalendarMismatch: "inputs of a ratio or formula whose weeks start on different days (from each other or from the result's weeks)"
        case .grainFinerThanInput: "a ratio or formula whose grain is finer than one of its inputs'"
        case .groupColumnsMismatch: "inputs of a ratio or formula grouped by different columns, or by columns of different types"
        case .inputWithoutPeriods: "an input of a ratio or formula that has no value per period: a retention, or an sql measure without a grain"
        case .snapshotDaysAddedUp: "a count or sum over a snapshot source whose periods span several days, without snapshot: period_end or period_average"
        case .joinNotOnKey: "a join whose 'on' does not match exactly the key its target declares, so a row could match several"
        case .rangeReversed: "a broken range whose from is after its through, or a where between whose low value is above its high one"
        case .rangeBeforeAdded: "a broken range that starts before the version added"
        case .rangesUnsorted: "broken ranges out of order"
        case .rangesOverlap: "broken ranges that overlap"
        case .versionAfterCurrent: "a version later than tally.yaml's current_version"
        case .rangeWithoutReason: "a broken range without a reason (warning)"
        case .rangeWithoutFix: "a closed broken range without a fix link (warning)"
        case .rangeOpen: "a broken range that is still open (warning)"
        case .privateData: "a definition reads private data"
        case .restrictedData: "a definition reads restricted data"
        case .exampleUnknownSource: "an example gives rows for a source the definition does not read"
        case .exampleUnknownColumn: "an example row names a column its source does not have"
        case .exampleUnknownOutput: "an expected row names a column the view does not output"
        case .exampleValueType: "an example value that does not fit its column"
        case .exampleMissingOutput: "an expected row leaves out a column of the view"
        case .exampleFailed: "tally test: an example's view returned other rows than its expect rows"
        case .exampleDidNotRun: "tally test: an example's SQL failed on the engine"
        case .pageNotImportable: "a page tally import cannot read: not UTF-8, a comment left open, no title or nothing to import"
        case .pageTextNotImported: "text of the page that tally import does not understand and leaves out (warning)"
        case .importTODO: "a value the page cannot give, left empty under a TODO(tally import) comment (warning)"
        case .importedIDTaken: "an imported id that a definition of another group already has (warning)"
        case .importTargetExists: "a file tally import would write exists; only --force overwrites it"
        case .importWriteFailed: "a file tally import would write cannot be written"
        }
    }
}
