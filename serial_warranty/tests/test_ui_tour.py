from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSerialWarrantyTour(HttpCase):
    """In Chromium: create a claim from a scanned serial and read the decision."""

    def test_claim_from_a_scanned_serial(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        category = env["product.category"].create({
            "name": "Tour Covered", "warranty_duration": 2, "warranty_unit": "years",
        })
        product = env["product.product"].create({
            "name": "Tour Drill", "is_storable": True, "tracking": "serial", "categ_id": category.id,
        })
        customer = env["res.partner"].create({"name": "Tour Customer"})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        suppliers, customers = env.ref("stock.stock_location_suppliers"), env.ref("stock.stock_location_customers")

        def transfer(picking_type, partner, source, destination):
            picking = env["stock.picking"].create({
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [Command.create({
                    "name": product.name, "product_id": product.id, "product_uom_qty": 1,
                    "product_uom": product.uom_id.id, "location_id": source.id,
                    "location_dest_id": destination.id,
                })],
            })
            picking.action_confirm()
            return picking

        receipt = transfer(warehouse.in_type_id, customer, suppliers, warehouse.lot_stock_id)
        receipt.move_line_ids.lot_name = "TOUR-W-001"
        receipt.move_ids.picked = True
        receipt.button_validate()
        lot = receipt.move_line_ids.lot_id
        delivery = transfer(warehouse.out_type_id, customer, warehouse.lot_stock_id, customers)
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(lot.warranty_state, "active")

        self.start_tour("/odoo/action-serial_warranty.serial_warranty_claim_action/new",
                        "serial_warranty_claim_tour", login="admin")

        claim = env["serial.warranty.claim"].search([("lot_id", "=", lot.id)])
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.partner_id, customer)
        self.assertEqual(claim.symptom, "Does not power on")
