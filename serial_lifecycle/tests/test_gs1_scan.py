import datetime
import random

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import SerialLifecycleCase

from ..tools import gs1
from .test_gs1 import random_fields

GS = gs1.FNC1
GTIN = "07612345987651"
OTHER_GTIN = "07612345987668"


@tagged("post_install", "-at_install")
class TestGs1Scan(SerialLifecycleCase):
    """The server entry point: Odoo's GS1 nomenclature, our checks, products and serials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN[1:]  # stored as EAN-13, as most products are
        cls.other_product = cls.env["product.product"].create({
            "name": "Tracked Tablet", "is_storable": True, "tracking": "serial", "barcode": OTHER_GTIN,
        })
        cls.Lot = cls.env["stock.lot"]

    def test_production_date_rule_is_in_the_default_nomenclature(self):
        nomenclature = self.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        parts = nomenclature.parse_barcode("0107612345987651" "11250314" "21SN1")
        self.assertEqual([part["type"] for part in parts], ["product", "production_date", "lot"])
        self.assertEqual(parts[1]["value"], datetime.date(2025, 3, 14))

    def test_plain_serial_finds_the_lot(self):
        self._receive(["SCAN-001"])
        result = self.Lot._serial_scan_parse("SCAN-001\r\n")
        self.assertFalse(result["is_gs1"])
        self.assertEqual(result["lot"], self._lots("SCAN-001"))
        self.assertEqual(result["product"], self.product)

    def test_gs1_label_with_every_supported_date(self):
        self._receive(["SCAN-002"])
        result = self.Lot._serial_scan_parse("]C1" "0107612345987651" "11250314" "17280200" "10B7" "\x1d" "21SCAN-002")
        self.assertTrue(result["is_gs1"])
        self.assertEqual(result["gtin"], GTIN)
        self.assertEqual(result["product"], self.product)
        self.assertEqual(result["lot"], self._lots("SCAN-002"))
        self.assertEqual(result["serial"], "SCAN-002")
        self.assertEqual(result["lot_number"], "B7")
        self.assertEqual(result["production_date"], datetime.date(2025, 3, 14))
        self.assertEqual(result["expiration_date"], datetime.date(2028, 2, 29))

    def test_new_serial_on_a_label_is_returned_without_lot(self):
        result = self.Lot._serial_scan_parse("]d2" "0107612345987651" "21NEW-1<GS>11240101")
        self.assertFalse(result["lot"])
        self.assertEqual(result["serial"], "NEW-1")
        self.assertEqual(result["product"], self.product)
        self.assertEqual(result["production_date"], datetime.date(2024, 1, 1))

    def test_label_with_a_lot_only_gives_the_serial(self):
        result = self.Lot._serial_scan_parse("]C101" + GTIN + "10LOT-ONLY-1")
        self.assertEqual((result["serial"], result["lot_number"]), ("LOT-ONLY-1", "LOT-ONLY-1"))
        with self.assertRaisesRegex(UserError, "carries no serial \\(21\\) or lot \\(10\\)"):
            self.Lot._serial_scan_parse("]C101" + GTIN + "17300101")

    def test_refusals_name_the_problem(self):
        self._receive(["TABLET-1"], product=self.other_product)
        table = {
            "0107612345987652" "21A": "check digit of GTIN '07612345987652' is wrong",
            "0107612345987651" "21ABCDEFGHIJKLMNOPQRSTU": "'ABCDEFGHIJKLMNOPQRSTU' is longer than 20",
            "]C1" "0107612345987651" "21AB|CD": r"outside GS1 set 82: '\|'",
            "0107612345987651" "11251340" "21A": "production date: date '251340' has no month 13",
            "0100000000000017" "21A": "GTIN 00000000000017 is no known product",
            "0107612345987651" "21TABLET-1": "Serial TABLET-1 belongs to Tracked Tablet, not to Tracked Phone",
            "   ": "Nothing was scanned",
        }
        for text, message in table.items():
            with self.subTest(text=text), self.assertRaisesRegex(UserError, message):
                self.Lot._serial_scan_parse(text)

    def test_a_label_with_a_weight_reads_like_any_other(self):
        # (3103) net weight is in Odoo's nomenclature, not in our own splitter.
        self._receive(["WEIGHED-1"])
        result = self.Lot._serial_scan_parse("]C101" + GTIN + "3103000500" + "21WEIGHED-1")
        self.assertEqual((result["product"], result["lot"].name), (self.product, "WEIGHED-1"))

    def test_plain_serial_is_looked_up_whatever_its_characters(self):
        result = self.Lot._serial_scan_parse("NOT IN SET 82 #1")
        self.assertEqual(result["serial"], "NOT IN SET 82 #1")
        self.assertFalse(result["lot"])

    def test_plain_serial_of_another_product_than_the_document(self):
        self._receive(["TABLET-2"], product=self.other_product)
        with self.assertRaisesRegex(UserError, "Serial TABLET-2 belongs to Tracked Tablet, not to Tracked Phone"):
            self.Lot._serial_scan_parse("TABLET-2", product=self.product)

    def test_random_labels_through_odoo_nomenclature(self):
        """Property: random valid labels read by Odoo's parser give back their fields."""
        rng = random.Random(5)
        for _case in range(150):
            fields = random_fields(rng)
            fields[0] = ("01", GTIN)
            text = "]C1" + gs1.build_element_string(fields).replace(GS, rng.choice(("<GS>", "\x1d", "~1")))
            expected = dict(fields)
            result = self.Lot._serial_scan_parse(text)
            self.assertEqual(result["serial"], expected["21"], text)
            self.assertEqual(result["lot_number"], expected.get("10", False))
            self.assertEqual(result["product"], self.product)
            for ai, key in (("11", "production_date"), ("17", "expiration_date"), ("15", "use_date")):
                value = gs1.parse_gs1_date(expected[ai]) if ai in expected else False
                self.assertEqual(result[key], value, text)
