from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSerialLifecycleTour(HttpCase):
    """In Chromium: open a serial, see its timeline, quarantine it."""

    def test_quarantine_a_serial_from_its_form(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        product = env["product.product"].create(
            {"name": "Tour Scanner", "is_storable": True, "tracking": "serial"}
        )
        vendor = env["res.partner"].create({"name": "Tour Vendor"})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        receipt = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": vendor.id,
                "location_id": env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_line_ids.lot_name = "TOUR-0001"
        receipt.move_ids.picked = True
        receipt.button_validate()
        lot = receipt.move_line_ids.lot_id
        self.assertEqual(lot.lifecycle_state, "available")

        self.start_tour(
            f"/odoo/action-serial_lifecycle.stock_lot_action/{lot.id}",
            "serial_lifecycle_quarantine_tour",
            login="admin",
        )

        self.assertEqual(lot.lifecycle_state, "quarantined")
        event = lot.lifecycle_event_ids.sorted("id")[-1]
        self.assertEqual(event.event_type, "quarantine")
        self.assertEqual(event.note, "Casing cracked at the incoming inspection")
        self.assertEqual(event.user_id, env.ref("base.user_admin"))
