from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..hooks import report_serial_formats
from .common import SerialLifecycleCase


@tagged("post_install", "-at_install")
class TestFormatRulesAtInstall(SerialLifecycleCase):
    """Installed on a database whose serials break the default format rule
    (GS1 set 82, at most 20 characters), the module reports the rule on their
    category instead of enforcing it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.legacy_category = cls.env["product.category"].create(
            {"name": "Legacy Serials"}
        )
        cls.legacy_product = cls.env["product.product"].create(
            {
                "name": "Legacy Scanner",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.legacy_category.id,
            }
        )
        # Serials of the same category that its rules do not judge: a product
        # with its own format, a lot-tracked product.
        cls.own_format_product = cls.env["product.product"].create(
            {
                "name": "Scanner With Own Format",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.legacy_category.id,
                "serial_custom_format": True,
                "serial_max_length": 0,
                "serial_charset": "any",
            }
        )
        cls.lot_product = cls.env["product.product"].create(
            {
                "name": "Cable By Lot",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.legacy_category.id,
            }
        )
        # What Odoo alone let users save; stock.lot's create refuses them now.
        cls.breaking = cls._insert_lots(
            cls.legacy_product, ["serial 1", "SN-" + "0" * 18, "SN#7", "SN\x1d8"]
        )
        cls.good = cls._insert_lots(
            cls.legacy_product, ["SN-0001", "a!\"%&'()*+,-./:;<=>?"]
        )
        cls._insert_lots(cls.own_format_product, ["own serial 1"])
        cls._insert_lots(cls.lot_product, ["lot 1"])
        cls._insert_lots(cls.product, ["SN-GOOD-1"])

    @classmethod
    def _insert_lots(cls, product, names):
        """Serials written as Odoo alone wrote them, past our checks."""
        cls.env.flush_all()
        cls.env.cr.execute(
            """
            INSERT INTO stock_lot (name, product_id, company_id, lifecycle_state,
                                   create_uid, create_date, write_uid, write_date)
            SELECT name, %s, %s, 'available', %s, now(), %s, now() FROM
                unnest(%s::varchar[]) AS name
         RETURNING id
        """,
            (product.id, cls.env.company.id, cls.env.uid, cls.env.uid, names),
        )
        return cls.env["stock.lot"].browse(row[0] for row in cls.env.cr.fetchall())

    def test_category_with_breaking_serials_reports_its_rule(self):
        reported = report_serial_formats(self.env)

        self.assertEqual(reported.get(self.legacy_category), 4)
        self.assertNotIn(self.category, reported)
        self.assertFalse(self.legacy_category.serial_format_enforced)
        self.assertTrue(self.category.serial_format_enforced)
        self.assertEqual(self.legacy_category.serial_format_breaking_count, 4)
        action = self.legacy_category.action_view_serials_breaking_format()
        self.assertEqual(action["res_model"], "stock.lot")
        self.assertEqual(self.env["stock.lot"].search(action["domain"]), self.breaking)
        self.assertIn(
            "reported, not enforced", self.legacy_product.serial_format_in_force
        )

    def test_new_breaking_serial_accepted_until_enforced(self):
        report_serial_formats(self.env)

        receipt = self._receive(["serial 2"], product=self.legacy_product)
        self.assertEqual(receipt.move_line_ids.lot_id.name, "serial 2")
        self.assertEqual(receipt.move_line_ids.lot_id.lifecycle_state, "available")
        # Every serial obeys what Odoo and the labels need, enforced or not.
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "serial\x1d3", "product_id": self.legacy_product.id}
            )
        self.assertIn("contains control characters", str(refusal.exception))

        with Form(self.legacy_category) as category:
            category.serial_format_enforced = True
        self.assertEqual(self.legacy_category.serial_format_breaking_count, 5)
        self.assertNotIn("reported", self.legacy_product.serial_format_in_force)
        # Refused on the receipt line as it is typed, naming the rule.
        with self.assertRaises(UserError) as refusal:
            self._receive(["serial 4"], product=self.legacy_product)
        self.assertIn(
            "'serial 4' contains ' ', outside GS1 character set 82",
            str(refusal.exception),
        )
        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "SN-" + "9" * 18, "product_id": self.legacy_product.id}
            )
        self.assertIn(
            "is 21 characters long, more than the 20 allowed", str(refusal.exception)
        )

    def test_own_format_is_enforced_in_a_reported_category(self):
        report_serial_formats(self.env)
        self.own_format_product.serial_pattern = r"OWN-\d+"

        with self.assertRaises(ValidationError) as refusal:
            self.env["stock.lot"].create(
                {"name": "own serial 2", "product_id": self.own_format_product.id}
            )
        self.assertIn(r"does not match the pattern OWN-\d+", str(refusal.exception))

    def test_pattern_is_checked_as_python_reads_it(self):
        # \d and (?i) are read differently by PostgreSQL: a pattern is checked
        # by check_serial() on batches of serials, not in SQL.
        self.legacy_category.serial_pattern = r"(?i)sn-\d{4}"
        self.env.flush_all()

        breaking = self.legacy_category._serial_format_breaking_lot_ids()[
            self.legacy_category.id
        ]
        self.assertEqual(
            self.env["stock.lot"].browse(breaking), self.breaking | self.good[1]
        )

    def test_running_again_leaves_enforced_categories_alone(self):
        report_serial_formats(self.env)
        self.legacy_category.serial_format_enforced = True
        self.env["stock.lot"].browse(self.breaking.ids).unlink()

        self.assertEqual(
            report_serial_formats(self.env).get(self.legacy_category), None
        )
        self.assertTrue(self.legacy_category.serial_format_enforced)
        self.assertEqual(self.legacy_category.serial_format_breaking_count, 0)
