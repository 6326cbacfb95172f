from odoo import Command
from odoo.tests import HttpCase, tagged


def receive_serials(env, serials):
    """Receive ``serials`` of a new serial product into WH/Stock; return their lots."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    supplier = env.ref("stock.stock_location_suppliers")
    product = env["product.product"].create(
        {"name": "Tour Scanner", "is_storable": True, "tracking": "serial"}
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
                        "product_uom_qty": len(serials),
                        "product_uom": product.uom_id.id,
                        "location_id": supplier.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                    }
                )
            ],
        }
    )
    receipt.action_confirm()
    for line, serial in zip(receipt.move_line_ids, serials, strict=False):
        line.lot_name = serial
    receipt.move_ids.picked = True
    receipt.button_validate()
    return receipt.move_line_ids.lot_id


@tagged("post_install", "-at_install")
class TestSerialScanTour(HttpCase):
    """In Chromium: scan a serial, a location and two serials to move them."""

    def test_scan_screen_moves_serials(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        shelf = env["stock.location"].create(
            {
                "name": "Tour Shelf",
                "barcode": "TOUR-SHELF",
                "location_id": warehouse.lot_stock_id.id,
            }
        )
        lots = receive_serials(env, ["TSCAN-1", "TSCAN-2"])

        self.start_tour(
            "/odoo/action-serial_lifecycle.serial_scan_action",
            "serial_lifecycle_scan_tour",
            login="admin",
        )

        quants = env["stock.quant"].search(
            [("lot_id", "in", lots.ids), ("quantity", ">", 0)]
        )
        self.assertEqual(quants.location_id, shelf)
        self.assertEqual(len(quants), 2)
