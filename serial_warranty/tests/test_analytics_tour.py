from odoo.tests import Form, HttpCase, tagged

from .common import ShippedSerialsMixin


@tagged("post_install", "-at_install")
class TestSerialAnalyticsTour(ShippedSerialsMixin, HttpCase):
    """In Chromium: Serials > Analytics, a pivot of failure rates regrouped by
    supplier."""

    def test_failure_rates_regrouped_by_supplier(self):
        lots, delivery = self._shipped_serials(
            ["TOUR-AN-1", "TOUR-AN-2"], "Tour Analytics Drill", "Tour Analytics Vendor"
        )
        form = Form(self.env["serial.warranty.claim"])
        form.serial_name = lots[0].name
        claim = form.save()
        self.assertEqual(
            (claim.state, claim.partner_id),
            ("approved", delivery.partner_id),
            claim.decision_note,
        )
        self.start_tour("/odoo/inventory", "serial_analytics_tour", login="admin")
