"""Whether a serial may come back on a customer return (no Odoo imports)."""

from dataclasses import dataclass

from .warranty_dates import add_duration, is_covered


@dataclass
class ReturnFacts:
    serial: str
    shipped_on_delivery: bool = True
    delivery_name: str = ""
    customer_name: str = ""
    already_returned: bool = False
    shipped_on: object = None
    return_day: object = None
    return_window_days: int = 0
    start: object = None
    end: object = None
    voided: bool = False
    lifecycle_state: str = ""
    exemption: str = ""
    # Where the serial is: on another return of the delivery not validated yet
    # (its name), and whether it is one of the serials chosen in the return
    # wizard (False: put on the return by hand instead).
    open_return_name: str = ""
    chosen: bool = True
    chosen_names: str = ""


def presence_refusal(facts):
    """Why this serial cannot be on this return at all, or None: it is not at
    the customer from this delivery, or it is not the one chosen. For every
    product, whatever its terms; no manager can force it."""
    if not facts.shipped_on_delivery:
        return "%s was not shipped to %s on %s" % (
            facts.serial,
            facts.customer_name,
            facts.delivery_name,
        )
    if facts.already_returned:
        return "%s has already come back from %s" % (facts.serial, facts.customer_name)
    if facts.open_return_name:
        return "%s is already on return %s, not validated yet" % (
            facts.serial,
            facts.open_return_name,
        )
    if not facts.chosen:
        return "%s was not chosen to come back on this return (chosen: %s)" % (
            facts.serial,
            facts.chosen_names or "none",
        )
    return None


def terms_refusal(facts):
    """Why the warranty terms refuse this serial, or None (a manager may force
    these)."""
    if facts.lifecycle_state == "lost":
        return "%s is reported lost or stolen" % facts.serial
    if facts.exemption:
        return None  # e.g. an open recall: always taken back
    in_window = bool(
        facts.shipped_on
        and facts.return_window_days
        and facts.return_day
        <= add_duration(facts.shipped_on, facts.return_window_days, "days")
    )
    if in_window or is_covered(facts.start, facts.end, facts.return_day, facts.voided):
        return None
    if facts.return_window_days:
        return "%s is past its %s-day return window and not under warranty" % (
            facts.serial,
            facts.return_window_days,
        )
    return "%s is not under warranty" % facts.serial


def return_refusal(facts):
    """Return one sentence saying why this serial may not come back, or None."""
    return presence_refusal(facts) or terms_refusal(facts)
