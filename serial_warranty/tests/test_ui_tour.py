from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ShippedSerialsMixin


@tagged("post_install", "-at_install")
class TestSerialWarrantyTour(ShippedSerialsMixin, HttpCase):
    """In Chromium: a claim from a scanned serial; a return refused, then forced; the
    serial chosen in the return wizard is the one that comes back."""

    def test_claim_from_a_scanned_serial(self):
        lot, delivery = self._shipped_serial(
            "TOUR-W-001", "Tour Drill", "Tour Customer"
        )
        customer = delivery.partner_id
        env = lot.env

        self.start_tour(
            "/odoo/action-serial_warranty.serial_warranty_claim_action/new",
            "serial_warranty_claim_tour",
            login="admin",
        )

        claim = env["serial.warranty.claim"].search([("lot_id", "=", lot.id)])
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.partner_id, customer)
        self.assertEqual(claim.symptom, "Does not power on")

    def test_return_refused_then_forced(self):
        lot, delivery = self._shipped_serial(
            "TOUR-R-001", "Tour Saw", "Tour Return Customer"
        )
        lot._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=delivery.partner_id
        )

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{delivery.id}",
            "serial_warranty_return_tour",
            login="admin",
        )

        return_picking = delivery.return_ids
        self.assertEqual(return_picking.move_line_ids.lot_id, lot)
        event = lot.lifecycle_event_ids.sorted("id")[-1]
        self.assertEqual(
            (event.event_type, event.note, event.picking_id),
            ("return_forced", "Found in the customer's warehouse", return_picking),
        )

    def test_the_serial_chosen_comes_back(self):
        lots, delivery = self._shipped_serials(
            ["TOUR-P-001", "TOUR-P-002", "TOUR-P-003"],
            "Tour Plain Drill",
            "Tour Plain Customer",
            warranty_years=0,
        )
        self.assertFalse(lots.product_id.product_tmpl_id._warranty_governs_returns())

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{delivery.id}",
            "serial_warranty_return_choice_tour",
            login="admin",
        )

        return_picking = delivery.return_ids
        self.assertEqual(return_picking.move_line_ids.lot_id, lots[1])
        return_picking.move_ids.picked = True
        return_picking.button_validate()
        self.assertEqual(
            lots.mapped("lifecycle_state"), ["shipped", "returned", "shipped"]
        )
