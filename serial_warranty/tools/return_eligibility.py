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


def return_refusal(facts):
    """Return one sentence saying why this serial may not come back, or None."""
    if not facts.shipped_on_delivery:
        return "%s was not shipped to %s on %s" % (facts.serial, facts.customer_name, facts.delivery_name)
    if facts.already_returned:
        return "%s has already come back from %s" % (facts.serial, facts.customer_name)
    if facts.lifecycle_state == "lost":
        return "%s is reported lost or stolen" % facts.serial
    if facts.exemption:
        return None  # e.g. an open recall: always taken back
    in_window = bool(
        facts.shipped_on and facts.return_window_days
        and facts.return_day <= add_duration(facts.shipped_on, facts.return_window_days, "days")
    )
    if in_window or is_covered(facts.start, facts.end, facts.return_day, facts.voided):
        return None
    if facts.return_window_days:
        return "%s is past its %s-day return window and not under warranty" % (
            facts.serial, facts.return_window_days)
    return "%s is not under warranty" % facts.serial
