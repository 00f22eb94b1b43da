import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory tally-build [tally build options]`: runs `tally build` on
/// the package that uses this plugin, so its generated/ (SQL views, docs, Swift fixtures) is rebuilt from its
/// definitions/ without installing tally.
@main
struct TallyBuildPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tally = try context.tool(named: "tally")
        let process = Process()
        process.executableURL = tally.url
        process.arguments = ["build", "--project", context.package.directoryURL.path] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("tally build failed (exit \(process.terminationStatus)); see the problems above")
            throw ExitStatus(code: process.terminationStatus)
        }
    }

    struct ExitStatus: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "tally build exited with \(code)" }
    }
}
