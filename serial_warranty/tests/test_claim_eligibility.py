from datetime import date

from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import MessageCase
from odoo.addons.serial_lifecycle.tools.messages import Message

from ..messages import MESSAGES
from ..tools.claim_eligibility import (
    REASONS,
    ClaimFacts,
    claim_decision,
    reasons_from_text,
)


@tagged("post_install", "-at_install")
class TestClaimEligibility(MessageCase):
    messages = MESSAGES

    def _facts(self, **values):
        facts = dict(
            serial="SN-1",
            product_name="Phone",
            customer_name="Ada",
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
            claim_date=date(2024, 6, 1),
        )
        facts.update(values)
        return ClaimFacts(**facts)

    def _codes(self, **values):
        approved, reasons = claim_decision(self._facts(**values))
        return approved, [reason.code for reason in reasons]

    def test_covered_serial_is_approved_with_its_end_date(self):
        approved, reasons = claim_decision(self._facts())
        self.assertTrue(approved)
        self.assertEqual(
            reasons, [Message("eligible", serial="SN-1", end=date(2024, 12, 31))]
        )
        self.assertEqual(self.words(reasons[0]), "SN-1 is covered until 12/31/2024")

    def test_unknown_serial_stops_there(self):
        self.assertEqual(self._codes(serial_exists=False), (False, ["unknown_serial"]))

    def test_each_reason_alone(self):
        self.assertEqual(self._codes(product_matches=False), (False, ["wrong_product"]))
        self.assertEqual(
            self._codes(customer_allowed=False), (False, ["wrong_customer"])
        )
        self.assertEqual(self._codes(lifecycle_state="lost"), (False, ["lost"]))
        self.assertEqual(self._codes(lifecycle_state="scrapped"), (False, ["scrapped"]))
        self.assertEqual(
            self._codes(voided=True, void_reason="seal broken"), (False, ["void"])
        )
        self.assertEqual(self._codes(claim_date=date(2025, 1, 1)), (False, ["expired"]))
        self.assertEqual(
            self._codes(claim_date=date(2023, 12, 31)), (False, ["not_started"])
        )
        self.assertEqual(self._codes(start=None, end=None), (False, ["not_started"]))
        self.assertEqual(self._codes(open_claims=["WC/1"]), (False, ["open_claim"]))

    def test_last_day_is_covered(self):
        self.assertEqual(
            self._codes(claim_date=date(2024, 12, 31)), (True, ["eligible"])
        )

    def test_every_reason_is_listed(self):
        approved, reasons = claim_decision(
            self._facts(
                lifecycle_state="lost",
                customer_allowed=False,
                open_claims=["WC/7"],
                claim_date=date(2026, 1, 1),
            )
        )
        self.assertFalse(approved)
        self.assertEqual(
            [reason.code for reason in reasons],
            ["lost", "wrong_customer", "expired", "open_claim"],
        )
        self.assertEqual(
            self.words(reasons[-1]), "SN-1 already has an open claim: WC/7"
        )
        self.assertIn("was not shipped to Ada", self.words(reasons[1]))

    def test_every_reason_has_its_words(self):
        self.assertLessEqual({code for code, _label in REASONS}, set(self.messages))

    def test_sentences_stored_before_codes_read_back(self):
        """The migration to 18.0.1.1.0 reads the English sentences of old decisions."""
        english = self.env(context=dict(self.env.context, lang="en_US"))
        templates = {code: english._(self.messages[code]) for code, _label in REASONS}
        old = (
            "SN-1 was not shipped to Ada (Paris), and no warranty passed to them\n"
            "the coverage of SN-1 ended on 2024-12-31\n"
            "a sentence of another time"
        )
        self.assertEqual(
            reasons_from_text(old, templates),
            [
                Message("wrong_customer", serial="SN-1", customer="Ada (Paris)"),
                Message("expired", serial="SN-1", end=date(2024, 12, 31)),
                Message("text", text="a sentence of another time"),
            ],
        )
