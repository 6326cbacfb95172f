import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ACCESS_ERROR, JsonRpcMixin, SerialLifecycleCase


class InspectionCase(SerialLifecycleCase):
    """A category whose serials require inspection: a visual check and a voltage between
    4.5 and 5.5 V."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["serial.inspection.plan"].create(
            {
                "name": "Incoming phones",
                "check_ids": [
                    (0, 0, {"name": "Visual", "check_type": "passfail", "sequence": 1}),
                    (
                        0,
                        0,
                        {
                            "name": "Voltage",
                            "check_type": "measure",
                            "sequence": 2,
                            "has_min": True,
                            "min_value": 4.5,
                            "has_max": True,
                            "max_value": 5.5,
                            "unit": "V",
                        },
                    ),
                ],
            }
        )
        cls.visual, cls.voltage = cls.plan.check_ids.sorted("sequence")
        cls.category.write(
            {
                "serial_inspection_required": True,
                "serial_inspection_plan_id": cls.plan.id,
            }
        )
        cls.stock_user = new_test_user(
            cls.env, "inspector", password="inspector", groups="stock.group_stock_user"
        )
        cls.stock_manager = new_test_user(
            cls.env, "qa_manager", groups="stock.group_stock_manager"
        )

    def _inspect(self, lot, visual="pass", voltage=5.0, user=None):
        """Record both checks of ``lot`` with the serial form's Record Inspection
        dialog."""
        action = lot.with_user(user or self.stock_user).action_open_inspection_wizard()
        wizard = (
            self.env["serial.inspection.wizard"]
            .with_user(user or self.stock_user)
            .browse(action["res_id"])
        )
        for line in wizard.line_ids:
            if line.check_id == self.visual:
                line.result = visual
            else:
                line.value = str(voltage)
        return wizard.action_record()


@tagged("post_install", "-at_install")
class TestSerialInspection(InspectionCase):
    def test_receipt_inspected_then_shipped(self):
        receipt = self._receive(["QA-001", "QA-002"])
        lot, other = self._lots("QA-001", "QA-002")
        self.assertEqual((lot | other).mapped("quality_status"), ["pending", "pending"])
        self.assertEqual(self._events(lot)[-1].quality_status, "pending")
        self.assertEqual(receipt.serial_inspection_pending_count, 2)
        # Nothing can be reserved while both wait for their inspection.
        delivery = self._deliver(count=1)
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(delivery.state, "confirmed")
        self.assertEqual(self._inspect(lot), {"type": "ir.actions.act_window_close"})
        self.assertEqual(lot.quality_status, "passed")
        event = self._events(lot)[-1]
        self.assertEqual(
            (
                event.event_type,
                event.state_before,
                event.state_after,
                event.quality_status,
            ),
            ("quality_passed", "available", "available", "passed"),
        )
        self.assertEqual(event.user_id, self.stock_user)
        self.assertEqual(event.note, "All checks of Incoming phones passed")
        results = lot.inspection_result_ids.sorted("id")
        self.assertEqual(
            [
                (r.check_id, r.result, r.value, r.unit, r.passed, r.user_id)
                for r in results
            ],
            [
                (self.visual, "pass", 0.0, False, True, self.stock_user),
                (self.voltage, "pass", 5.0, "V", True, self.stock_user),
            ],
        )
        delivery.action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        self._validate(delivery)
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("shipped", "passed")
        )
        self.assertEqual(other.quality_status, "pending")
        self.assertEqual(receipt.serial_inspection_pending_count, 1)

    def test_product_without_inspection_has_no_quality_status(self):
        product = self.env["product.product"].create(
            {"name": "Plain Phone", "is_storable": True, "tracking": "serial"}
        )
        self._receive(["PLAIN-001"], product=product)
        lot = self._lots("PLAIN-001", product=product)
        self.assertFalse(lot.quality_status)
        delivery = self._deliver(product=product)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        with self.assertRaisesRegex(
            UserError, "PLAIN-001: Plain Phone requires no inspection"
        ):
            self.env["stock.lot"].with_user(self.stock_user)._quality_record(
                [{"lot_id": lot.id, "check_id": self.visual.id, "result": "pass"}]
            )

    def test_product_requires_inspection_itself(self):
        category = self.env["product.category"].create({"name": "Uninspected"})
        product = self.env["product.product"].create(
            {
                "name": "Inspected Pump",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": category.id,
                "serial_inspection_required": True,
                "serial_inspection_plan_id": self.plan.id,
            }
        )
        self._receive(["PUMP-001"], product=product)
        lot = self._lots("PUMP-001", product=product)
        self.assertEqual(
            (lot.quality_status, lot.inspection_plan_id), ("pending", self.plan)
        )

    def test_failed_serial_refused_on_delivery_and_by_reservation(self):
        self._receive(["QA-003"])
        lot = self._lots("QA-003")
        self._inspect(lot, voltage=5.9)
        self.assertEqual(lot.quality_status, "failed")
        self.assertEqual(self._events(lot)[-1].note, "Failed checks: Voltage")
        self.assertEqual(
            lot.inspection_result_ids.filtered(
                lambda r: r.check_id == self.voltage
            ).result,
            "fail",
        )
        delivery = self._deliver(count=1)
        self.assertFalse(delivery.move_line_ids, "a failed serial is never reserved")
        # Chosen by hand (or by a scanner app), it is refused at once, by name.
        with (
            self.assertRaisesRegex(
                UserError,
                "^{}$".format(
                    re.escape(
                        "These serial numbers cannot be chosen:\n"
                        " - QA-003 (Tracked Phone) has quality status Failed: "
                        f"it cannot leave on {delivery.name}"
                    )
                ),
            ),
            self.env.cr.savepoint(),
        ):
            self._pick_serials(delivery, lot)
        self.env.invalidate_all()
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("available", "failed")
        )

    def test_serial_reset_to_pending_after_picking_is_refused_at_validation(self):
        self._receive(["QA-013"])
        lot = self._lots("QA-013")
        self._inspect(lot)
        delivery = self._deliver(count=1, lots=lot)
        self.assertEqual(lot.lifecycle_state, "allocated")
        delivery.move_ids.picked = True
        lot.with_user(self.stock_manager).action_quality_reset()
        with self.assertRaisesRegex(
            UserError,
            "^{}$".format(
                re.escape(
                    "Nothing was validated; these serial numbers cannot move:\n"
                    " - QA-013 (Tracked Phone) has quality status Pending Inspection: "
                    f"it cannot leave on {delivery.name}"
                )
            ),
        ):
            delivery.button_validate()
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("allocated", "pending")
        )

    def test_reset_releases_the_reservation_as_a_quarantine_does(self):
        self._receive(["QA-014"])
        lot = self._lots("QA-014")
        self._inspect(lot)
        delivery = self._deliver(count=1)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        lot.with_user(self.stock_manager).action_quality_reset()
        self.assertFalse(delivery.move_line_ids, "a pending serial is not reserved")
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("available", "pending")
        )

    def test_pending_serial_refused_at_the_scan_screen(self):
        self._receive(["QA-004"])
        delivery = self._create_picking(self.warehouse.out_type_id, self.customer)
        answer = self.env["serial.scan"].scan("QA-004", {"picking_id": delivery.id})
        self.assertEqual(answer["kind"], "error")
        self.assertEqual(
            answer["message"],
            "These serial numbers cannot be chosen:\n"
            " - QA-004 (Tracked Phone) has quality status Pending Inspection: "
            f"it cannot leave on {delivery.name}",
        )

    def test_failed_serial_goes_back_to_vendor_or_scrap(self):
        self._receive(["QA-005", "QA-006"])
        lot, other = self._lots("QA-005", "QA-006")
        self._inspect(lot, visual="fail")
        self._inspect(other, visual="fail")
        vendor_return = self._create_picking(
            self.warehouse.out_type_id,
            self.vendor,
            source=self.stock_location,
            destination=self.supplier_location,
        )
        vendor_return.action_assign()
        self.assertEqual(
            vendor_return.move_line_ids.lot_id.quality_status,
            "failed",
            "a return to the vendor reserves a failed serial",
        )
        vendor_return.move_line_ids.lot_id = lot
        self._validate(vendor_return)
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("vendor_returned", "failed")
        )
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "lot_id": other.id,
                "scrap_qty": 1,
                "location_id": self.stock_location.id,
            }
        )
        scrap.do_scrap()
        self.assertEqual(other.lifecycle_state, "scrapped")
        # The repaired unit comes back from the vendor: inspected again.
        self._receive(["QA-005"])
        self.assertEqual(
            (lot.lifecycle_state, lot.quality_status), ("available", "pending")
        )

    def test_failures_per_product_supplier_and_check(self):
        self._receive(["QA-030", "QA-031", "QA-032"])
        lots = self._lots("QA-030", "QA-031", "QA-032")
        self._inspect(lots[0])
        self._inspect(lots[1], voltage=6)
        self._inspect(lots[2], visual="fail", voltage=7)
        groups = self.env["serial.inspection.result"].read_group(
            [("lot_id", "in", lots.ids)],
            ["failed_count:sum"],
            ["partner_id", "check_id"],
            lazy=False,
        )
        self.assertEqual(
            sorted(
                (g["partner_id"][0], g["check_id"][1], g["__count"], g["failed_count"])
                for g in groups
            ),
            [(self.vendor.id, "Visual", 3, 1), (self.vendor.id, "Voltage", 3, 2)],
        )

    def test_reinspection_after_repair_is_a_manager_decision(self):
        self._receive(["QA-007"])
        lot = self._lots("QA-007")
        self._inspect(lot, visual="fail")
        with self.assertRaisesRegex(
            UserError, "No serial here waits for an inspection"
        ):
            self._inspect(lot)
        with self.assertRaisesRegex(
            UserError, r"QA-007 is Failed: a manager resets it to pending"
        ):
            self.env["stock.lot"].with_user(self.stock_user)._quality_record(
                [{"lot_id": lot.id, "check_id": self.visual.id, "result": "pass"}]
            )
        with self.assertRaisesRegex(
            AccessError, "Only a Serial Lifecycle manager can reset an inspection"
        ):
            lot.with_user(self.stock_user).action_quality_reset()
        lot.with_user(self.stock_manager).action_quality_reset()
        self.assertEqual(lot.quality_status, "pending")
        self.assertEqual(self._events(lot)[-1].event_type, "quality_reset")
        self.assertTrue(all(lot.inspection_result_ids.mapped("superseded")))
        self._inspect(lot)
        self.assertEqual(lot.quality_status, "passed")
        self.assertEqual(
            len(lot.inspection_result_ids), 4, "the first results are kept"
        )

    def test_receipt_screen_selects_the_scanned_serial(self):
        receipt = self._receive(["QA-010", "QA-011"])
        lot, other = self._lots("QA-010", "QA-011")
        action = receipt.with_user(self.stock_user).action_open_inspection_wizard()
        wizard = (
            self.env["serial.inspection.wizard"]
            .with_user(self.stock_user)
            .browse(action["res_id"])
        )
        self.assertEqual(len(wizard.line_ids), 4)
        wizard.scan = " QA-011 "
        wizard._onchange_scan()
        self.assertEqual((wizard.lot_id, wizard.scan), (other, False))
        self.assertEqual(wizard.line_ids.filtered("selected").lot_id, other)
        self.assertEqual(wizard._onchange_scan(), None)
        wizard.scan = "QA-999"
        self.assertEqual(
            wizard._onchange_scan()["warning"]["message"],
            "QA-999 is not one of the serials waiting for inspection here.",
        )
        for line in wizard.line_ids.filtered("selected"):
            if line.check_id == self.visual:
                line.result = "pass"
            else:
                line.value = "4,8"
        again = wizard.action_record()
        self.assertEqual(other.quality_status, "passed")
        self.assertEqual(other.inspection_result_ids.picking_id, receipt)
        self.assertEqual(self._events(other)[-1].picking_id, receipt)
        # The screen comes back with the serial still waiting.
        self.assertEqual(
            self.env["serial.inspection.wizard"].browse(again["res_id"]).lot_ids, lot
        )

    def test_bad_results_record_nothing(self):
        self._receive(["QA-012"])
        lot = self._lots("QA-012")
        with self.assertRaisesRegex(
            UserError, r"QA-012, Voltage: 'high' is not a number"
        ):
            self._inspect(lot, voltage="high")
        with self.assertRaisesRegex(
            UserError, "Visual needs Pass or Fail, not 'maybe'"
        ):
            self.env["stock.lot"].with_user(self.stock_user)._quality_record(
                [{"lot_id": lot.id, "check_id": self.visual.id, "result": "maybe"}]
            )
        self.assertFalse(lot.inspection_result_ids)
        # One check recorded decides nothing yet.
        self.env["stock.lot"].with_user(self.stock_user)._quality_record(
            [{"lot_id": lot.id, "check_id": self.visual.id, "result": "pass"}]
        )
        self.assertEqual(lot.quality_status, "pending")

    def test_results_and_status_are_not_written_by_hand(self):
        self._receive(["QA-013"])
        lot = self._lots("QA-013")
        with self.assertRaisesRegex(
            UserError, "Quality Status of a serial cannot be set by hand"
        ):
            lot.write({"quality_status": "passed"})
        with self.assertRaisesRegex(
            UserError, "recorded with Record Inspection, not created by hand"
        ):
            self.env["serial.inspection.result"].with_user(self.stock_user).create(
                {
                    "lot_id": lot.id,
                    "check_id": self.visual.id,
                    "result": "pass",
                    "passed": True,
                }
            )

    def test_plans_and_results_per_company(self):
        company_b = self.env["res.company"].create({"name": "Inspection B Ltd"})
        plan_b = self.env["serial.inspection.plan"].create(
            {
                "name": "B plan",
                "company_id": company_b.id,
                "check_ids": [(0, 0, {"name": "B check"})],
            }
        )
        self._receive(["QA-014"])
        self._inspect(self._lots("QA-014"))
        user_b = new_test_user(
            self.env,
            "inspector_b",
            groups="stock.group_stock_user",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        self.assertFalse(
            self.env["serial.inspection.result"].with_user(user_b).search([])
        )
        self.assertEqual(
            self.env["serial.inspection.plan"].with_user(user_b).search([]), plan_b
        )
        self.assertNotIn(
            plan_b,
            self.env["serial.inspection.plan"].with_user(self.stock_user).search([]),
        )
        self.assertFalse(
            self.env["serial.inspection.check"]
            .with_user(self.stock_user)
            .search([("plan_id", "=", plan_b.id)])
        )


@tagged("post_install", "-at_install")
class TestSerialInspectionRpc(JsonRpcMixin, HttpCase, InspectionCase):
    """A plain Inventory user's JSON-RPC calls cannot set a quality status."""

    def test_stock_user_cannot_write_the_quality_status(self):
        self._receive(["QA-020"])
        lot = self._lots("QA-020")
        self.authenticate("inspector", "inspector")
        self.assertRefused(
            self._call("stock.lot", "write", [[lot.id], {"quality_status": "passed"}]),
            "Quality Status of a serial cannot be set by hand",
        )
        self.assertRefused(
            self._call(
                "stock.lot",
                "web_save",
                [
                    [],
                    {
                        "name": "QA-021",
                        "product_id": self.product.id,
                        "quality_status": "passed",
                    },
                ],
                kwargs={"specification": {"name": {}}},
            ),
            "cannot be set by hand",
        )
        self.assertRefused(
            self._call(
                "serial.inspection.result",
                "create",
                [
                    [
                        {
                            "lot_id": lot.id,
                            "check_id": self.visual.id,
                            "result": "pass",
                            "passed": True,
                        }
                    ]
                ],
            ),
            "recorded with Record Inspection",
        )
        self.assertRefused(
            self._call("stock.lot", "action_quality_reset", [[lot.id]]),
            "Only a Serial Lifecycle manager",
            error=ACCESS_ERROR,
        )
        self.assertEqual(lot.quality_status, "pending")
        self.assertFalse(lot.inspection_result_ids)


@tagged("post_install", "-at_install")
class TestSerialInspectionSampling(InspectionCase):
    """Sampling (settings): the samples are inspected, the other serials of the receipt
    follow their verdict."""

    def _record_receipt(self, receipt, lots, visual="pass"):
        action = receipt.with_user(self.stock_user).action_open_inspection_wizard()
        wizard = (
            self.env["serial.inspection.wizard"]
            .with_user(self.stock_user)
            .browse(action["res_id"])
        )
        for line in wizard.line_ids.filtered(lambda line: line.lot_id in lots):
            if line.check_id == self.visual:
                line.result = visual
            else:
                line.value = "5"
        return wizard, wizard.action_record()

    def test_every_nth_serial(self):
        settings = self.env["res.config.settings"].create(
            {
                "serial_inspection_sampling": "every_nth",
                "serial_inspection_sample_size": 2,
            }
        )
        settings.execute()
        self.assertEqual(self.env.company.serial_inspection_sampling, "every_nth")
        receipt = self._receive(["SMP-1", "SMP-2", "SMP-3", "SMP-4"])
        lots = self._lots("SMP-1", "SMP-2", "SMP-3", "SMP-4")
        self.assertEqual(receipt._serial_inspection_lots(), lots[0] | lots[2])
        wizard, again = self._record_receipt(receipt, lots[0])
        self.assertEqual(wizard.lot_ids, lots[0] | lots[2])
        self.assertEqual(
            lots.mapped("quality_status"), ["passed", "pending", "pending", "pending"]
        )
        self._record_receipt(receipt, lots[2])
        self.assertEqual(
            lots.mapped("quality_status"), ["passed", "passed", "passed", "passed"]
        )
        event = self._events(lots[1])[-1]
        self.assertEqual(
            (event.event_type, event.picking_id, event.note),
            (
                "quality_passed",
                receipt,
                f"By the samples of {receipt.name}: SMP-1, SMP-3",
            ),
        )
        self.assertFalse(lots[1].inspection_result_ids)
        delivery = self._deliver(count=4)
        self.assertEqual(delivery.move_line_ids.lot_id, lots)

    def test_failed_sample_fails_the_receipt(self):
        self.env.company.write(
            {
                "serial_inspection_sampling": "per_receipt",
                "serial_inspection_sample_size": 1,
            }
        )
        receipt = self._receive(["SMP-5", "SMP-6", "SMP-7"])
        lots = self._lots("SMP-5", "SMP-6", "SMP-7")
        self._record_receipt(receipt, lots[0], visual="fail")
        self.assertEqual(lots.mapped("quality_status"), ["failed", "failed", "failed"])
        self.assertFalse(self._deliver(count=1).move_line_ids)
