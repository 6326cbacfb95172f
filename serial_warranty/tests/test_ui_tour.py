from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSerialWarrantyTour(HttpCase):
    """In Chromium: a claim from a scanned serial; a return refused, then forced; the
    serial chosen in the return wizard is the one that comes back."""

    def _shipped_serial(self, serial, product_name, customer_name):
        """A serial of a product under warranty, received and delivered; (lot, delivery)."""
        lots, delivery = self._shipped_serials([serial], product_name, customer_name)
        self.assertEqual(lots.warranty_state, "active")
        return lots, delivery

    def _shipped_serials(self, serials, product_name, customer_name, warranty_years=2):
        """Serials of one product, received and delivered together; (lots, delivery)."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        category = env["product.category"].create({
            "name": "Tour Covered", "warranty_duration": warranty_years, "warranty_unit": "years",
        })
        product = env["product.product"].create({
            "name": product_name, "is_storable": True, "tracking": "serial", "categ_id": category.id,
        })
        customer = env["res.partner"].create({"name": customer_name})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        suppliers, customers = env.ref("stock.stock_location_suppliers"), env.ref("stock.stock_location_customers")

        def transfer(picking_type, partner, source, destination):
            picking = env["stock.picking"].create({
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [Command.create({
                    "name": product.name, "product_id": product.id, "product_uom_qty": len(serials),
                    "product_uom": product.uom_id.id, "location_id": source.id,
                    "location_dest_id": destination.id,
                })],
            })
            picking.action_confirm()
            return picking

        receipt = transfer(warehouse.in_type_id, customer, suppliers, warehouse.lot_stock_id)
        for line, serial in zip(receipt.move_line_ids, serials):
            line.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()
        lots = receipt.move_line_ids.lot_id.sorted("name")
        delivery = transfer(warehouse.out_type_id, customer, warehouse.lot_stock_id, customers)
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.move_line_ids.lot_id, lots)
        return lots, delivery

    def test_claim_from_a_scanned_serial(self):
        lot, delivery = self._shipped_serial("TOUR-W-001", "Tour Drill", "Tour Customer")
        customer = delivery.partner_id
        env = lot.env

        self.start_tour("/odoo/action-serial_warranty.serial_warranty_claim_action/new",
                        "serial_warranty_claim_tour", login="admin")

        claim = env["serial.warranty.claim"].search([("lot_id", "=", lot.id)])
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.partner_id, customer)
        self.assertEqual(claim.symptom, "Does not power on")

    def test_return_refused_then_forced(self):
        lot, delivery = self._shipped_serial("TOUR-R-001", "Tour Saw", "Tour Return Customer")
        lot._lifecycle_apply_manual_action("lost", fields.Datetime.now(), "Stolen", partner=delivery.partner_id)

        self.start_tour("/odoo/action-stock.action_picking_tree_all/%s" % delivery.id,
                        "serial_warranty_return_tour", login="admin")

        return_picking = delivery.return_ids
        self.assertEqual(return_picking.move_line_ids.lot_id, lot)
        event = lot.lifecycle_event_ids.sorted("id")[-1]
        self.assertEqual((event.event_type, event.note, event.picking_id),
                         ("return_forced", "Found in the customer's warehouse", return_picking))


    def test_the_serial_chosen_comes_back(self):
        lots, delivery = self._shipped_serials(["TOUR-P-001", "TOUR-P-002", "TOUR-P-003"], "Tour Plain Drill",
                                               "Tour Plain Customer", warranty_years=0)
        self.assertFalse(lots.product_id.product_tmpl_id._warranty_governs_returns())

        self.start_tour("/odoo/action-stock.action_picking_tree_all/%s" % delivery.id,
                        "serial_warranty_return_choice_tour", login="admin")

        return_picking = delivery.return_ids
        self.assertEqual(return_picking.move_line_ids.lot_id, lots[1])
        return_picking.move_ids.picked = True
        return_picking.button_validate()
        self.assertEqual(lots.mapped("lifecycle_state"), ["shipped", "returned", "shipped"])
