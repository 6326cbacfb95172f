"""Quality status of a serial: what each event does to it, and the verdict of its
checks.

Beside its lifecycle state, a serial of a product that requires inspection
carries a quality status. A receipt makes it ``pending``; a verdict (an
event of the rule table, state unchanged) makes it ``passed`` or
``failed``; a manager's reset makes it ``pending`` again. A ``pending`` or
``failed`` serial is blocked like a quarantined one. No Odoo import.
"""

import math

QUALITY_STATUSES = [
    ("pending", "Pending Inspection"),
    ("passed", "Passed"),
    ("failed", "Failed"),
]
QUALITY_LABELS = dict(QUALITY_STATUSES)
# Statuses that keep a serial from being reserved or leaving on an outgoing move.
QUALITY_BLOCKED = ("pending", "failed")
# The events that set a status whatever it was.
QUALITY_EVENTS = {
    "quality_passed": "passed",
    "quality_failed": "failed",
    "quality_reset": "pending",
}
# Events after which a serial of an inspected product waits for inspection.
INSPECTED_ARRIVALS = ("receipt",)

PASS, FAIL = "pass", "fail"
CHECK_TYPES = [
    ("passfail", "Pass / Fail"),
    ("measure", "Measured Value"),
]


def quality_after(event_type, status_before, requires_inspection):
    """The quality status after ``event_type`` on a serial whose status was
    ``status_before``."""
    if event_type in QUALITY_EVENTS:
        return QUALITY_EVENTS[event_type]
    if event_type in INSPECTED_ARRIVALS:
        return "pending" if requires_inspection else (status_before or False)
    return status_before or False


def parse_measured_value(value):
    """The number an inspector entered: a number, or text with a decimal point or comma.

    None for nothing entered (None, False, blank text); ValueError for
    anything else that is no finite number.
    """
    if (
        value is None
        or value is False
        or (isinstance(value, str) and not value.strip())
    ):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a number")
    number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a number")
    return number


def check_passes(check_type, result=None, value=None, min_value=None, max_value=None):
    """Whether one result meets its check: ``result`` for a pass/fail check, ``value``
    within limits."""
    if check_type == "passfail":
        if result not in (PASS, FAIL):
            raise ValueError(
                f"a pass/fail check needs {PASS!r} or {FAIL!r}, not {result!r}"
            )
        return result == PASS
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a measured check needs a number, not {value!r}")
    if min_value is not None and value < min_value:
        return False
    if max_value is not None and value > max_value:
        return False
    return True


def verdict(required_check_ids, results):
    """The verdict of a serial's results: ``"passed"``, ``"failed"`` or None (not
    decided yet).

    ``results`` is an iterable of (check id, passed) in the order they were
    recorded: the latest result of a check counts. The serial fails when one
    check fails, passes when every required check has passed.
    """
    latest = {}
    for check_id, passed in results:
        latest[check_id] = bool(passed)
    if any(passed is False for passed in latest.values()):
        return "failed"
    if all(latest.get(check_id) for check_id in required_check_ids):
        return "passed" if latest or required_check_ids else None
    return None


def sampled_positions(count, every_nth=0, per_receipt=0):
    """Positions (0-based) of the units to inspect among ``count`` received.

    Every ``every_nth`` unit (the 1st, the N+1th...), or the first
    ``per_receipt`` units; both zero: every unit.
    """
    if every_nth and every_nth > 1:
        return list(range(0, count, every_nth))
    if per_receipt and per_receipt > 0:
        return list(range(min(per_receipt, count)))
    return list(range(count))
