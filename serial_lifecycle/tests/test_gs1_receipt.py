import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase

GTIN = "07612345987651"


@tagged("post_install", "-at_install")
class TestGs1Receipt(SerialLifecycleCase):
    """A supplier's GS1 label scanned into a receipt line fills serial and dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN

    def test_receipt_reads_serial_and_production_date_from_labels(self):
        receipt = self._receive(
            [
                "]C101" + GTIN + "11250314" "21GS-001",
                "(01)" + GTIN + "(21)GS-002",
                "PLAIN-003",
            ]
        )
        self.assertEqual(receipt.state, "done")
        first, second, third = self._lots("GS-001", "GS-002", "PLAIN-003")
        self.assertEqual(first.production_date, datetime.date(2025, 3, 14))
        self.assertFalse(second.production_date)
        self.assertFalse(third.production_date)
        self.assertEqual(first.lifecycle_state, "available")
        self.assertEqual(self._events(first).mapped("event_type"), ["receipt"])

    def test_label_typed_on_an_existing_line(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        receipt.move_line_ids.lot_name = "01" + GTIN + "11240229" "21GS-010"
        self.assertEqual(receipt.move_line_ids.lot_name, "GS-010")
        self._validate(receipt)
        self.assertEqual(
            self._lots("GS-010").production_date, datetime.date(2024, 2, 29)
        )

    def test_label_of_another_product_is_refused(self):
        self.env["product.product"].create(
            {
                "name": "Tracked Tablet",
                "is_storable": True,
                "tracking": "serial",
                "barcode": "07612345987668",
            }
        )
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        with self.assertRaisesRegex(
            UserError, "GTIN 07612345987668 is Tracked Tablet, not Tracked Phone"
        ):
            receipt.move_line_ids.lot_name = "0107612345987668" "21GS-020"
        with self.assertRaisesRegex(UserError, "date '251340' has no month 13"):
            receipt.move_line_ids.lot_name = "01" + GTIN + "11251340" "21GS-020"
        self.assertFalse(receipt.move_line_ids.lot_name)

    def test_case_label_on_a_receipt_line_is_refused(self):
        """A case label names the product, not the unit: a receipt line needs the unit's
        serial."""
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        message = (
            "names Tracked Phone but no serial \\(21\\).*Scan the serial label "
            "of each unit"
        )
        with self.assertRaisesRegex(UserError, message):
            receipt.move_line_ids.lot_name = "]C101" + GTIN + "17300101"
        self.assertFalse(receipt.move_line_ids.lot_name)
        with self.assertRaisesRegex(UserError, message):
            self.env["stock.move.line"].create(
                {
                    "move_id": receipt.move_ids.id,
                    "picking_id": receipt.id,
                    "product_id": self.product.id,
                    "lot_name": "(01)" + GTIN + "(11)250314(17)300101",
                    "quantity": 1,
                    "location_id": receipt.location_id.id,
                    "location_dest_id": receipt.location_dest_id.id,
                }
            )

    def test_label_with_ais_odoo_lacks(self):
        """(240) and (22) between known AIs: the serial and the date are read all the
        same."""
        receipt = self._receive(
            [
                "]C101" + GTIN + "240ADD-1\x1d" "22CPV-7\x1d" "11250314" "21GS-240",
                "]d201" + GTIN + "70032802291430\x1d" "21GS-7003",
            ]
        )
        self.assertEqual(receipt.state, "done")
        first, second = self._lots("GS-240", "GS-7003")
        self.assertEqual(first.production_date, datetime.date(2025, 3, 14))
        self.assertFalse(second.production_date)

    def test_many_labels_are_read_in_one_batch(self):
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=1
        )
        receipt.move_line_ids.unlink()
        vals_list = [
            {
                "move_id": receipt.move_ids.id,
                "picking_id": receipt.id,
                "product_id": self.product.id,
                "lot_name": "]C101%s11250101" "21GS-B%03d" % (GTIN, number),
                "quantity": 1,
                "location_id": receipt.location_id.id,
                "location_dest_id": receipt.location_dest_id.id,
            }
            for number in range(30)
        ]
        self.env.flush_all()
        # Company, nomenclature, its GS1 rules (one query, then kept in the
        # registry's cache), products, lots: the same for 3 labels or 300.
        with self.assertQueryCount(__system__=6):
            self.env["stock.move.line"]._serial_scan_label_vals_list(vals_list)
        lines = self.env["stock.move.line"].create(vals_list)
        self.assertEqual(lines[29].lot_name, "GS-B029")
        self.assertEqual(
            set(lines.mapped("production_date")), {datetime.date(2025, 1, 1)}
        )
        self._validate(receipt)
        lots = self._lots(*("GS-B%03d" % number for number in range(30)))
        self.assertEqual(
            set(lots.mapped("production_date")), {datetime.date(2025, 1, 1)}
        )
        self.assertEqual(set(lots.mapped("lifecycle_state")), {"available"})
