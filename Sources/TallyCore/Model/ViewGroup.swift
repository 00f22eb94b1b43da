/// One group's views (a folder of definitions/), in id order, or a run of them: what a group job renders.
struct ViewGroup: Sendable {
    let name: String
    let views: [CheckedView]
    /// Which run of a group cut in several this is, from 1; nil for a whole group.
    var part: Int? = nil

    /// The group cut into runs of at most `count` views, so that one large group renders on every core and no
    /// generated file holds the examples of thousands of definitions; a group that fits is itself, whole.
    func slices(of count: Int) -> [ViewGroup] {
        guard views.count > count else { return [self] }
        return stride(from: 0, to: views.count, by: count).enumerated().map { index, start in
            ViewGroup(name: name, views: Array(views[start..<min(start + count, views.count)]), part: index + 1)
        }
    }
}

extension CheckedCatalog {
    /// Every group with a view, in group order.
    var groups: [ViewGroup] {
        var groups: [ViewGroup] = []
        var members: [CheckedView] = []
        // viewsByGroup is in group order, so each group's views are consecutive.
        for view in viewsByGroup {
            if let last = members.last, last.definition.group != view.definition.group {
                groups.append(ViewGroup(name: last.definition.group, views: members))
                members = []
            }
            members.append(view)
        }
        if let last = members.last { groups.append(ViewGroup(name: last.definition.group, views: members)) }
        return groups
    }
}
