from odoo.tests import HttpCase, new_test_user, tagged

from .tour_fixtures import validated_receipt, voltage_plan


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
        plan = voltage_plan(env, "Tour plan")
        product = env["product.product"].create(
            {
                "name": "Tour Inspected Phone",
                "is_storable": True,
                "tracking": "serial",
                "serial_inspection_required": True,
                "serial_inspection_plan_id": plan.id,
            }
        )
        receipt = validated_receipt(env, product, ["TQA-001", "TQA-002"])

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
