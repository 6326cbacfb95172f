from datetime import date

from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import MessageCase

from ..messages import MESSAGES
from ..tools.return_eligibility import (
    ReturnFacts,
    presence_refusal,
    return_refusal,
    terms_refusal,
)


@tagged("post_install", "-at_install")
class TestReturnEligibility(MessageCase):
    messages = MESSAGES

    def _refusal(self, **values):
        facts = dict(
            serial="SN-1",
            delivery_name="WH/OUT/1",
            customer_name="Ada",
            shipped_on=date(2024, 1, 1),
            return_day=date(2024, 1, 31),
            return_window_days=30,
        )
        facts.update(values)
        refusal = return_refusal(ReturnFacts(**facts))
        return refusal and self.words(refusal)

    def test_inside_the_window(self):
        self.assertIsNone(self._refusal())

    def test_past_the_window_without_warranty(self):
        self.assertEqual(
            self._refusal(return_day=date(2024, 2, 1)),
            "SN-1 is past its 30-day return window and not under warranty",
        )

    def test_past_the_window_under_warranty(self):
        self.assertIsNone(
            self._refusal(
                return_day=date(2024, 6, 1),
                start=date(2024, 1, 1),
                end=date(2024, 12, 31),
            )
        )
        self.assertEqual(
            self._refusal(
                return_day=date(2024, 6, 1),
                start=date(2024, 1, 1),
                end=date(2024, 12, 31),
                voided=True,
            ),
            "SN-1 is past its 30-day return window and not under warranty",
        )

    def test_other_refusals(self):
        self.assertEqual(
            self._refusal(shipped_on_delivery=False),
            "SN-1 was not shipped to Ada on WH/OUT/1",
        )
        self.assertEqual(
            self._refusal(already_returned=True), "SN-1 has already come back from Ada"
        )
        self.assertEqual(
            self._refusal(lifecycle_state="lost"), "SN-1 is reported lost or stolen"
        )
        self.assertEqual(
            self._refusal(return_window_days=0), "SN-1 is not under warranty"
        )

    def test_an_exemption_accepts_what_the_terms_refuse(self):
        self.assertIsNone(
            self._refusal(return_day=date(2025, 1, 1), exemption="open recall")
        )
        # ...but not a serial that was never shipped to this customer.
        self.assertIsNotNone(
            self._refusal(shipped_on_delivery=False, exemption="open recall")
        )

    def test_where_the_serial_is_comes_before_the_terms(self):
        self.assertEqual(
            self._refusal(open_return_name="WH/IN/7", lifecycle_state="lost"),
            "SN-1 is already on return WH/IN/7, not validated yet",
        )
        self.assertEqual(
            self._refusal(chosen=False, chosen_names="SN-2, SN-3"),
            "SN-1 was not chosen to come back on this return (chosen: SN-2, SN-3)",
        )
        # The terms alone (what a manager may force) never speak of where the serial is.
        facts = ReturnFacts(
            serial="SN-1", already_returned=True, lifecycle_state="lost"
        )
        self.assertEqual(
            self.words(presence_refusal(facts)), "SN-1 has already come back from "
        )
        self.assertEqual(
            self.words(terms_refusal(facts)), "SN-1 is reported lost or stolen"
        )
        self.assertIsNone(
            presence_refusal(ReturnFacts(serial="SN-1", lifecycle_state="lost"))
        )
