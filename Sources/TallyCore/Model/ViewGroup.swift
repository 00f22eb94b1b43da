/// One group's views (a folder of definitions/), in id order: what a group job renders.
struct ViewGroup: Sendable {
    let name: String
    let views: [CheckedView]
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
