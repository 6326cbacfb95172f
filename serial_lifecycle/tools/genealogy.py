"""Which serials sit inside which: checks and shapes of the component tree.

A link puts a component serial inside a parent serial from a date until,
once removed, another. These functions take plain ids and dates, no Odoo:
the models read the links with one recursive query and ask them what to
refuse or how to show the tree.
"""

from collections import defaultdict

# Problems of one asked link (the models put them in words).
SELF = "self"  # a serial inside itself
TWICE = "twice"  # the same component asked twice in one batch
CYCLE = "cycle"  # the parent is already inside the component


def install_problems(pairs, ancestors):
    """Return {index: problem} for the (parent, component) pairs asked.

    ``ancestors`` maps each parent asked to the set of serials it sits in
    (at any depth, itself excluded), as the links stand before the batch.
    Pairs of one batch are checked together: installing A into B and B
    into A at once is a cycle too.
    """
    problems = {}
    seen = set()
    # Parents of the pairs already accepted in this batch.
    batch_parent = {}
    for index, (parent, component) in enumerate(pairs):
        if parent == component:
            problems[index] = SELF
            continue
        if component in seen:
            problems[index] = TWICE
            continue
        above = set(ancestors.get(parent, ())) | {parent}
        # Climb the links this batch adds above the parent.
        frontier = list(above)
        while frontier:
            node = frontier.pop()
            up = batch_parent.get(node)
            if up is not None and up not in above:
                above.add(up)
                above |= set(ancestors.get(up, ()))
                frontier.append(up)
                frontier.extend(ancestors.get(up, ()))
        if component in above:
            problems[index] = CYCLE
            continue
        seen.add(component)
        batch_parent[component] = parent
    return problems


def tree_rows(root, links):
    """The component tree under ``root``, depth first: [(depth, parent, component)].

    ``links`` are (parent, component) pairs of the links in place, in the
    order to show siblings in; depth 1 holds the root's own components. A
    cycle (which the database refuses) would not loop: each serial shows once.
    """
    children = defaultdict(list)
    for parent, component in links:
        children[parent].append(component)
    rows = []
    shown = {root}
    stack = [(1, root, component) for component in reversed(children[root])]
    while stack:
        depth, parent, component = stack.pop()
        if component in shown:
            continue
        shown.add(component)
        rows.append((depth, parent, component))
        stack.extend(
            (depth + 1, component, child) for child in reversed(children[component])
        )
    return rows


def chain_up(lot, parent_of):
    """The parents of ``lot``, nearest first, from {component: parent}; stops on a
    loop."""
    chain = []
    seen = {lot}
    node = parent_of.get(lot)
    while node is not None and node not in seen:
        chain.append(node)
        seen.add(node)
        node = parent_of.get(node)
    return chain
