/// One group's views (a folder of definitions/), in id order, or a run of them: what a group job renders.
struct ViewGroup: Sendable {
    let name: String
    let views: [CheckedView]

    /// The group cut into runs of at most `count` views, so that one large group renders on every core.
    func slices(of count: Int) -> [ViewGroup] {
        stride(from: 0, to: views.count, by: count).map { start in
            ViewGroup(name: name, views: Array(views[start..<min(start + count, views.count)]))
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
