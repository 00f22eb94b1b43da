import ArgumentParser
import Foundation
import TallyCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule tally checks, with its code and default severity.",
        discussion: """
            A project can raise a warning to an error or turn it off in tally.yaml (rules: {V008: error}), and a \
            definition can silence a named warning with a reason (no_lint: [{rule: V006, reason: ...}]). Errors \
            cannot be lowered or silenced.
            """
    )

    @Option(name: .long, help: "human, or json (one array of {code, severity, summary}).")
    var format: Format = .human

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    func run() {
        switch format {
        case .human:
            for code in DiagnosticCode.allCases {
                print("\(code.rawValue)  \(code.defaultSeverity.rawValue.padding(7))  \(code.summary)")
            }
        case .json:
            let rules = DiagnosticCode.allCases.map { code -> JSONValue in
                .object([("code", .string(code.rawValue)), ("severity", .string(code.defaultSeverity.rawValue)),
                         ("summary", .string(code.summary))])
            }
            print(JSONValue.array(rules).serialized())
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
