/// Every generated file of a checked catalog, keyed by path under generated/. Pure: no I/O.
public enum Generator {
    public static func files(for catalog: Catalog) -> [GeneratedFile] {
        (SQLEmitter(catalog: catalog).files() + MarkdownEmitter(catalog: catalog).files()
            + SwiftEmitter(catalog: catalog).files()).sorted { $0.path < $1.path }
    }
}
