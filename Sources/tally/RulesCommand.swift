import ArgumentParser
import TallyCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule tally checks, with its code and default severity."
    )

    func run() {
        for code in DiagnosticCode.allCases {
            print("\(code.rawValue)  \(code.defaultSeverity.rawValue.padding(7))  \(code.summary)")
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
