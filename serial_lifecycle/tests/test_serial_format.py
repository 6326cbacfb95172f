from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestSerialFormat(SerialLifecycleCase):
    def _import_serials(self, text, picking=None):
        picking = picking or self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        return self._lot_line_vals(picking, "import", lot_text=text)

    def test_surrounding_spaces_are_stripped(self):
        lot = self.env["stock.lot"].create(
            {"name": "  SF-001 \t", "product_id": self.product.id}
        )
        self.assertEqual(lot.name, "SF-001")
        self._receive([" SF-002 "])
        self.assertEqual(self._lots("SF-002").lifecycle_state, "available")

    def test_twenty_one_characters_are_refused(self):
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "A" * 21, "product_id": self.product.id}
            )
        self.assertIn(
            "is 21 characters long, more than the 20 allowed", str(refusal.exception)
        )
        self.assertIn("A" * 21, str(refusal.exception))
        self.env["stock.lot"].create({"name": "A" * 20, "product_id": self.product.id})

    def test_control_characters_are_refused(self):
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "SF\x1d001", "product_id": self.product.id}
            )
        self.assertIn("contains control characters", str(refusal.exception))

    def test_characters_outside_gs1_set_82_are_refused(self):
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "SF 001#", "product_id": self.product.id}
            )
        self.assertIn(
            "contains ' ' '#', outside GS1 character set 82", str(refusal.exception)
        )

    def test_letters_and_digits_only_from_the_category(self):
        self.category.serial_charset = "alphanumeric"
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "SF-001", "product_id": self.product.id}
            )
        self.assertIn("outside letters and digits", str(refusal.exception))
        self.env["stock.lot"].create({"name": "SF001", "product_id": self.product.id})

    def test_product_pattern_overrides_the_category(self):
        self.category.serial_charset = "alphanumeric"
        self.product.write(
            {"serial_custom_format": True, "serial_pattern": r"NW-\d{6}"}
        )
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "NW-12345", "product_id": self.product.id}
            )
        self.assertIn(r"does not match the pattern NW-\d{6}", str(refusal.exception))
        self.env["stock.lot"].create(
            {"name": "NW-123456", "product_id": self.product.id}
        )

    def test_an_invalid_pattern_is_refused_when_configured(self):
        with self.assertRaises(ValidationError) as refusal:
            self.category.serial_pattern = "SN-[0-9"
        self.assertIn(
            "SN-[0-9 is not a valid regular expression", str(refusal.exception)
        )

    def test_lot_tracked_products_are_free(self):
        lot_product = self.env["product.product"].create(
            {
                "name": "Cable reel",
                "is_storable": True,
                "tracking": "lot",
            }
        )
        lot = self.env["stock.lot"].create(
            {"name": "Batch 7 / 2026 (blue)" + "x" * 10, "product_id": lot_product.id}
        )
        self.assertTrue(lot)

    def test_a_refusal_lists_every_bad_line_and_creates_nothing(self):
        with self.assertRaises(ValidationError) as refusal:
            self._import_serials(
                "SF-101\nSF-102 with space\n" + "B" * 22 + "\nSF-101\nSF-104"
            )
        message = str(refusal.exception)
        self.assertIn("line 2: 'SF-102 with space' contains ' '", message)
        self.assertIn("line 3: '%s' is 22 characters long" % ("B" * 22), message)
        self.assertIn("'SF-101' is given more than once", message)
        self.assertNotIn("SF-104", message)
        self.assertFalse(self.env["stock.lot"].search([("name", "like", "SF-10")]))

    def test_a_good_pasted_list_is_accepted_stripped(self):
        values = self._import_serials("SF-201 \n SF-202\nSF-203")
        self.assertEqual(
            [vals["lot_name"] for vals in values], ["SF-201 ", " SF-202", "SF-203"]
        )
        picking = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        picking.move_ids.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": self.product.id,
                    "lot_name": vals["lot_name"],
                    "quantity": 1,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                }
            )
            for vals in values
        ]
        self._validate(picking)
        self.assertEqual(
            self._lots("SF-201", "SF-202", "SF-203").mapped("lifecycle_state"),
            ["available"] * 3,
        )

    def test_generated_serials_follow_the_rules(self):
        self.category.serial_max_length = 8
        picking = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=3
        )
        with self.assertRaises(ValidationError) as refusal:
            self._lot_line_vals(picking, "generate", "SN-000098", 3)
        self.assertIn(
            "line 1: 'SN-000098' is 9 characters long, more than the 8 allowed",
            str(refusal.exception),
        )

    def test_a_duplicate_in_the_same_receipt_is_refused(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        receipt.move_line_ids[0].lot_name = "SF-301"
        receipt.move_line_ids[1].lot_name = "SF-301 "
        receipt.move_ids.picked = True
        with self.assertRaises(ValidationError) as refusal:
            receipt.button_validate()
        self.assertIn("'SF-301' is given more than once", str(refusal.exception))
        self.assertNotEqual(receipt.state, "done")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "SF-301")]))

    def test_a_duplicate_against_the_database_is_refused(self):
        self.env["stock.lot"].create({"name": "SF-401", "product_id": self.product.id})
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                [
                    {"name": "SF-402", "product_id": self.product.id},
                    {"name": "SF-401", "product_id": self.product.id},
                ]
            )
        self.assertIn(
            "'SF-401' already exists for this product", str(refusal.exception)
        )
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "SF-402")]))

    def test_renaming_checks_the_rules(self):
        lot = self.env["stock.lot"].create(
            {"name": "SF-501", "product_id": self.product.id}
        )
        with self.assertRaises(ValidationError):
            lot.name = "SF 501"
        lot.name = " SF-0502 "
        self.assertEqual(
            (lot.name, lot.serial_prefix, lot.serial_numeric_key),
            ("SF-0502", "SF-", "502".rjust(20, "0")),
        )

    def test_prefix_and_number_are_stored_for_range_queries(self):
        self._receive(
            [
                "RG-000099",
                "RG-000100",
                "RG-000500",
                "RG-000999",
                "RG-001000",
                "RX-000500",
            ]
        )
        in_range = self.env["stock.lot"].search(
            [
                ("product_id", "=", self.product.id),
                ("serial_prefix", "=", "RG-"),
                ("serial_numeric_key", ">=", "100".rjust(20, "0")),
                ("serial_numeric_key", "<=", "999".rjust(20, "0")),
            ]
        )
        self.assertEqual(
            sorted(in_range.mapped("name")), ["RG-000100", "RG-000500", "RG-000999"]
        )


@tagged("post_install", "-at_install")
class TestSerialUniqueInDatabase(SerialLifecycleCase):
    """Two users receive the same serial at the same moment: one of them loses."""

    def test_concurrent_creation_hits_the_unique_index(self):
        registry = self.env.registry
        product_id = self.product.id
        # The product must be visible to the two new transactions.
        self.env.cr.execute("SAVEPOINT concurrent_test")
        with registry.cursor() as setup_cr:
            setup_env = self.env(cr=setup_cr)
            product = setup_env["product.product"].create(
                {
                    "name": "Concurrent Phone",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            product_id = product.id
        try:
            with registry.cursor() as cr_a, registry.cursor() as cr_b:
                env_a, env_b = self.env(cr=cr_a), self.env(cr=cr_b)
                # Both transactions take their snapshot before either writes,
                # as two receipts validated at the same second would.
                cr_a.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cr_b.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                env_a["stock.lot"].search_count([])
                env_b["stock.lot"].search_count([])
                env_a["stock.lot"].create(
                    {"name": "RACE-001", "product_id": product_id}
                )
                env_a.flush_all()
                cr_a.commit()
                # The loser reads which serial of which product exists, in plain words.
                with (
                    self.assertRaisesRegex(
                        ValidationError,
                        "Serial number RACE-001 of Concurrent Phone already "
                        "exists: another user saved it a moment ago",
                    ),
                    mute_logger("odoo.sql_db"),
                ):
                    env_b["stock.lot"].create(
                        {"name": "RACE-001", "product_id": product_id}
                    )
                    env_b.flush_all()
                cr_b.rollback()
        finally:
            with registry.cursor() as cleanup_cr:
                cleanup_cr.execute(
                    "DELETE FROM stock_lot WHERE product_id = %s", (product_id,)
                )
                cleanup_cr.execute(
                    "DELETE FROM product_product WHERE id = %s RETURNING "
                    "product_tmpl_id",
                    (product_id,),
                )
                cleanup_cr.execute(
                    "DELETE FROM product_template WHERE id = %s",
                    (cleanup_cr.fetchone()[0],),
                )

    def test_the_product_form_shows_the_rules_in_force_and_where_they_come_from(self):
        self.category.write(
            {
                "serial_max_length": 12,
                "serial_charset": "alphanumeric",
                "serial_pattern": False,
            }
        )
        template = self.product.product_tmpl_id
        self.assertEqual(
            template.serial_format_in_force,
            "at most 12 characters, Letters and digits only (from category "
            f"{self.category.display_name})",
        )
        template.write(
            {
                "serial_custom_format": True,
                "serial_max_length": 0,
                "serial_charset": "any",
                "serial_pattern": r"SN-\d+",
            }
        )
        self.assertEqual(
            template.serial_format_in_force,
            r"any length, Any printable character, matching SN-\d+ (from "
            r"this product's own rules)",
        )

    def test_a_serial_breaking_the_format_is_refused_on_the_receipt_line(self):
        """As it is typed on the line (onchange) and when the line is saved, not only at
        Validate."""
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        line = receipt.move_line_ids
        line.lot_name = False
        warning = line.new(
            {"lot_name": "A" * 21, "product_id": self.product.id}
        )._onchange_lot_name_serial_format()
        self.assertIn(
            "is 21 characters long, more than the 20 allowed",
            warning["warning"]["message"],
        )
        with self.assertRaisesRegex(
            UserError, "'A{21}' is 21 characters long, more than the 20 allowed"
        ):
            line.lot_name = "A" * 21
        self.assertFalse(line.lot_name)
        line.lot_name = "SF-LINE-1"
        self.assertEqual(line.lot_name, "SF-LINE-1")
