from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSerialPickingRuleTour(HttpCase):
    """In Chromium: create a "Never Reserve" rule; a delivery then reserves around its
    range."""

    def test_keep_serials_out_of_reservations(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        supplier, customer = (
            env.ref("stock.stock_location_suppliers"),
            env.ref("stock.stock_location_customers"),
        )
        product = env["product.product"].create(
            {"name": "Tour Rule Phone", "is_storable": True, "tracking": "serial"}
        )

        def transfer(picking_type, source, destination, quantity):
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": quantity,
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            return picking

        receipt = transfer(warehouse.in_type_id, supplier, warehouse.lot_stock_id, 3)
        for line, serial in zip(
            receipt.move_line_ids.sorted("id"),
            ["TRULE-001", "TRULE-002", "TRULE-003"],
            strict=False,
        ):
            line.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()

        self.start_tour(
            "/odoo/action-serial_lifecycle.stock_serial_picking_rule_action",
            "serial_lifecycle_picking_rule_tour",
            login="admin",
        )

        rule = env["stock.serial.picking.rule"].search(
            [("product_id", "=", product.id)]
        )
        self.assertEqual(
            (rule.name, rule.mode, rule.serial_from, rule.serial_to, rule.company_id),
            (
                "Units kept for testing",
                "exclude",
                "TRULE-001",
                "TRULE-002",
                env.company,
            ),
        )
        delivery = transfer(warehouse.out_type_id, warehouse.lot_stock_id, customer, 2)
        delivery.action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id.mapped("name"), ["TRULE-003"])
