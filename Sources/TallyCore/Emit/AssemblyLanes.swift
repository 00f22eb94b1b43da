/// How the assembled files (each views.sql, Catalog.swift) are shared out once the last group job is in: in one lane,
/// one file after another, or in two, one on each core.
///
/// Why: in a one-edit build every group job but one is taken from generated/, and the last of them puts the files
/// together alone, each read from its last version, laid, written and hashed (41 MB at 10,000 definitions, some
/// 60 ms on one core), while the other core, its jobs done, waits.
///
/// Two lanes only where little was rendered: each lane reads its files' last versions into memory of its own, and
/// the pieces rendered this build are read back whole, so a second lane costs the largest last version it reads
/// (11 MB at 10,000 definitions) and its rendered pieces. A build that rendered much holds more already (the
/// build after every definition changed is the peak of memory, 140 MB at 10,000 definitions), and keeps one lane;
/// so does one where a file has no last version (none yet, or unreadable): the pieces taken for it would be
/// rendered again, in memory, in both lanes at once.
enum AssemblyLanes {
    /// The most bytes of pieces rendered this build, in all the files, for which the files go in two lanes.
    static let renderedLimit = 4 << 20

    /// The files' indices, lane by lane, each lane in file order. `sizes`: each file's last version's size (0 for
    /// none), the work its lane does for it; `rendered`: the bytes of the pieces rendered this build (Int.max when
    /// some are held in memory rather than counted).
    static func split(sizes: [Int], rendered: Int) -> [[Int]] {
        guard sizes.count > 1, rendered <= renderedLimit, !sizes.contains(0) else { return [Array(sizes.indices)] }
        // Largest first, each to the lane with less so far (at 10,000 definitions, 16 + 5 MB and 11 + 10 MB), or
        // with fewer files at equal work.
        var lanes: [[Int]] = [[], []]
        var loads = [0, 0]
        for index in sizes.indices.sorted(by: { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }) {
            let lane = (loads[0], lanes[0].count) <= (loads[1], lanes[1].count) ? 0 : 1
            lanes[lane].append(index)
            loads[lane] += sizes[index]
        }
        return lanes.map { $0.sorted() }
    }
}
