"""Every manager-only action checks its group in the method, whatever the path.

A plain Inventory user (who is also a salesperson, as a service desk often
is) calls each manager-only action over JSON-RPC, as the web client would:
each is refused with an access error and changes nothing.
"""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.serial_lifecycle.tests.common import ACCESS_ERROR, JsonRpcMixin
from odoo.addons.serial_warranty.tests.common import SerialWarrantyCase


@tagged("post_install", "-at_install")
class TestManagerActionsOverRpc(JsonRpcMixin, HttpCase, SerialWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            "rpc_clerk",
            password="rpc_clerk",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )

    def setUp(self):
        super().setUp()
        self._receive(["MA-001", "MA-002", "MA-003"])
        self.quarantined, self.shipped, self.in_stock = self._lots(
            "MA-001", "MA-002", "MA-003"
        )
        self.quarantined._lifecycle_apply_manual_action(
            "quarantine", fields.Datetime.now(), "Dented"
        )
        self._sell(self.shipped)
        self.authenticate("rpc_clerk", "rpc_clerk")

    def _wizard_confirm(self, model, vals):
        """Create a wizard and press its Confirm button, as the clerk."""
        answer = self._call(model, "create", [vals])
        if "error" in answer:
            return answer
        return self._call(model, "action_confirm", [[answer["result"]]])

    def test_release_a_quarantined_serial(self):
        answer = self._wizard_confirm(
            "stock.lot.lifecycle.wizard",
            {
                "lot_ids": [Command.set(self.quarantined.ids)],
                "action": "release",
                "reason": "Looks fine",
            },
        )
        self.assertRefused(answer, "(?i)manager", ACCESS_ERROR)
        self.assertEqual(self.quarantined.lifecycle_state, "quarantined")

    def test_void_a_warranty(self):
        answer = self._wizard_confirm(
            "serial.warranty.void.wizard",
            {
                "lot_ids": [Command.set(self.shipped.ids)],
                "reason": "Opened",
            },
        )
        self.assertRefused(answer, "Manager", ACCESS_ERROR)
        self.assertEqual(self.shipped.warranty_state, "active")

    def test_override_a_rejected_claim(self):
        claim = self._claim(self.in_stock.name, partner=self.customer)
        self.assertEqual(claim.state, "rejected")
        answer = self._wizard_confirm(
            "serial.warranty.claim.override.wizard",
            {
                "claim_ids": [Command.set(claim.ids)],
                "reason": "Goodwill",
            },
        )
        self.assertRefused(answer, "(?i)manager", ACCESS_ERROR)
        self.assertEqual(claim.state, "rejected")
        self.assertFalse(claim.overridden_by_id)

    def test_force_a_refused_return(self):
        self.shipped._lifecycle_apply_manual_action(
            "lost", fields.Datetime.now(), "Stolen", partner=self.customer
        )
        delivery = self.shipped.lifecycle_event_ids.filtered(
            lambda event: event.event_type == "delivery"
        ).picking_id
        wizard = self._return_wizard(
            delivery, self.shipped, force_reason="Found it", user=self.clerk
        )
        answer = self._call(
            "stock.return.picking", "action_create_returns", [[wizard.id]]
        )
        self.assertRefused(answer, "(?i)manager", ACCESS_ERROR)
        self.assertFalse(
            self.env["stock.picking"].search([("return_id", "=", delivery.id)])
        )
        self.assertNotIn(
            "return_forced", self.shipped.lifecycle_event_ids.mapped("event_type")
        )

    def test_run_a_recall_campaign(self):
        campaign = self.env["serial.recall.campaign"].create(
            {
                "title": "Charger may overheat",
                "reason": "Capacitor",
                "criterion_ids": [
                    Command.create(
                        {
                            "criterion_type": "range",
                            "product_id": self.product.id,
                            "serial_from": "MA-001",
                            "serial_to": "MA-003",
                        }
                    )
                ],
            }
        )
        for method in ("action_open", "action_confirm_open"):
            self.assertRefused(
                self._call("serial.recall.campaign", method, [[campaign.id]]),
                None,
                ACCESS_ERROR,
            )
        self.assertEqual(campaign.state, "draft")
        self.assertEqual(self.in_stock.lifecycle_state, "available")
        campaign.action_preview()
        campaign.action_open()
        for method in ("action_notify_customers", "action_release", "action_close"):
            self.assertRefused(
                self._call("serial.recall.campaign", method, [[campaign.id]]),
                None,
                ACCESS_ERROR,
            )
        self.assertEqual(campaign.state, "open")
        self.assertFalse(campaign.notice_ids)
        self.assertEqual(self.in_stock.lifecycle_state, "quarantined")

    def test_apply_a_count(self):
        count = self.env["stock.serial.count"].create(
            {"location_id": self.stock_location.id}
        )
        count.action_check()
        self.assertRefused(
            self._call("stock.serial.count", "action_apply", [[count.id]]),
            "Inventory administrator",
            ACCESS_ERROR,
        )
        self.assertEqual(count.state, "checked")
        self.assertEqual(
            self.in_stock.lifecycle_state,
            "available",
            "nothing counted missing became lost",
        )
