from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSerialInspectionTour(HttpCase):
    """In Chromium: an inspector records a serial's checks from its receipt, selecting
    it by scanning."""

    def test_record_inspection_from_the_receipt(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        new_test_user(
            env,
            "tour_inspector",
            password="tour_inspector",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        plan = env["serial.inspection.plan"].create(
            {
                "name": "Tour plan",
                "check_ids": [
                    Command.create(
                        {"name": "Visual", "check_type": "passfail", "sequence": 1}
                    ),
                    Command.create(
                        {
                            "name": "Voltage",
                            "check_type": "measure",
                            "sequence": 2,
                            "has_min": True,
                            "min_value": 4.5,
                            "has_max": True,
                            "max_value": 5.5,
                            "unit": "V",
                        }
                    ),
                ],
            }
        )
        product = env["product.product"].create(
            {
                "name": "Tour Inspected Phone",
                "is_storable": True,
                "tracking": "serial",
                "serial_inspection_required": True,
                "serial_inspection_plan_id": plan.id,
            }
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        supplier = env.ref("stock.stock_location_suppliers")
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
        for line, serial in zip(
            receipt.move_line_ids.sorted("id"), ["TQA-001", "TQA-002"], strict=False
        ):
            line.lot_name = serial
        receipt.move_ids.picked = True
        receipt.button_validate()

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            "serial_lifecycle_inspection_tour",
            login="tour_inspector",
        )

        lots = receipt.move_line_ids.lot_id.sorted("name")
        self.assertEqual(lots.mapped("quality_status"), ["pending", "passed"])
        results = lots[1].inspection_result_ids.sorted("id")
        self.assertEqual(
            [(r.check_id.name, r.passed, r.value, r.picking_id) for r in results],
            [("Visual", True, 0.0, receipt), ("Voltage", True, 5.1, receipt)],
        )
