"""The key to the ledger: held by the modules' own code, never sent by a client.

The state, the current customer and the history of a serial (and the fields
other modules protect the same way: warranty coverage, claim decisions) are
written only inside ``with unlocked():``. A context key would not do: the
context of a JSON-RPC call is chosen by the caller. A context variable lives
in the Python code running the request, where no request data reaches it.
"""

import contextlib
import contextvars

_UNLOCKED = contextvars.ContextVar("serial_lifecycle_ledger_unlocked", default=False)


@contextlib.contextmanager
def unlocked():
    token = _UNLOCKED.set(True)
    try:
        yield
    finally:
        _UNLOCKED.reset(token)


def is_unlocked():
    return _UNLOCKED.get()


@contextlib.contextmanager
def setting(variable, value):
    """Set a context variable of ours for the duration of a block (the
    server-side replacement of a context key)."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


# The key to the component links (stock.lot.component): held while
# stock.lot._component_install / _component_remove write them.
_LINKS_UNLOCKED = contextvars.ContextVar(
    "serial_lifecycle_links_unlocked", default=False
)


@contextlib.contextmanager
def links_unlocked():
    token = _LINKS_UNLOCKED.set(True)
    try:
        yield
    finally:
        _LINKS_UNLOCKED.reset(token)


def links_are_unlocked():
    return _LINKS_UNLOCKED.get()


# The events some stock moves record instead of the one their locations say
# ({move id: event values, "event_type" included}): set by the modules' own
# actions around the moves they validate (a re-serialization moves a unit's
# stock from its old serial to its new one through the inventory location,
# which is neither a loss nor a gain), never by a request.
MOVE_EVENTS = contextvars.ContextVar("serial_lifecycle_move_events", default=None)


def move_event(move_id):
    """The event values the running action gives the move ``move_id``, or None."""
    return (MOVE_EVENTS.get() or {}).get(move_id)


# Set while Odoo's own quant update runs (a move done, an adjustment applied),
# or the batch that stands for it (models/stock_quant_batch.py): the only time
# the quantity or the place of a serial's quant may change.
QUANT_UPDATE = contextvars.ContextVar("serial_lifecycle_quant_update", default=False)
