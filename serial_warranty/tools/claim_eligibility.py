"""The decision on a warranty claim, from plain facts (no Odoo imports but
serial_lifecycle's pure Message).

The model gathers the facts about a serial in one batch of reads; this
function only weighs them, so every reason can be unit-tested alone. The
reasons are Messages, worded by serial_warranty/messages.py when shown.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from odoo.addons.serial_lifecycle.tools.messages import Message

from .warranty_dates import is_covered

# The decision_reason selection of a claim; the sentence of each reason, with
# its facts, is in serial_warranty/messages.py.
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
    """Return (approved, [Message, ...]): the reasons, each a Message whose
    code is a key of REASONS (the model words them for the reader).

    An approved claim has one reason, ``eligible``; a refused one lists every
    reason found, worst first, so the user fixes them all at once.
    """
    serial = facts.serial
    if not facts.serial_exists:
        return False, [Message("unknown_serial", serial=serial)]
    reasons = []
    if not facts.product_matches:
        reasons.append(
            Message("wrong_product", serial=serial, product=facts.product_name)
        )
    if facts.lifecycle_state == "lost":
        reasons.append(Message("lost", serial=serial))
    if facts.lifecycle_state == "scrapped":
        reasons.append(Message("scrapped", serial=serial))
    if facts.voided:
        reasons.append(Message("void", serial=serial, reason=facts.void_reason or ""))
    if not facts.customer_allowed:
        reasons.append(
            Message("wrong_customer", serial=serial, customer=facts.customer_name)
        )
    if not facts.voided:
        if not facts.start or facts.claim_date < facts.start:
            reasons.append(Message("not_started", serial=serial, day=facts.claim_date))
        elif not is_covered(facts.start, facts.end, facts.claim_date):
            reasons.append(Message("expired", serial=serial, end=facts.end))
    if facts.open_claims:
        reasons.append(
            Message("open_claim", serial=serial, claims=", ".join(facts.open_claims))
        )
    if reasons:
        return False, reasons
    return True, [Message("eligible", serial=serial, end=facts.end)]


def reasons_from_text(text, templates):
    """The Messages of a decision stored as sentences, before reasons were
    stored as codes: each line matched against the English ``templates``
    ({code: "%(serial)s is covered until %(end)s"}); ISO dates become dates
    again. A line that matches none is kept as it was (code ``text``)."""
    # "%(serial)s is covered" -> "^(?P<serial>.+?) is covered$"
    placeholder = re.compile(
        re.escape(re.escape("%(")) + r"(\w+)" + re.escape(re.escape(")s"))
    )
    patterns = [
        (
            code,
            re.compile(
                "^" + placeholder.sub(r"(?P<\1>.+?)", re.escape(template)) + "$"
            ),
        )
        for code, template in templates.items()
    ]
    reasons = []
    for line in filter(None, (text or "").splitlines()):
        for code, pattern in patterns:
            match = pattern.match(line)
            if match:
                reasons.append(
                    Message(
                        code, **{k: _iso_date(v) for k, v in match.groupdict().items()}
                    )
                )
                break
        else:
            reasons.append(Message("text", text=line))
    return reasons


def _iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value
