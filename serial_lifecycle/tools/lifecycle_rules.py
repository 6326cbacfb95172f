"""Pure rules of the serial lifecycle: states, event types, transitions.

The keys below are part of the public interface (other modules, reports and
integrations filter on them): never rename one.
"""

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
STATE_LABELS = dict(STATES)

# A serial in one of these states may not leave on an outgoing move.
BLOCKED_STATES = ("quarantined", "lost", "scrapped", "consumed")
# Quarantined goods usually go back to their supplier: only what is not
# physically there (lost, scrapped, consumed) is refused on a vendor return.
BLOCKED_TO_VENDOR_STATES = ("lost", "scrapped", "consumed")
# States in which the serial is with a customer.
CUSTOMER_STATES = ("shipped", "installed")
# States from which a reservation on an outgoing move allocates the serial.
ALLOCATABLE_STATES = ("available", "returned")

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
]
EVENT_TYPE_LABELS = dict(EVENT_TYPES)

# State after a stock move event; None keeps the state the serial had.
STATE_AFTER_MOVE = {
    "receipt": "available",
    "delivery": "shipped",
    "customer_return": "returned",
    "vendor_return": "vendor_returned",
    "internal": None,
    "scrap": "scrapped",
    "inventory_gain": "available",
    "inventory_loss": "lost",
    "consumption": "consumed",
    "production": "available",
}

# Manual actions: the states each one starts from and the state it gives.
# None as target means "the state the serial had before the event that is
# being undone" (found after lost).
MANUAL_ACTIONS = {
    "installed": (("shipped", "installed"), "installed"),
    "lost": (
        ("draft", "available", "allocated", "shipped", "installed", "returned",
         "quarantined", "in_repair", "vendor_returned"),
        "lost",
    ),
    "found": (("lost",), None),
    "quarantine": (("available", "allocated", "returned", "in_repair"), "quarantined"),
    "release": (("quarantined", "returned"), "available"),
}
MANAGER_ACTIONS = ("quarantine", "release")

_STOCK_USAGES = ("internal", "transit")


def classify_move(source_usage, destination_usage, destination_is_scrap=False):
    """Return the event type of a done move between two location usages."""
    if destination_is_scrap:
        return "scrap"
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


def state_after_move(event_type, state_before):
    """Return the state of a serial after a move event of ``event_type``."""
    state = STATE_AFTER_MOVE[event_type]
    if state is None:
        # An internal move of a serial never received (a draft created by
        # hand and counted in) makes it available; otherwise keep the state.
        return "available" if state_before in (False, None, "draft") else state_before
    return state


def manual_action_error(action, state):
    """Return why ``action`` cannot apply to a serial in ``state``, or None."""
    allowed_from, _target = MANUAL_ACTIONS[action]
    if state not in allowed_from:
        return "is %s; %s applies only to serials that are %s" % (
            STATE_LABELS.get(state, state),
            EVENT_TYPE_LABELS[action].lower(),
            ", ".join(STATE_LABELS[s] for s in allowed_from),
        )
    return None


def blocked_states_for_destination(destination_usage, is_outgoing_type):
    """States that may not leave on a move to a location of this usage."""
    if destination_usage == "supplier":
        return BLOCKED_TO_VENDOR_STATES
    if destination_usage == "customer" or is_outgoing_type:
        return BLOCKED_STATES
    return ()
