/// Values kept for the few assembled files (a views.sql per dialect) while a job's pieces are gone through, each
/// found by a walk along the list: asking a dictionary by path for each of 30,000 pieces cost 13-15 million
/// instructions of a one-edit build at 10,000 definitions.
struct FewPathSlots<Value> {
    private(set) var paths: [String] = []
    /// Parallel to `paths`; changed in place through `values[slot]`.
    var values: [Value] = []

    /// The slot of `path`'s value, made with `make` the first time the path is asked for.
    mutating func slot(_ path: String, making make: () -> Value) -> Int {
        if let known = paths.firstIndex(of: path) { return known }
        paths.append(path)
        values.append(make())
        return paths.count - 1
    }
}
