import ArgumentParser
import TallyCore

extension CheckedCatalog {
    /// The view of a definition id named on `command`'s command line, or its usage error naming the closest id.
    func namedView(_ id: String, for command: ParsableCommand.Type) throws -> CheckedView {
        guard let view = view(id) else {
            throw UsageFailure.report("no definition '\(id)'" + DidYouMean.clause(for: id, among: viewsByGroup.map(\.id)),
                                      command: command)
        }
        return view
    }

    /// The views of the ids named on `command`'s command line, each once however often it is named, in the order
    /// first named.
    func namedViews(_ ids: [String], for command: ParsableCommand.Type) throws -> [CheckedView] {
        var named: Set<String> = []
        return try ids.filter { named.insert($0).inserted }.map { try namedView($0, for: command) }
    }
}
