from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestSerialGeneration(SerialLifecycleCase):
    def setUp(self):
        super().setUp()
        self.product.product_tmpl_id.write(
            {
                "serial_sequence_use": True,
                "serial_sequence_prefix": "LAP-",
                "serial_sequence_padding": 6,
                "serial_sequence_check": "luhn",
                "serial_sequence_next": 127,
            }
        )

    def _generate_and_validate(self, picking, first_lot, count):
        """Generate serials in the receipt's dialog, keep them as its lines,
        validate."""
        line_vals = self._lot_line_vals(picking, "generate", first_lot, count)
        # The web client sends many2one values back as ids.
        picking.move_ids.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    key: value["id"] if isinstance(value, dict) else value
                    for key, value in vals.items()
                }
            )
            for vals in line_vals
        ]
        self._validate(picking)
        return [vals["lot_name"] for vals in line_vals]

    def test_an_empty_first_serial_continues_the_template(self):
        template = self.product.product_tmpl_id
        self.assertEqual(template.serial_sequence_example, "LAP-0001271")
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        names = self._generate_and_validate(receipt, "", 3)
        self.assertEqual(names, ["LAP-0001271", "LAP-0001289", "LAP-0001297"])
        self.assertEqual(
            self._lots(*names).mapped("lifecycle_state"), ["available"] * 3
        )
        self.assertEqual(template.serial_sequence_next, 130)
        self.assertEqual(template.serial_sequence_example, "LAP-0001305")
        # The next receipt goes on from there.
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        self.assertEqual(
            self._generate_and_validate(receipt, False, 1), ["LAP-0001305"]
        )

    def test_a_typed_first_serial_wins_and_keeps_the_counter(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        self.assertEqual(
            self._generate_and_validate(receipt, "OLD-0099", 2),
            ["OLD-0099", "OLD-0100"],
        )
        self.assertEqual(self.product.serial_sequence_next, 127)

    def test_template_serials_obey_the_format_rules_and_take_nothing_when_refused(self):
        self.category.serial_max_length = 10
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        with self.assertRaises(ValidationError) as refusal, self.env.cr.savepoint():
            self._lot_line_vals(receipt, "generate", "", 2)
        self.assertIn(
            "line 1: 'LAP-0001271' is 11 characters long, more than the 10 allowed",
            str(refusal.exception),
        )
        self.assertEqual(self.product.serial_sequence_next, 127)

    def test_the_move_field_path_uses_the_template_too(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        receipt.move_ids.move_line_ids.unlink()
        receipt.move_ids._generate_serial_numbers(False, 2)
        self.assertEqual(
            receipt.move_line_ids.mapped("lot_name"), ["LAP-0001271", "LAP-0001289"]
        )
        self._validate(receipt)

    def test_manufacturing_asks_the_template_for_the_next_serial(self):
        self.assertEqual(
            self.env["stock.lot"]._get_next_serial(self.env.company, self.product),
            "LAP-0001271",
        )
        self.assertEqual(
            self.env["stock.lot"]._get_next_serial(self.env.company, self.product),
            "LAP-0001289",
        )

    def test_iso7064_check_character(self):
        self.product.serial_sequence_check = "iso7064_mod37_36"
        self.product.serial_sequence_prefix = "A12425GABC"
        self.product.serial_sequence_padding = 7
        self.product.serial_sequence_next = 1234002
        self.assertEqual(self.product.serial_sequence_example, "A12425GABC1234002M")

    def test_bad_templates_are_refused_with_the_value(self):
        template = self.product.product_tmpl_id
        with self.assertRaises(ValidationError) as refusal:
            template.serial_sequence_padding = 0
        self.assertIn(
            "Serial digits must be between 1 and 18, not 0", str(refusal.exception)
        )
        with self.assertRaises(ValidationError) as refusal:
            template.serial_sequence_prefix = "LAP 1-"
        self.assertIn("'LAP 1-' may not contain spaces", str(refusal.exception))
        with self.assertRaises(ValidationError) as refusal:
            template.serial_sequence_next = -5
        self.assertIn("cannot be negative (-5)", str(refusal.exception))
