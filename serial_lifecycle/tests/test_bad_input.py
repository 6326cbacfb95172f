from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestBadInput(SerialLifecycleCase):
    """Bad input gets a refusal naming the value, and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_product = cls.env["product.product"].create(
            {
                "name": "Batch Cable",
                "is_storable": True,
                "tracking": "lot",
            }
        )
        cls.stock_user = new_test_user(
            cls.env, "bad_input_user", groups="stock.group_stock_user"
        )

    def _lot_count(self):
        return self.env["stock.lot"].search_count([])

    def test_a_nul_or_control_character_in_a_lot_name_is_refused_by_name(self):
        before = self._lot_count()
        for product in (self.product, self.lot_product):
            for name in ("SN\x00001", "SN\x07B"):
                with self.assertRaisesRegex(
                    ValidationError, "contains control characters"
                ) as refusal:
                    self.env["stock.lot"].create(
                        {"name": name, "product_id": product.id}
                    )
                self.assertIn(repr(name), str(refusal.exception))
        self.assertEqual(self._lot_count(), before)

    def test_an_empty_serial_name_is_refused_on_create_and_rename(self):
        for name in ("", "   "):
            with self.assertRaisesRegex(ValidationError, "cannot be empty"):
                self.env["stock.lot"].create(
                    {"name": name, "product_id": self.product.id}
                )
        self._receive(["BI-001"])
        lot = self._lots("BI-001")
        for name in (False, "", "  "):
            with self.assertRaisesRegex(ValidationError, "cannot be empty"):
                lot.write({"name": name})
        self.assertEqual(lot.name, "BI-001")

    def test_a_receipt_line_refuses_a_control_character(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        with self.assertRaisesRegex(UserError, "contains control characters"):
            receipt.move_line_ids.lot_name = "SN\x00X"
        with self.assertRaisesRegex(UserError, "contains control characters"):
            self.env["stock.move.line"].create(
                {
                    "move_id": receipt.move_ids.id,
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "lot_name": "A\x00B",
                    "quantity": 1,
                    "location_id": receipt.location_id.id,
                    "location_dest_id": receipt.location_dest_id.id,
                }
            )
        self.assertFalse(receipt.move_line_ids.lot_name)

    def test_a_scan_of_a_control_character_or_of_no_text_is_answered_by_name(self):
        with self.assertRaisesRegex(UserError, "contains control characters"):
            self.env["stock.lot"]._serial_scan_parse("SN\x00001")
        Scan = self.env["serial.scan"].with_user(self.stock_user)
        for text in ("SN\x00001", 12345, {"serial": "x"}, ["SN"]):
            answer = Scan.scan(text)
            self.assertEqual(answer["kind"], "error", text)
            self.assertIn(
                repr(text) if not isinstance(text, str) else "control characters",
                answer["message"],
            )

    def test_a_scan_session_location_is_checked_on_every_scan(self):
        self._receive(["BI-010"])
        lot = self._lots("BI-010")
        Scan = self.env["serial.scan"].with_user(self.stock_user)
        for location_id in (
            "abc",
            self.customer_location.id,
            self.supplier_location.id,
            999999999,
            True,
        ):
            answer = Scan.scan("BI-010", {"location_id": location_id})
            self.assertEqual(answer["kind"], "error", location_id)
            self.assertIn("is not a stock location", answer["message"])
        self.assertEqual(lot.location_id, self.stock_location)
        self.assertEqual(lot.lifecycle_state, "available")
        answer = Scan.scan("BI-010", {"location_id": self.shelf.id})
        self.assertEqual(answer["kind"], "serial", answer)
        self.assertEqual(lot.location_id, self.shelf)

    def test_a_customer_location_scanned_is_not_a_destination(self):
        self.customer_location.barcode = "CUSTLOC"
        answer = self.env["serial.scan"].with_user(self.stock_user).scan("CUSTLOC")
        self.assertNotEqual(answer["kind"], "location")

    def test_generating_serials_is_bounded(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        for count in (0, -5, 200000):
            with self.assertRaisesRegex(
                UserError,
                f"Generate between 1 and 10000 serial numbers at a time, not {count}",
            ):
                self._lot_line_vals(receipt, "generate", "GEN-001", count)
        self.assertEqual(len(self._lot_line_vals(receipt, "generate", "GEN-001", 3)), 3)

    def test_the_serial_form_location_moves_a_serial_only_within_stock(self):
        """Odoo's Location field on the serial form moves its quants: not to a
        customer."""
        self._receive(["BI-020"])
        lot = self._lots("BI-020")
        with self.assertRaisesRegex(
            UserError,
            "BI-020 can be moved here only to a stock location, not to "
            "Partners/Customers",
        ):
            lot.with_user(self.stock_user).location_id = self.customer_location
        self.assertEqual(lot.lifecycle_state, "available")
        self.assertEqual(
            lot.quant_ids.filtered(lambda quant: quant.quantity > 0).location_id,
            self.stock_location,
        )
        lot.location_id = self.shelf
        self.assertEqual(
            lot.quant_ids.filtered(lambda quant: quant.quantity > 0).location_id,
            self.shelf,
        )
        self.assertEqual(self._events(lot)[-1].event_type, "internal")

    def test_values_no_widget_sends_are_refused_by_field_and_value(self):
        """A JSON-RPC client chooses its values: none reaches the database raw."""
        lots = self._lot_count()
        cases = [
            (
                "stock.lot",
                {"name": "BI-030", "product_id": "abc"},
                "Product: 'abc' is not a record",
            ),
            (
                "stock.lot",
                {"name": "BI-031", "product_id": 2**31},
                "Product: 2147483648 is not a record",
            ),
            (
                "stock.lot",
                {"name": "BI-032", "product_id": self.product.id, "note": "A\x00B"},
                "Description: 'A\\x00B' contains a NUL character",
            ),
            (
                "stock.serial.count",
                {"location_id": "abc"},
                "Location: 'abc' is not a record",
            ),
            (
                "stock.serial.count",
                {"location_id": 2**31},
                "Location: 2147483648 is not a record",
            ),
            (
                "stock.lot.lifecycle.wizard",
                {"action": "lost", "reason": "A\x00B"},
                "Reason: 'A\\x00B' contains a NUL character",
            ),
            (
                "stock.lot.lifecycle.wizard",
                {"action": "lost", "reason": "x", "event_date": "2026-02-30 10:00:00"},
                "Date: '2026-02-30 10:00:00' is not a date and time",
            ),
            (
                "stock.lot.lifecycle.wizard",
                {"action": "bogus", "reason": "x"},
                "Event: 'bogus' is not one of the choices",
            ),
            (
                "stock.lot.lifecycle.wizard",
                {"action": "lost", "reason": "x", "lot_ids": [(6, 0, ["abc"])]},
                "Serial Numbers: [(6, 0, ['abc'])] names something that is "
                "not a record",
            ),
        ]
        for model, vals, message in cases:
            with (
                self.subTest(model=model, vals=vals),
                self.assertRaises(ValidationError) as refusal,
            ):
                self.env[model].with_user(self.stock_user).create(vals)
            self.assertIn(message, str(refusal.exception))
        self.assertEqual(self._lot_count(), lots)

    def test_generating_or_importing_serials_refuses_what_is_no_serial(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        for first_lot, message in (
            ("GEN\x00", "contains control characters"),
            ("", "cannot be empty"),
            (12345, "12345 is not a serial number"),
            ({"a": 1}, "is not a serial number"),
        ):
            with (
                self.subTest(first_lot=first_lot),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._lot_line_vals(receipt, "generate", first_lot, 2)
        with self.assertRaisesRegex(ValidationError, r"line 2: 'IMP\\x00' contains"):
            self._lot_line_vals(receipt, "import", lot_text="IMP001\nIMP\x00")
        with self.assertRaisesRegex(
            ValidationError, r"\['IMP001'\] is not a list of serial numbers"
        ):
            self._lot_line_vals(receipt, "import", lot_text=["IMP001"])
        self.assertFalse(receipt.move_line_ids.lot_name)

    def test_a_scan_session_location_beyond_any_id_is_answered(self):
        self._receive(["BI-040"])
        answer = (
            self.env["serial.scan"]
            .with_user(self.stock_user)
            .scan("BI-040", {"location_id": 2**31})
        )
        self.assertEqual(answer["kind"], "error")
        self.assertIn("2147483648 is not a stock location", answer["message"])
