from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSerialScanTour(HttpCase):
    """In Chromium: scan a serial, a location and two serials to move them."""

    def test_scan_screen_moves_serials(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        shelf = env["stock.location"].create({
            "name": "Tour Shelf", "barcode": "TOUR-SHELF", "location_id": warehouse.lot_stock_id.id,
        })
        product = env["product.product"].create({"name": "Tour Scanner", "is_storable": True, "tracking": "serial"})
        receipt = env["stock.picking"].create({
            "picking_type_id": warehouse.in_type_id.id,
            "location_id": env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "move_ids": [(0, 0, {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": 2,
                "product_uom": product.uom_id.id,
                "location_id": env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
            })],
        })
        receipt.action_confirm()
        for line, serial in zip(receipt.move_line_ids, ("TSCAN-1", "TSCAN-2")):
            line.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()

        self.start_tour("/odoo/action-serial_lifecycle.serial_scan_action", "serial_lifecycle_scan_tour", login="admin")

        quants = env["stock.quant"].search([("lot_id", "in", receipt.move_line_ids.lot_id.ids), ("quantity", ">", 0)])
        self.assertEqual(quants.location_id, shelf)
        self.assertEqual(len(quants), 2)
