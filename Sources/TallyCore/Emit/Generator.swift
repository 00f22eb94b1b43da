/// Every generated file of a checked catalog, keyed by path under generated/. Pure: no I/O.
public enum Generator {
    public static func files(for catalog: Catalog) -> [GeneratedFile] {
        let emitters: [@Sendable () -> [GeneratedFile]] = [
            { SQLEmitter(catalog: catalog).files() },
            { MarkdownEmitter(catalog: catalog).files() },
            { SwiftEmitter(catalog: catalog).files() },
        ]
        return parallelMap(emitters) { $0() }.flatMap { $0 }.sorted { $0.path < $1.path }
    }
}
