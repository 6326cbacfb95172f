from odoo.tests import HttpCase, new_test_user, tagged

from .tour_fixtures import validated_receipt, voltage_plan

GTIN = "07612345987705"


@tagged("post_install", "-at_install")
class TestScanInspectionTour(HttpCase):
    """In Chromium: an inspector scans serials and records their checks on the card.

    The same tour runs at desktop width here and at handheld width below.
    """

    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.inspector = new_test_user(
            env,
            "scan_inspector",
            password="scan_inspector",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        plan = voltage_plan(env, "Scan tour plan")
        self.visual, self.voltage = plan.check_ids.sorted("sequence")
        product = env["product.product"].create(
            {
                "name": "Tour Scanned Charger",
                "is_storable": True,
                "tracking": "serial",
                "barcode": GTIN,
                "serial_inspection_required": True,
                "serial_inspection_plan_id": plan.id,
            }
        )
        receipt = validated_receipt(env, product, ["TSI-1", "TSI-2"])
        self.receipt = receipt
        self.lots = receipt.move_line_ids.lot_id.sorted("name")
        self.assertEqual(self.lots.mapped("quality_status"), ["pending", "pending"])

    def test_record_inspection_results_by_scanning(self):
        self.start_tour(
            "/odoo/action-serial_lifecycle.serial_scan_action",
            "serial_lifecycle_scan_inspection_tour",
            login="scan_inspector",
        )
        passed, failed = self.lots
        self.assertEqual(
            (passed.quality_status, failed.quality_status), ("passed", "failed")
        )
        self.assertEqual(
            [
                (r.check_id, r.result, r.value, r.unit, r.passed, r.user_id)
                for r in passed.inspection_result_ids.sorted("id")
            ],
            [
                (self.visual, "pass", 0.0, False, True, self.inspector),
                (self.voltage, "pass", 5.1, "V", True, self.inspector),
            ],
        )
        self.assertEqual(
            [
                (r.check_id, r.value, r.passed, r.user_id, r.partner_id)
                for r in failed.inspection_result_ids.sorted("id")
            ],
            [
                (self.visual, 0.0, True, self.inspector, self.env["res.partner"]),
                (self.voltage, 6.2, False, self.inspector, self.env["res.partner"]),
            ],
            "the refused 'abc' recorded nothing",
        )
        for lot, status in ((passed, "passed"), (failed, "failed")):
            event = lot.lifecycle_event_ids.sorted("id")[-1]
            self.assertEqual(
                (event.event_type, event.user_id, event.state_after),
                (f"quality_{status}", self.inspector, "available"),
            )
            self.assertEqual(event.quality_status, status)
        self.assertEqual(
            failed.lifecycle_event_ids.sorted("id")[-1].note, "Failed checks: Voltage"
        )


@tagged("post_install", "-at_install")
class TestScanInspectionTourHandheld(TestScanInspectionTour):
    """The same tour on a handheld scanner's screen: narrow and touch."""

    browser_size = "390x844"
    touch_enabled = True
