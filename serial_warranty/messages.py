"""The message table of serial_warranty: the sentence of each code that the
helpers of tools/ return, translated when it is shown (see
serial_lifecycle/messages.py)."""

from odoo.tools.translate import LazyTranslate

from odoo.addons.serial_lifecycle.messages import render_message

_lt = LazyTranslate(__name__)

MESSAGES = {
    # The reasons of a claim's decision (tools/claim_eligibility.py), by
    # their code in REASONS: stored on the claim, worded for each reader.
    "eligible": _lt("%(serial)s is covered until %(end)s"),
    "unknown_serial": _lt("%(serial)s is not a known serial number"),
    "wrong_product": _lt("%(serial)s is not a serial of %(product)s"),
    "wrong_customer": _lt(
        "%(serial)s was not shipped to %(customer)s, and no warranty passed to them"
    ),
    "not_started": _lt("the coverage of %(serial)s has not started on %(day)s"),
    "expired": _lt("the coverage of %(serial)s ended on %(end)s"),
    "void": _lt("the warranty of %(serial)s was voided: %(reason)s"),
    "lost": _lt("%(serial)s is reported lost or stolen"),
    "scrapped": _lt("%(serial)s was scrapped"),
    "open_claim": _lt("%(serial)s already has an open claim: %(claims)s"),
    # A line of a decision stored as English text before the reasons were
    # stored as codes, that matched no reason (migrations/18.0.1.1.0): as it was.
    "text": "%(text)s",
    # Why a serial may not come back on a customer return
    # (tools/return_eligibility.py).
    "return_not_shipped": _lt(
        "%(serial)s was not shipped to %(customer)s on %(delivery)s"
    ),
    "return_already_back": _lt("%(serial)s has already come back from %(customer)s"),
    "return_on_open_return": _lt(
        "%(serial)s is already on return %(picking)s, not validated yet"
    ),
    "return_not_chosen": _lt(
        "%(serial)s was not chosen to come back on this return (chosen: %(chosen)s)"
    ),
    "return_none_chosen": _lt(
        "%(serial)s was not chosen to come back on this return (chosen: none)"
    ),
    "return_lost": _lt("%(serial)s is reported lost or stolen"),
    "return_window_passed": _lt(
        "%(serial)s is past its %(days)s-day return window and not under warranty"
    ),
    "return_not_covered": _lt("%(serial)s is not under warranty"),
}


def render(env, message):
    """A Message of serial_warranty's helpers as a sentence for the user."""
    return render_message(env, MESSAGES, message)
