"""The rule book of the serial lifecycle: states, event types, and one table of
transitions.

Every change of a serial's state is an event, and every event is checked
against ``TRANSITIONS`` (extended by other modules through
``stock.lot.lifecycle.event._lifecycle_transitions()``): the states it may
start from, the state it leads to, what it does to the current customer, and
whether a blocked serial stays blocked. Nothing else decides a state.

The keys below are part of the public interface (other modules, reports and
integrations filter on them): never rename one.
"""

from collections import namedtuple

from .messages import MessageError

STATES = [
    ("draft", "Draft"),
    ("available", "Available"),
    ("allocated", "Allocated"),
    ("shipped", "Shipped"),
    ("installed", "Installed"),
    ("returned", "Returned"),
    ("quarantined", "Quarantined"),
    ("in_repair", "In Repair"),
    ("scrapped", "Scrapped"),
    ("lost", "Lost"),
    ("consumed", "Consumed"),
    ("vendor_returned", "Returned to Vendor"),
]
# The labels are those of the selection fields built on these lists: a user
# reads them translated, from field._description_selection(env), never here.
STATE_LABELS = dict(STATES)
ALL_STATES = tuple(STATE_LABELS)

# A serial in one of these states may not leave on an outgoing move.
BLOCKED_STATES = ("quarantined", "lost", "scrapped", "consumed")
# States in which the serial is with a customer.
CUSTOMER_STATES = ("shipped", "installed")
# States of a serial that we hold in stock.
STOCK_STATES = ("available", "allocated", "returned", "quarantined", "in_repair")
# Where each state says the serial is, for the check of states against quants:
# "stock" = exactly one internal (or transit) location holds it, "away" = none
# does, "any" = either (a unit reported lost may still sit on a shelf; a repair
# happens in stock or at the customer).
STATE_PLACES = {
    "draft": "away",
    "available": "stock",
    "allocated": "stock",
    "shipped": "away",
    "installed": "away",
    "returned": "stock",
    "quarantined": "stock",
    "in_repair": "any",
    "scrapped": "away",
    "lost": "any",
    "consumed": "away",
    "vendor_returned": "away",
}

EVENT_TYPES = [
    ("receipt", "Receipt from Vendor"),
    ("delivery", "Delivery to Customer"),
    ("customer_return", "Return from Customer"),
    ("vendor_return", "Return to Vendor"),
    ("internal", "Internal Transfer"),
    ("scrap", "Scrap"),
    ("inventory_gain", "Inventory Gain"),
    ("inventory_loss", "Inventory Loss"),
    ("consumption", "Consumed in Production"),
    ("production", "Produced"),
    ("allocation", "Allocated"),
    ("deallocation", "Allocation Released"),
    ("installed", "Installed"),
    ("lost", "Reported Lost or Stolen"),
    ("found", "Found"),
    ("quarantine", "Quarantined"),
    ("release", "Released"),
    ("backfill", "State at Installation"),
    ("quality_passed", "Inspection Passed"),
    ("quality_failed", "Inspection Failed"),
    ("quality_reset", "Inspection Reset"),
    ("component_installed", "Component Installed"),
    ("component_removed", "Component Removed"),
    ("part_scrapped", "Removed Part Scrapped"),
    ("part_returned", "Removed Part Back in Stock"),
    ("revision_change", "Revision Changed"),
    ("reserialized", "Retired: Re-serialized"),
    ("reserialized_from", "New Serial of a Re-serialized Unit"),
]
EVENT_TYPE_LABELS = dict(EVENT_TYPES)

# Targets that are not a state: keep the state; keep it but make a draft
# serial available (it is now in stock); the state the serial had before its
# latest event of a given type (``restore("lost")``); or the state computed
# by the caller from the stock history (the install backfill only).
SAME = "same"
IN_STOCK = "in_stock"
GIVEN = "given"


def restore(event_type):
    return ("restore", event_type)


# What an event does to the current customer: the event's partner (or the
# one the serial had), the one it had, or none.
SET, KEEP, CLEAR = "set", "keep", "clear"

Transition = namedtuple(
    "Transition", ["from_states", "target", "customer", "held_states", "manager_only"]
)


def rule(from_states, target, customer=CLEAR, held_states=(), manager_only=False):
    """A row of the table; ``held_states`` are the states that land in
    ``quarantined`` instead of ``target``: a blocked serial coming back into
    stock stays blocked until a manager releases it."""
    return Transition(
        tuple(from_states), target, customer, tuple(held_states), manager_only
    )


def states_except(*excluded):
    return tuple(state for state in ALL_STATES if state not in excluded)


NOT_BLOCKED = states_except(*BLOCKED_STATES)

TRANSITIONS = {
    # Stock moves (classify_move gives the type).
    "receipt": rule(("draft", "vendor_returned"), "available"),
    # A unit leaves once: not when blocked, nor when a customer holds it already.
    "delivery": rule(
        states_except(*BLOCKED_STATES, *CUSTOMER_STATES), "shipped", customer=SET
    ),
    "customer_return": rule(ALL_STATES, "returned", held_states=BLOCKED_STATES),
    # Quarantined goods usually go back to their supplier: only what is not
    # physically there (lost, scrapped, consumed) is refused.
    "vendor_return": rule(
        states_except("lost", "scrapped", "consumed"), "vendor_returned"
    ),
    "internal": rule(ALL_STATES, IN_STOCK, customer=KEEP),
    "scrap": rule(states_except("scrapped", "consumed"), "scrapped"),
    "inventory_gain": rule(ALL_STATES, "available", held_states=BLOCKED_STATES),
    "inventory_loss": rule(ALL_STATES, "lost"),
    "consumption": rule(NOT_BLOCKED, "consumed"),
    # Unbuilding gives back consumed components; anything else blocked stays so.
    "production": rule(
        ALL_STATES, "available", held_states=("quarantined", "lost", "scrapped")
    ),
    # Reservations on outgoing moves.
    "allocation": rule(("available", "returned"), "allocated"),
    "deallocation": rule(("allocated",), restore("allocation")),
    # Manual actions (the lifecycle wizard).
    "installed": rule(CUSTOMER_STATES, "installed", customer=SET),
    "lost": rule(states_except("lost", "scrapped", "consumed"), "lost", customer=KEEP),
    "found": rule(("lost",), restore("lost"), customer=KEEP),
    "quarantine": rule(
        ("available", "allocated", "returned", "in_repair"),
        "quarantined",
        manager_only=True,
    ),
    "release": rule(("quarantined", "returned"), "available", manager_only=True),
    # The state of an existing serial when the module is installed.
    "backfill": rule(("draft",), GIVEN, customer=SET),
    # Inspection verdicts (tools/quality.py): the quality status changes, the
    # state does not. Only a unit we hold is inspected; putting a failed or
    # passed serial back to pending (after a repair) is a manager's decision.
    "quality_passed": rule(STOCK_STATES, SAME, customer=KEEP),
    "quality_failed": rule(STOCK_STATES, SAME, customer=KEEP),
    "quality_reset": rule(STOCK_STATES, SAME, customer=KEEP, manager_only=True),
    # Parent and component serials (stock.lot._component_install/_remove):
    # written on both serials; neither changes state nor customer. Which
    # components may be fitted (not blocked ones by hand) is the caller's check.
    "component_installed": rule(ALL_STATES, SAME, customer=KEEP),
    "component_removed": rule(ALL_STATES, SAME, customer=KEEP),
    # A part taken out of a unit (a repair's "remove" line: from the
    # production location to the scrap): it was consumed into the unit.
    "part_scrapped": rule(states_except("scrapped"), "scrapped"),
    # A part taken out of a unit and kept (a repair's "recycle" line): back in
    # stock awaiting a decision, as a customer's return is. It was consumed
    # into the unit, so only a block of its own keeps it quarantined.
    "part_returned": rule(
        ALL_STATES, "returned", held_states=("quarantined", "lost", "scrapped")
    ),
    # A new hardware or firmware revision (stock.lot.revision written).
    "revision_change": rule(ALL_STATES, SAME, customer=KEEP),
    # A refurbished unit given a new serial number (stock.lot._serial_reserialize):
    # a manager retires the old serial of a unit we hold (never one reserved on
    # a delivery), which is then blocked for good; the new serial, just
    # created, takes the unit's place in stock.
    "reserialized": rule(
        ("available", "returned", "quarantined", "in_repair"),
        "scrapped",
        manager_only=True,
    ),
    "reserialized_from": rule(("draft",), "available", manager_only=True),
}

# Moves whose type depends on the move (classify_move) rather than on a button.
MOVE_EVENT_TYPES = (
    "receipt",
    "delivery",
    "customer_return",
    "vendor_return",
    "internal",
    "scrap",
    "part_scrapped",
    "inventory_gain",
    "inventory_loss",
    "consumption",
    "production",
)
# The manual actions of the lifecycle wizard.
MANUAL_ACTIONS = ("installed", "lost", "found", "quarantine", "release")
# The events after which a unit is in stock again, from where its days in
# stock count: it was received, made, taken back or counted in.
STOCK_ENTRY_EVENTS = ("receipt", "production", "customer_return", "inventory_gain")

_STOCK_USAGES = ("internal", "transit")


class TransitionRefused(MessageError):
    """An event the table does not allow: ``message`` has the event type and
    the state; stock.lot._lifecycle_refusal() says why in the user's words."""


def allowed_from(event_type, transitions=None):
    return (transitions or TRANSITIONS)[event_type].from_states


def next_state(
    event_type, state_before, transitions=None, restored=None, given=None, held=False
):
    """Return the state after ``event_type`` on a serial in ``state_before``.

    ``restored`` is the state the serial had before its latest event of the
    type a ``restore()`` target names; ``given`` the state of a ``GIVEN``
    target; ``held`` says the serial must stay blocked whatever its state (a
    module's reason, such as an open recall). Raises TransitionRefused.
    """
    transitions = transitions or TRANSITIONS
    row = transitions.get(event_type)
    if row is None:
        raise TransitionRefused("transition_unknown_event", event_type=event_type)
    state_before = state_before or "draft"
    if state_before not in row.from_states:
        raise TransitionRefused(
            "transition_not_allowed", event_type=event_type, state=state_before
        )
    if row.held_states and (held or state_before in row.held_states):
        return "quarantined"
    target = row.target
    if target == SAME:
        return state_before
    if target == IN_STOCK:
        return "available" if state_before == "draft" else state_before
    if target == GIVEN:
        if given not in STATE_LABELS:
            raise TransitionRefused("transition_needs_state", event_type=event_type)
        return given
    if isinstance(target, tuple):
        return restored or "available"
    return target


def customer_after(event_type, event_partner_id, current_partner_id, transitions=None):
    """The current customer after the event, by the table's customer rule."""
    effect = (transitions or TRANSITIONS)[event_type].customer
    if effect == SET:
        return event_partner_id or current_partner_id
    if effect == KEEP:
        return current_partner_id
    return False


def restored_event_type(event_type, transitions=None):
    """The event type whose 'state before' a ``restore()`` target brings back, or
    None."""
    target = (transitions or TRANSITIONS)[event_type].target
    return target[1] if isinstance(target, tuple) else None


def classify_move(source_usage, destination_usage, destination_is_scrap=False):
    """Return the event type of a done move between two location usages."""
    if destination_is_scrap:
        # Out of the production location: a part taken out of a unit.
        return "part_scrapped" if source_usage == "production" else "scrap"
    if source_usage in _STOCK_USAGES and destination_usage in _STOCK_USAGES:
        return "internal"
    if destination_usage == "customer":
        return "delivery"  # dropship (supplier -> customer) included
    if source_usage == "customer":
        return "customer_return"
    if source_usage == "supplier":
        return "receipt"
    if destination_usage == "supplier":
        return "vendor_return"
    if source_usage == "inventory":
        return "inventory_gain"
    if destination_usage == "inventory":
        return "inventory_loss"
    if destination_usage == "production":
        return "consumption"
    if source_usage == "production":
        return "production"
    return "internal"


def checked_event_type(event_type, is_outgoing_operation):
    """The row a move is checked against before it is done.

    A step of a delivery (pick, pack: stock to output) is an internal move,
    but the serial is on its way out: it is checked as a delivery.
    """
    return (
        "delivery" if event_type == "internal" and is_outgoing_operation else event_type
    )


def backfill_state(
    here_usage, here_is_scrap, came_from_usage, is_reserved, transitions=None
):
    """The state of a serial without history, from where it is and how it got there.

    The install backfill reads these four facts from the stock history and
    asks this table, so that it gives the state the live path would give.
    """
    if here_usage is None:
        return "draft"
    if here_usage not in (
        "internal",
        "transit",
        "customer",
        "supplier",
        "inventory",
        "production",
    ):
        return "draft"
    # Only a return matters of how it got there; any other arrival (a
    # receipt, a count, a transfer) leaves a serial simply in stock.
    returned = came_from_usage == "customer" and here_usage in _STOCK_USAGES
    source_usage = "customer" if returned else "internal"
    state = next_state(
        classify_move(source_usage, here_usage, here_is_scrap), "draft", transitions
    )
    if is_reserved and state in allowed_from("allocation", transitions):
        state = next_state("allocation", state, transitions)
    return state
