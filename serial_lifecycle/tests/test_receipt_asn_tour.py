from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReceiptAsnTour(HttpCase):
    """In Chromium: paste the supplier's announced serials on a receipt; receiving then
    checks them."""

    def test_announce_serials_on_a_receipt(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        supplier = env.ref("stock.stock_location_suppliers")
        product = env["product.product"].create(
            {"name": "Tour ASN Phone", "is_storable": True, "tracking": "serial"}
        )
        receipt = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 2,
                            "product_uom": product.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            "serial_lifecycle_asn_tour",
            login="admin",
        )

        self.assertEqual(receipt.serial_asn_line_ids.mapped("name"), ["TASN-002"])
        self.assertEqual(receipt.serial_asn_line_ids.product_id, product)
