from odoo.tests import HttpCase, new_test_user, tagged

from .common import ShippedSerialsMixin


@tagged("post_install", "-at_install")
class TestPortalTour(ShippedSerialsMixin, HttpCase):
    """In Chromium: a customer's My Devices, and the public serial check."""

    def setUp(self):
        super().setUp()
        self.lot, delivery = self._shipped_serials(["TOUR-PT-001"], "Tour Portal Drill", "Tour Portal Company")
        new_test_user(self.env, "tour_portal", groups="base.group_portal", partner_id=delivery.partner_id.id)

    def test_my_devices_and_a_claim(self):
        self.start_tour("/my", "serial_portal_devices_tour", login="tour_portal")
        claim = self.env["serial.warranty.claim"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual((claim.state, claim.symptom), ("approved", "The battery does not charge"))

    def test_public_serial_check(self):
        self.start_tour("/serial/check", "serial_public_check_tour")
