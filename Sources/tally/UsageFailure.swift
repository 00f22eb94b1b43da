import ArgumentParser
import Foundation

/// A usage error that only the project can reveal (an unknown definition id): reported as ArgumentParser
/// reports its own, with the subcommand's usage line rather than the top-level one, and exit status 64.
enum UsageFailure {
    static func report(_ message: String, command: ParsableCommand.Type) -> ExitCode {
        let name = command.configuration.commandName ?? ""
        let text = "Error: \(message)\nUsage: \(Tally.usageString(for: command))\n"
            + "  See 'tally \(name) --help' for more information.\n"
        FileHandle.standardError.write(Data(text.utf8))
        return ExitCode(64)
    }
}
