from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ShippedSerialsMixin


@tagged("post_install", "-at_install")
class TestPortalTour(ShippedSerialsMixin, HttpCase):
    """In Chromium: a customer's My Devices, and the public serial check."""

    def setUp(self):
        super().setUp()
        lots, delivery = self._shipped_serials(
            ["TOUR-PT-001", "TOUR-PT-002", "TOUR-PT-003"],
            "Tour Portal Drill",
            "Tour Portal Company",
        )
        self.lot, self.resold, self.stolen = lots
        self.stolen._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=delivery.partner_id
        )
        new_test_user(
            self.env,
            "tour_portal",
            groups="base.group_portal",
            partner_id=delivery.partner_id.id,
        )

    def test_my_devices_and_a_claim(self):
        self.start_tour("/my", "serial_portal_devices_tour", login="tour_portal")
        claim = self.env["serial.warranty.claim"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual(
            (claim.state, claim.symptom), ("approved", "The battery does not charge")
        )
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", claim._name), ("res_id", "=", claim.id)]
        )
        self.assertEqual(photo.name, "battery.png")
        registration = self.env["serial.device.registration"].search(
            [("lot_id", "=", self.resold.id)]
        )
        self.assertEqual(
            (
                registration.state,
                registration.purchase_date,
                registration.proof_attachment_id.name,
            ),
            ("to_approve", fields.Date.to_date("2026-11-02"), "invoice.pdf"),
        )

    def test_public_serial_check(self):
        self.start_tour("/serial/check", "serial_public_check_tour")
