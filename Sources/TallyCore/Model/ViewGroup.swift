/// One group's views (a folder of definitions/), in id order, or a run of them: what a group job renders.
struct ViewGroup: Sendable {
    let name: String
    let views: [CheckedView]
    /// Each view's place in CheckedCatalog.views (dependency order), where its pieces go in the assembled files:
    /// known from resolving, where looking each up by id, once per dialect, cost 40,000 lookups at 10,000 definitions.
    let positions: [Int]
    /// Which run of a group cut in several this is, from 1; nil for a whole group.
    var part: Int? = nil

    /// The group cut into runs of at most `count` views, so that one large group renders on every core and no
    /// generated file holds the examples of thousands of definitions; a group that fits is itself, whole.
    func slices(of count: Int) -> [ViewGroup] {
        guard views.count > count else { return [self] }
        return stride(from: 0, to: views.count, by: count).enumerated().map { index, start in
            let run = start..<min(start + count, views.count)
            return ViewGroup(name: name, views: Array(views[run]), positions: Array(positions[run]), part: index + 1)
        }
    }
}

extension CheckedCatalog {
    /// Every group with a view, in group order.
    var groups: [ViewGroup] {
        var groups: [ViewGroup] = []
        var start = 0
        // viewsByGroup is in group order, so each group's views are consecutive.
        for index in viewsByGroup.indices where index + 1 == viewsByGroup.count
            || viewsByGroup[index + 1].definition.group != viewsByGroup[index].definition.group {
            groups.append(ViewGroup(name: viewsByGroup[index].definition.group, views: Array(viewsByGroup[start...index]),
                                    positions: Array(positionsByGroup[start...index])))
            start = index + 1
        }
        return groups
    }
}
