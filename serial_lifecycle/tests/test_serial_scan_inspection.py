from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin
from .test_serial_inspection import InspectionCase


@tagged("post_install", "-at_install")
class TestScanScreenInspection(InspectionCase):
    """The scan screen shows a pending serial's checks and records their results."""

    def setUp(self):
        super().setUp()
        self.receipt = self._receive(["SI-001", "SI-002"])
        self.lot, self.other = self._lots("SI-001", "SI-002")
        self.Scan = self.env["serial.scan"].with_user(self.stock_user)

    def _record(self, lot, results):
        return self.Scan.record_inspection(lot.id, results, {"scanned": ["x"]})

    def test_scan_shows_the_checks_then_records_them(self):
        answer = self.Scan.scan("SI-001", {})
        card = answer["card"]
        self.assertEqual(
            (card["quality_status"], card["quality_label"]),
            ("pending", "Pending Inspection"),
        )
        self.assertEqual(card["inspection"]["plan"], "Incoming phones")
        self.assertEqual(
            [
                (c["id"], c["type"], c["limits"], c["unit"], c["recorded"])
                for c in card["inspection"]["checks"]
            ],
            [
                (self.visual.id, "passfail", "", "", False),
                (self.voltage.id, "measure", "4.5-5.5 V", "V", False),
            ],
        )
        # One check now, the other later: no verdict until both are in.
        answer = self._record(
            self.lot, [{"check_id": self.visual.id, "result": "pass"}]
        )
        self.assertEqual(
            (answer["kind"], answer["message"], answer["session"]),
            (
                "inspection",
                "Results of SI-001 recorded; its required checks are not all done.",
                {"scanned": ["x"]},
            ),
        )
        self.assertEqual(
            answer["card"]["inspection"]["checks"][0]["recorded"],
            {"passed": True, "label": "Pass"},
        )
        self.assertEqual(self.lot.quality_status, "pending")
        answer = self._record(
            self.lot, [{"check_id": self.voltage.id, "value": "5,05"}]
        )
        self.assertEqual(answer["message"], "Serial SI-001 passed its inspection.")
        self.assertFalse(answer["warning"])
        self.assertFalse(answer["card"]["inspection"], "nothing left to inspect")
        self.assertEqual(answer["card"]["quality_status"], "passed")
        self.assertEqual(answer["card"]["events"][0]["type"], "Inspection Passed")
        results = self.lot.inspection_result_ids.sorted("id")
        self.assertEqual(
            [(r.check_id, r.value, r.passed, r.user_id) for r in results],
            [
                (self.visual, 0.0, True, self.stock_user),
                (self.voltage, 5.05, True, self.stock_user),
            ],
        )
        self.assertEqual(results.partner_id, self.vendor, "the supplier of its receipt")
        self.assertEqual(
            (self._events(self.lot)[-1].event_type, self._events(self.lot)[-1].user_id),
            ("quality_passed", self.stock_user),
        )

    def test_a_failed_check_fails_the_serial(self):
        answer = self._record(
            self.other,
            [
                {"check_id": self.visual.id, "result": "fail"},
                {"check_id": self.voltage.id, "value": 5.0},
            ],
        )
        self.assertEqual(
            answer["message"],
            "Serial SI-002 failed its inspection: Failed checks: Visual.",
        )
        self.assertTrue(answer["warning"])
        self.assertEqual(self.other.quality_status, "failed")

    def test_bad_results_are_answered_and_record_nothing(self):
        other_plan = self.env["serial.inspection.plan"].create(
            {"name": "Other", "check_ids": [(0, 0, {"name": "Weight"})]}
        )
        for lot_id, results, message in [
            (self.lot.id, [], "Enter the result of at least one check."),
            (
                self.lot.id,
                [
                    {"check_id": self.visual.id, "result": "pass"},
                    {"check_id": self.voltage.id, "value": "5 V"},
                ],
                "Nothing was recorded:\n - SI-001, Voltage: '5 V' is not a number",
            ),
            (
                self.lot.id,
                [{"check_id": other_plan.check_ids.id, "result": "pass"}],
                "Nothing was recorded:\n"
                " - SI-001: Weight is not a check of its plan Incoming phones",
            ),
            (
                self.lot.id,
                [{"check_id": self.visual.id, "result": "maybe"}],
                "Nothing was recorded:\n"
                " - SI-001: Visual needs Pass or Fail, not 'maybe'",
            ),
            (self.lot.id, [{"check_id": 999999, "result": "pass"}], "999999: no such"),
            (self.lot.id, "pass", "'pass' are no inspection results"),
            (self.lot.id, [{"check_id": "1"}], "are no inspection results"),
            ("SI-001", [], "'SI-001' is no serial: scan it again."),
            (999999, [], "999999 is no serial"),
        ]:
            with self.subTest(lot_id=lot_id, results=results):
                answer = self.Scan.record_inspection(lot_id, results, {})
                self.assertEqual(answer["kind"], "error")
                self.assertIn(message, answer["message"])
        self.assertFalse(self.lot.inspection_result_ids)
        self.assertEqual(self.lot.quality_status, "pending")

    def test_only_a_pending_serial_is_inspected(self):
        self._inspect(self.lot)
        card = self.Scan.scan("SI-001", {})["card"]
        self.assertEqual(card["quality_status"], "passed")
        self.assertFalse(card["inspection"])
        answer = self._record(
            self.lot, [{"check_id": self.visual.id, "result": "fail"}]
        )
        self.assertIn(
            "SI-001 is Passed: a manager resets it to pending", answer["message"]
        )
        self.assertEqual(self.lot.quality_status, "passed")

    def test_a_product_without_inspection_shows_no_checks(self):
        plain = self.env["product.product"].create(
            {"name": "Plain Cable", "is_storable": True, "tracking": "serial"}
        )
        self._receive(["SI-PLAIN"], product=plain)
        card = self.Scan.scan("SI-PLAIN", {})["card"]
        self.assertEqual((card["quality_status"], card["inspection"]), (False, False))


@tagged("post_install", "-at_install")
class TestScanScreenInspectionOverRpc(JsonRpcMixin, HttpCase, InspectionCase):
    def test_rights_and_companies(self):
        self._receive(["SI-RPC"])
        lot = self._lots("SI-RPC")
        company_b = self.env["res.company"].create({"name": "Inspect B Ltd"})
        new_test_user(
            self.env,
            "inspector_b",
            password="inspector_b",
            groups="stock.group_stock_user",
            company_id=company_b.id,
        )
        self.authenticate("inspector_b", "inspector_b")
        answer = self._call(
            "serial.scan",
            "record_inspection",
            [lot.id, [{"check_id": self.visual.id, "result": "pass"}], {}],
        )
        self.assertEqual(answer["result"]["kind"], "error", answer)
        self.assertFalse(lot.inspection_result_ids, "another company's serial")
        self.authenticate("inspector", "inspector")
        answer = self._call(
            "serial.scan",
            "record_inspection",
            [
                lot.id,
                [
                    {"check_id": self.visual.id, "result": "pass"},
                    {"check_id": self.voltage.id, "value": "4.9"},
                ],
                {},
            ],
            context={"serial_ledger_unlocked": True, "uid": 1},
        )
        self.assertEqual(
            answer["result"]["message"], "Serial SI-RPC passed its inspection."
        )
        self.assertEqual(lot.inspection_result_ids.user_id, self.stock_user)
