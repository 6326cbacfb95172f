"""Recalls and warranties on the same serials.

Cross-module flows: they need serial_warranty and serial_recall together,
as a client running both has them. A recall must reach a unit whatever its
warranty says, and a scan must show both.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_warranty.tests.common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestRecallAndWarranty(SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No free return window: only warranty cover (or a recall) lets a serial come
        # back.
        cls.category.warranty_return_days = 0

    def setUp(self):
        super().setUp()
        self._receive(["RW-0001", "RW-0002", "RW-0003"])
        self.voided, self.covered, self.in_stock = self._lots(
            "RW-0001", "RW-0002", "RW-0003"
        )
        self.delivery = self._sell(self.voided | self.covered)
        self.voided._warranty_void("Seal broken: opened by the customer")

    def _open_recall(self):
        campaign = self.env["serial.recall.campaign"].create(
            {
                "title": "Charger may overheat",
                "reason": "A capacitor of the charger may overheat.",
                "criterion_ids": [
                    Command.create(
                        {
                            "criterion_type": "range",
                            "product_id": self.product.id,
                            "serial_from": "RW-0001",
                            "serial_to": "RW-0003",
                        }
                    )
                ],
            }
        )
        campaign.action_preview()
        campaign.action_open()
        return campaign

    def test_a_voided_warranty_does_not_stop_a_recalled_unit_from_coming_back(self):
        self.assertEqual(
            (self.voided.warranty_state, self.covered.warranty_state),
            ("void", "active"),
        )
        with self.assertRaises(UserError) as refusal:
            self._create_return(self.delivery, self.voided)
        self.assertIn("RW-0001 is not under warranty", str(refusal.exception))

        campaign = self._open_recall()
        units = {unit.lot_id.name: unit for unit in campaign.unit_ids}
        self.assertEqual(units["RW-0001"].status, "at_customer")
        self.assertEqual(self.in_stock.lifecycle_state, "quarantined")

        return_picking = self._create_return(self.delivery, self.voided)
        self.assertEqual(return_picking.move_line_ids.lot_id, self.voided)
        self._validate(return_picking)
        self.assertEqual(units["RW-0001"].status, "returned")
        self.assertEqual(units["RW-0001"].return_picking_id, return_picking)
        self.assertEqual(
            self.voided.lifecycle_state,
            "quarantined",
            "a recalled unit that comes back stays blocked",
        )

    def test_a_scan_shows_warranty_and_recall_flags_together(self):
        campaign = self._open_recall()
        flags = (self.voided | self.covered)._serial_status_flags()
        # Each module adds its own flags; their order follows the modules' load order.
        self.assertEqual(
            {flag["code"] for flag in flags[self.voided.id]},
            {"warranty_void", "recall"},
        )
        self.assertEqual(
            {flag["code"] for flag in flags[self.covered.id]},
            {"warranty_active", "recall"},
        )
        # What the scan screen answers when RW-0002 is scanned.
        answer = self.env["serial.scan"].scan("RW-0002")
        self.assertEqual(answer["kind"], "serial")
        # The most serious flag comes first on the card.
        self.assertEqual(
            [(flag["label"], flag["level"]) for flag in answer["card"]["flags"]],
            [
                (f"Recall {campaign.name}: Charger may overheat", "danger"),
                ("Under Warranty", "info"),
            ],
        )
