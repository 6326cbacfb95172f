from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.claim_eligibility import ClaimFacts, claim_decision


@tagged("post_install", "-at_install")
class TestClaimEligibility(BaseCase):
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
        return approved, [code for code, _sentence in reasons]

    def test_covered_serial_is_approved_with_its_end_date(self):
        approved, reasons = claim_decision(self._facts())
        self.assertTrue(approved)
        self.assertEqual(reasons, [("eligible", "SN-1 is covered until 2024-12-31")])

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
            [code for code, _s in reasons],
            ["lost", "wrong_customer", "expired", "open_claim"],
        )
        self.assertIn("WC/7", reasons[-1][1])
        self.assertIn("was not shipped to Ada", reasons[1][1])
