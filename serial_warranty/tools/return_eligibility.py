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
        return (
            f"{facts.serial} was not shipped to {facts.customer_name} on "
            f"{facts.delivery_name}"
        )
    if facts.already_returned:
        return f"{facts.serial} has already come back from {facts.customer_name}"
    if facts.open_return_name:
        return (
            f"{facts.serial} is already on return {facts.open_return_name}, not "
            "validated yet"
        )
    if not facts.chosen:
        return "{} was not chosen to come back on this return (chosen: {})".format(
            facts.serial,
            facts.chosen_names or "none",
        )
    return None


def terms_refusal(facts):
    """Why the warranty terms refuse this serial, or None (a manager may force
    these)."""
    if facts.lifecycle_state == "lost":
        return f"{facts.serial} is reported lost or stolen"
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
        return (
            f"{facts.serial} is past its {facts.return_window_days}-day return "
            "window and not under warranty"
        )
    return f"{facts.serial} is not under warranty"


def return_refusal(facts):
    """Return one sentence saying why this serial may not come back, or None."""
    return presence_refusal(facts) or terms_refusal(facts)
