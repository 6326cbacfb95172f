from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import MessageCase, SerialLifecycleCase

from ..tools.serial_numbers import check_supplier_patterns

GTIN = "07612345987651"


@tagged("post_install", "-at_install")
class TestSupplierPatternHelper(MessageCase):
    def reason(self, name, patterns):
        return self.words(check_supplier_patterns(name, patterns))

    def test_any_pattern_accepts(self):
        self.assertIsNone(
            check_supplier_patterns("VC-0001", [r"VC-\d{4}", r"VX-\d{6}"])
        )
        self.assertIsNone(
            check_supplier_patterns("VX-000001", [r"VC-\d{4}", r"VX-\d{6}"])
        )
        self.assertIsNone(check_supplier_patterns("anything", []))
        self.assertIsNone(check_supplier_patterns("anything", None))

    def test_reason_names_the_patterns(self):
        self.assertEqual(
            self.reason("VC-1", [r"VC-\d{4}"]),
            r"does not match the pattern VC-\d{4}",
        )
        self.assertEqual(
            self.reason("VC-1", [r"VC-\d{4}", r"VX-\d{6}", r"VC-\d{4}"]),
            r"does not match any of the patterns VC-\d{4} | VX-\d{6}",
        )

    def test_the_whole_serial_must_match(self):
        self.assertEqual(
            self.reason("VC-00012", [r"VC-\d{4}"]),
            r"does not match the pattern VC-\d{4}",
        )
        self.assertEqual(
            self.reason("XVC-0001", [r"VC-\d{4}"]),
            r"does not match the pattern VC-\d{4}",
        )


@tagged("post_install", "-at_install")
class TestVendorSerialPattern(SerialLifecycleCase):
    """A vendor's own serial format, set on the product's vendor line, enforced on
    receipts from that vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN
        cls.vendor_line = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "serial_pattern": r"VC-\d{4}",
            }
        )
        cls.other_vendor = cls.env["res.partner"].create({"name": "Other Parts Ltd"})

    def _receipt(self, partner=None, quantity=1):
        return self._create_picking(
            self.warehouse.in_type_id, partner or self.vendor, quantity=quantity
        )

    def test_serial_in_the_vendor_format_is_received(self):
        receipt = self._receipt(quantity=2)
        receipt.move_line_ids[0].lot_name = "VC-0001"
        receipt.move_line_ids[1].lot_name = "]C101" + GTIN + "11250314" "21VC-0002"
        self._validate(receipt)
        self.assertEqual(
            self._lots("VC-0001", "VC-0002").mapped("lifecycle_state"),
            ["available", "available"],
        )

    def test_serial_breaking_the_vendor_format_is_refused_naming_the_pattern(self):
        receipt = self._receipt()
        message = (
            r"These serial numbers are refused:\n - 'XX-1' does not match "
            r"the pattern VC-\\d\{4\}, "
            r"the serial format of Vendor Components Inc for Tracked Phone"
        )
        with self.assertRaisesRegex(UserError, message):
            receipt.move_line_ids.lot_name = "XX-1"
        with self.assertRaisesRegex(
            UserError, r"'VC-12345' does not match the pattern VC-\\d\{4\}"
        ):
            receipt.move_line_ids.lot_name = "]C101" + GTIN + "21VC-12345"
        with self.assertRaisesRegex(UserError, r"'XX-2' does not match the pattern"):
            self.env["stock.move.line"].create(
                {
                    "move_id": receipt.move_ids.id,
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "lot_name": "XX-2",
                    "quantity": 1,
                    "location_id": receipt.location_id.id,
                    "location_dest_id": receipt.location_dest_id.id,
                }
            )

    def test_serial_scanned_into_a_receipt_is_refused_naming_the_pattern(self):
        receipt = self._receipt(quantity=2)
        Scan = self.env["serial.scan"]
        session = Scan.scan(receipt.name)["session"]
        answer = Scan.scan("]C101" + GTIN + "11250601" "21XX-5", session)
        self.assertEqual(answer["kind"], "error")
        self.assertIn(
            r"'XX-5' does not match the pattern VC-\d{4}, the serial format "
            r"of Vendor Components Inc",
            answer["message"],
        )
        answer = Scan.scan("]C101" + GTIN + "11250601" "21VC-0005", answer["session"])
        self.assertEqual(answer["kind"], "serial", answer["message"])
        self.assertEqual(
            receipt.move_line_ids.filtered("lot_name").mapped("lot_name"), ["VC-0005"]
        )

    def test_generate_and_import_dialogs_refuse_what_the_vendor_pattern_refuses(self):
        receipt = self._receipt(quantity=2)
        context = dict(
            self._lot_dialog_context(receipt),
            default_picking_id=receipt.id,
            default_location_id=receipt.location_id.id,
        )
        Move = self.env["stock.move"]
        with self.assertRaisesRegex(
            ValidationError,
            r"These serial numbers for Tracked Phone are refused; "
            r"nothing was added:\n - 'XX-001' does not match the pattern VC-\\d\{4\}, "
            r"the serial format of Vendor Components Inc for Tracked Phone\n "
            r"- 'XX-002'",
        ):
            Move.action_generate_lot_line_vals(context, "generate", "XX-001", 2, False)
        with self.assertRaisesRegex(
            ValidationError, r"'XX-9' does not match the pattern"
        ):
            Move.action_generate_lot_line_vals(
                context, "import", False, 0, "VC-0001\nXX-9"
            )
        self.assertEqual(
            len(
                Move.action_generate_lot_line_vals(
                    context, "import", False, 0, "VC-0001\nVC-0002"
                )
            ),
            2,
        )
        # A new receipt (not saved yet) names its vendor by the partner in the context.
        unsaved = dict(context, default_picking_id=False, address_in_id=self.vendor.id)
        with self.assertRaisesRegex(
            ValidationError, r"'XX-001' does not match the pattern"
        ):
            Move.action_generate_lot_line_vals(unsaved, "generate", "XX-001", 1, False)
        # A partner that is no record is left out, not crashed on; saving the lines
        # checks again.
        for odd in (2**40, "1; DROP", [1]):
            with self.subTest(address_in_id=odd):
                odd_context = dict(unsaved, address_in_id=odd)
                self.assertEqual(
                    len(
                        Move.action_generate_lot_line_vals(
                            odd_context, "generate", "XX-001", 1, False
                        )
                    ),
                    1,
                )

    def test_other_vendors_and_a_contact_of_the_vendor(self):
        self._receive(["XX-1"], partner=self.other_vendor)
        self.assertEqual(self._lots("XX-1").lifecycle_state, "available")
        contact = self.env["res.partner"].create(
            {"name": "Dock Office", "parent_id": self.vendor.id}
        )
        receipt = self._receipt(partner=contact)
        with self.assertRaisesRegex(
            UserError, "'XX-3' does not match the pattern .* of Vendor Components Inc"
        ):
            receipt.move_line_ids.lot_name = "XX-3"

    def test_pattern_set_after_typing_is_enforced_at_validation(self):
        receipt = self._receipt(partner=self.other_vendor, quantity=2)
        receipt.move_line_ids[0].lot_name = "OP-1"
        receipt.move_line_ids[1].lot_name = "OP-X"
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.other_vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "serial_pattern": r"OP-\d+",
            }
        )
        receipt.move_ids.picked = True
        message = (
            r"These serial numbers are refused:\n - 'OP-X' does not match "
            r"the pattern OP-\\d\+, "
            r"the serial format of Other Parts Ltd for Tracked Phone$"
        )
        with self.assertRaisesRegex(UserError, message):
            receipt.button_validate()
        self.assertEqual(receipt.state, "assigned")
        receipt.move_line_ids[1].lot_name = "OP-2"
        self._validate(receipt)

    def test_several_vendor_lines_accept_either_pattern(self):
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "min_qty": 100,
                "serial_pattern": r"VX-\d{6}",
            }
        )
        self._receive(["VC-0007", "VX-000007"])
        receipt = self._receipt()
        # In the order of the vendor lines (Odoo's: sequence, then the larger minimum
        # quantity first).
        with self.assertRaisesRegex(
            UserError,
            r"'VC-7' does not match any of the patterns VX-\\d\{6\} \| VC-\\d\{4\}",
        ):
            receipt.move_line_ids.lot_name = "VC-7"

    def test_a_serial_received_again_keeps_its_name(self):
        self.vendor_line.serial_pattern = False
        receipt = self._receive(["LEGACY-1"])
        lot = self._lots("LEGACY-1")
        self._return(receipt, lot)
        self.assertEqual(lot.lifecycle_state, "vendor_returned")
        self.vendor_line.serial_pattern = r"VC-\d{4}"
        self._receive(["LEGACY-1"])
        self.assertEqual(lot.lifecycle_state, "available")

    def test_vendor_line_of_another_company_does_not_apply(self):
        company_b = self.env["res.company"].create({"name": "Vendor Patterns B Ltd"})
        self.vendor_line.company_id = company_b
        self._receive(["XX-9"])
        self.assertEqual(self._lots("XX-9").lifecycle_state, "available")

    def test_bad_patterns_are_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"VC-\[ is not a valid regular expression"
        ):
            self.vendor_line.serial_pattern = "VC-["
        with self.assertRaisesRegex(ValidationError, "contains control characters"):
            self.vendor_line.serial_pattern = "VC-\x00"
        with self.assertRaisesRegex(
            ValidationError,
            r"Vendor Serial Pattern: 12 is not a pattern \(text expected\)",
        ):
            self.vendor_line.write({"serial_pattern": 12})
        self.assertEqual(self.vendor_line.serial_pattern, r"VC-\d{4}")

    def test_the_pattern_shows_on_the_product_vendor_lines(self):
        template = self.product.product_tmpl_id
        views = self.env["product.supplierinfo"].get_views(
            [(False, "list"), (False, "form")]
        )["views"]
        self.assertIn('name="serial_pattern"', views["list"]["arch"])
        self.assertIn('name="serial_pattern"', views["form"]["arch"])
        self.assertEqual(template.seller_ids.serial_pattern, r"VC-\d{4}")
        # Purchase's editable list of the product's vendors inherits the column.
        if "purchase.order" in self.env:
            view = self.env.ref("purchase.product_supplierinfo_tree_view2")
            arch = self.env["product.supplierinfo"].get_view(view.id, "list")["arch"]
            self.assertIn('name="serial_pattern"', arch)
