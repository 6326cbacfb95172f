"""The decision on a warranty claim, from plain facts (no Odoo imports).

The model gathers the facts about a serial in one batch of reads; this
function only weighs them, so every reason can be unit-tested alone.
"""

from dataclasses import dataclass, field

from .warranty_dates import is_covered

REASONS = [
    ("eligible", "Eligible"),
    ("unknown_serial", "Unknown serial"),
    ("wrong_product", "Serial of another product"),
    ("wrong_customer", "Not shipped to this customer"),
    ("not_started", "Coverage not started"),
    ("expired", "Coverage expired"),
    ("void", "Warranty voided"),
    ("lost", "Reported lost or stolen"),
    ("scrapped", "Scrapped"),
    ("open_claim", "Another claim is open"),
]


@dataclass
class ClaimFacts:
    serial: str
    serial_exists: bool = True
    product_matches: bool = True
    product_name: str = ""
    customer_allowed: bool = True
    customer_name: str = ""
    start: object = None
    end: object = None
    claim_date: object = None
    voided: bool = False
    void_reason: str = ""
    lifecycle_state: str = ""
    open_claims: list = field(default_factory=list)


def claim_decision(facts):
    """Return (approved, [(reason code, sentence), ...]).

    An approved claim has one reason, ``eligible``; a refused one lists every
    reason found, worst first, so the user fixes them all at once.
    """
    if not facts.serial_exists:
        return False, [
            ("unknown_serial", f"{facts.serial} is not a known serial number")
        ]
    reasons = []
    if not facts.product_matches:
        reasons.append(
            (
                "wrong_product",
                f"{facts.serial} is not a serial of {facts.product_name}",
            )
        )
    if facts.lifecycle_state == "lost":
        reasons.append(("lost", f"{facts.serial} is reported lost or stolen"))
    if facts.lifecycle_state == "scrapped":
        reasons.append(("scrapped", f"{facts.serial} was scrapped"))
    if facts.voided:
        reasons.append(
            (
                "void",
                "the warranty of {} was voided: {}".format(
                    facts.serial, facts.void_reason or ""
                ),
            )
        )
    if not facts.customer_allowed:
        reasons.append(
            (
                "wrong_customer",
                f"{facts.serial} was not shipped to {facts.customer_name}, "
                "and no warranty passed to them",
            )
        )
    if not facts.voided:
        if not facts.start or facts.claim_date < facts.start:
            reasons.append(
                (
                    "not_started",
                    f"the coverage of {facts.serial} has not started on "
                    f"{facts.claim_date}",
                )
            )
        elif not is_covered(facts.start, facts.end, facts.claim_date):
            reasons.append(
                (
                    "expired",
                    f"the coverage of {facts.serial} ended on {facts.end}",
                )
            )
    if facts.open_claims:
        reasons.append(
            (
                "open_claim",
                "{} already has an open claim: {}".format(
                    facts.serial, ", ".join(facts.open_claims)
                ),
            )
        )
    if reasons:
        return False, reasons
    return True, [("eligible", f"{facts.serial} is covered until {facts.end}")]
