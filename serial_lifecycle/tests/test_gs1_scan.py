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
SSCC = "106141411234567897"


@tagged("post_install", "-at_install")
class TestGs1Scan(SerialLifecycleCase):
    """The server entry point: Odoo's GS1 nomenclature, our checks, products and
    serials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = GTIN[1:]  # stored as EAN-13, as most products are
        cls.other_product = cls.env["product.product"].create(
            {
                "name": "Tracked Tablet",
                "is_storable": True,
                "tracking": "serial",
                "barcode": OTHER_GTIN,
            }
        )
        cls.Lot = cls.env["stock.lot"]
        cls.Scan = cls.env["serial.scan"]
        cls.shelf.barcode = "SHELF-G"
        cls.nomenclatures = (
            cls.env.ref("barcodes.default_barcode_nomenclature"),
            cls.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature"),
        )

    def test_production_date_rule_is_in_the_default_nomenclature(self):
        nomenclature = self.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )
        parts = nomenclature.parse_barcode("0107612345987651" "11250314" "21SN1")
        self.assertEqual(
            [part["type"] for part in parts], ["product", "production_date", "lot"]
        )
        self.assertEqual(parts[1]["value"], datetime.date(2025, 3, 14))

    def test_plain_serial_finds_the_lot(self):
        self._receive(["SCAN-001"])
        result = self.Lot._serial_scan_parse("SCAN-001\r\n")
        self.assertFalse(result["is_gs1"])
        self.assertEqual(result["lot"], self._lots("SCAN-001"))
        self.assertEqual(result["product"], self.product)

    def test_gs1_label_with_every_supported_date(self):
        self._receive(["SCAN-002"])
        result = self.Lot._serial_scan_parse(
            "]C1" "0107612345987651" "11250314" "17280200" "10B7" "\x1d" "21SCAN-002"
        )
        self.assertTrue(result["is_gs1"])
        self.assertEqual(result["gtin"], GTIN)
        self.assertEqual(result["product"], self.product)
        self.assertEqual(result["lot"], self._lots("SCAN-002"))
        self.assertEqual(result["serial"], "SCAN-002")
        self.assertEqual(result["lot_number"], "B7")
        self.assertEqual(result["production_date"], datetime.date(2025, 3, 14))
        self.assertEqual(result["expiration_date"], datetime.date(2028, 2, 29))

    def test_new_serial_on_a_label_is_returned_without_lot(self):
        result = self.Lot._serial_scan_parse(
            "]d2" "0107612345987651" "21NEW-1<GS>11240101"
        )
        self.assertFalse(result["lot"])
        self.assertEqual(result["serial"], "NEW-1")
        self.assertEqual(result["product"], self.product)
        self.assertEqual(result["production_date"], datetime.date(2024, 1, 1))

    def test_label_with_a_lot_only_gives_the_serial(self):
        result = self.Lot._serial_scan_parse("]C101" + GTIN + "10LOT-ONLY-1")
        self.assertEqual(
            (result["serial"], result["lot_number"]), ("LOT-ONLY-1", "LOT-ONLY-1")
        )

    def test_case_label_gives_the_product_and_dates(self):
        """A GTIN and dates, no (21) nor (10): what a case label says, read as it is."""
        for text in (
            "]C101" + GTIN + "17300101",
            "]C101" + GTIN + "11250314" "17280200",
            # SSCC, GTIN of the contained items, their count, expiry
            "]C1" "00" + SSCC + "02" + GTIN + "3712" + GS + "17280200",
        ):
            with self.subTest(text=text):
                result = self.Lot._serial_scan_parse(text)
                self.assertTrue(result["is_gs1"])
                self.assertEqual(
                    (result["gtin"], result["product"]), (GTIN, self.product)
                )
                self.assertIs(result["serial"], False)
                self.assertIs(result["lot_number"], False)
                self.assertEqual(result["lot"], self.Lot)
                self.assertTrue(result["expiration_date"])
        self.assertEqual(
            self.Lot._serial_scan_parse("]C101" + GTIN + "11250314" "17280200")[
                "production_date"
            ],
            datetime.date(2025, 3, 14),
        )

    def test_case_label_is_refused_where_a_unit_is_needed(self):
        with self.assertRaisesRegex(
            UserError, "names Tracked Phone but no serial \\(21\\).*serial label"
        ):
            self.Lot._serial_scan_parse(
                "]C101" + GTIN + "17300101", require_serial=True
            )
        results = self.Lot._serial_scan_parse_batch(
            ["]C101" + GTIN + "17300101", "]C101" + GTIN + "21OK-1"],
            require_serial=True,
        )
        self.assertIsInstance(results[0], UserError)
        self.assertEqual(results[1]["serial"], "OK-1")
        # Neither a product nor a serial: nothing to show at all.
        with self.assertRaisesRegex(
            UserError,
            "names no product \\(01\\) and no serial \\(21\\) or lot \\(10\\)",
        ):
            self.Lot._serial_scan_parse("]C1" "00" + SSCC + "17300101")

    def test_ais_that_odoo_lacks_are_read_between_known_ones(self):
        """(240), (22), (7003), (3232) (whose rule in Odoo's data reads 322x), (98):
        none aborts the label."""
        self._receive(["AI-1"])
        for nomenclature in self.nomenclatures:
            self.env.company.nomenclature_id = nomenclature
            for text in (
                "]C101" + GTIN + "240ADD-7" + GS + "22CPV-1" + GS + "11250314"
                "21AI-1" + GS + "17280200",
                "]d2"
                "01" + GTIN + "70032802291430" + GS + "3232000150"
                "21AI-1" + GS + "98INTERNAL",
                "(01)" + GTIN + "(4330)001234-(11)250314(21)AI-1",
            ):
                with self.subTest(nomenclature=nomenclature.name, text=text):
                    result = self.Lot._serial_scan_parse(text)
                    self.assertEqual(
                        (result["product"], result["lot"], result["serial"]),
                        (self.product, self._lots("AI-1"), "AI-1"),
                    )
                    if "11250314" in text or "(11)" in text:
                        self.assertEqual(
                            result["production_date"], datetime.date(2025, 3, 14)
                        )

    def test_what_is_not_gs1_is_still_refused(self):
        table = {
            "]C101"
            + GTIN
            + "5512X"
            + GS
            + "21A": "unknown application identifier at '5512'",
            "]C101"
            + GTIN
            + "240"
            + "A" * 31
            + GS
            + "21A": r"\(240\) ADDITIONAL ID 'A+' is longer than 30",
            "]C101"
            + GTIN
            + "7003280229"
            + GS
            + "21A": r"\(7003\) EXPIRY TIME '280229' is too short",
            "]C101"
            + GTIN
            + "70032802301430"
            + GS
            + "21A": r"\(7003\) EXPIRY TIME: date '280230' has no day 30",
            "]C101" + GTIN + "17280230"
            "21A": "expiry date: date '280230' has no day 30",
            "]C1"
            "00106141411234567891"
            "02" + GTIN + "3712": "check digit of SSCC '106141411234567891' is wrong",
        }
        for nomenclature in self.nomenclatures:
            self.env.company.nomenclature_id = nomenclature
            for text, message in table.items():
                with (
                    self.subTest(nomenclature=nomenclature.name, text=text),
                    self.assertRaisesRegex(UserError, "GS1 label refused: " + message),
                ):
                    self.Lot._serial_scan_parse(text)

    def test_rules_are_read_once_until_one_changes(self):
        gs1_nomenclature = self.nomenclatures[1]
        self.env.company.nomenclature_id = gs1_nomenclature
        label = "]C101" + GTIN + "11250314" "21RULE-1"
        self.assertEqual(
            self.Lot._serial_scan_parse(label)["production_date"],
            datetime.date(2025, 3, 14),
        )
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            self.Lot._serial_scan_gs1_rules(gs1_nomenclature.id)
        # The cache follows every change of a rule: write, unlink, create.
        rule = self.env.ref("serial_lifecycle.barcode_rule_gs1_11")
        rule.type = "pack_date"
        result = self.Lot._serial_scan_parse(label)
        self.assertEqual(
            (result["production_date"], result["pack_date"]),
            (False, datetime.date(2025, 3, 14)),
        )
        rule.unlink()
        result = self.Lot._serial_scan_parse(label)
        self.assertEqual(
            (result["production_date"], result["pack_date"], result["serial"]),
            (False, False, "RULE-1"),
        )
        self.env["barcode.rule"].create(
            {
                "name": "Production date",
                "barcode_nomenclature_id": gs1_nomenclature.id,
                "sequence": 136,
                "encoding": "gs1-128",
                "pattern": r"(11)(\d{6})",
                "type": "production_date",
                "gs1_content_type": "date",
            }
        )
        self.assertEqual(
            self.Lot._serial_scan_parse(label)["production_date"],
            datetime.date(2025, 3, 14),
        )

    def test_a_scan_reads_no_rule(self):
        """Company, nomenclature, products, lots: the same few queries with either
        nomenclature."""
        self._receive(["COUNTED-1"])
        label = "]C101" + GTIN + "240ADD" + GS + "11250314" "21COUNTED-1"
        for nomenclature in self.nomenclatures:
            with self.subTest(nomenclature=nomenclature.name):
                self.env.company.nomenclature_id = nomenclature
                self.Lot._serial_scan_parse(label)  # the rules, once
                self.env.invalidate_all()
                with self.assertQueryCount(__system__=4):
                    self.assertEqual(
                        self.Lot._serial_scan_parse(label)["lot"].name, "COUNTED-1"
                    )

    def test_company_fnc1_separator(self):
        """A GS1 nomenclature's own FNC1 stand-in (a regex) separates fields too."""
        nomenclature = self.nomenclatures[1]
        nomenclature.gs1_separator_fnc1 = "(@@|Alt029|#|\x1d)"
        self.env.company.nomenclature_id = nomenclature
        result = self.Lot._serial_scan_parse("]C101" + GTIN + "10LOT-9@@21SEP-1")
        self.assertEqual((result["lot_number"], result["serial"]), ("LOT-9", "SEP-1"))

    def test_scan_screen_answers_a_case_label(self):
        """The scan screen names the product and asks for a unit's label; nothing is
        written."""
        self._receive(["CASE-1"])
        receipt = self._create_picking(
            self.warehouse.in_type_id, self.vendor, quantity=2
        )
        case_label = "]C101" + GTIN + "17300101"
        sessions = [
            {"scanned": []},
            self.Scan.scan("SHELF-G")["session"],
            self.Scan.scan(receipt.name)["session"],
        ]
        for session in sessions:
            with self.subTest(session=session):
                answer = self.Scan.scan(case_label, dict(session))
                self.assertEqual(answer["kind"], "error")
                self.assertIn("Tracked Phone", answer["message"])
                self.assertIn(
                    "Scan the serial label of each unit to receive, move or count it.",
                    answer["message"],
                )
                self.assertEqual(answer["session"], session)
        self.assertFalse(receipt.move_line_ids.filtered("lot_name"))
        self.assertFalse(receipt.move_line_ids.filtered("picked"))
        self.assertEqual(self._lots("CASE-1").lifecycle_state, "available")
        self.assertEqual(self.Scan.scan("]C101" + GTIN + "21CASE-1")["kind"], "serial")

    def test_count_refuses_a_case_label(self):
        count = self.env["stock.serial.count"].create(
            {
                "location_id": self.stock_location.id,
                "scanned_serials": "]C101"
                + GTIN
                + "21CNT-1\n]C101"
                + GTIN
                + "17300101",
            }
        )
        with self.assertRaisesRegex(
            UserError, "line 2 .*names Tracked Phone but no serial"
        ):
            count.action_check()

    def test_refusals_name_the_problem(self):
        self._receive(["TABLET-1"], product=self.other_product)
        table = {
            "0107612345987652" "21A": "check digit of GTIN '07612345987652' is wrong",
            "0107612345987651"
            "21ABCDEFGHIJKLMNOPQRSTU": "'ABCDEFGHIJKLMNOPQRSTU' is longer than 20",
            "]C1" "0107612345987651" "21AB|CD": r"outside GS1 set 82: '\|'",
            "0107612345987651"
            "11251340"
            "21A": "production date: date '251340' has no month 13",
            "0100000000000017" "21A": "GTIN 00000000000017 is no known product",
            "0107612345987651"
            "21TABLET-1": "Serial TABLET-1 belongs to Tracked Tablet, not to Tracked "
            "Phone",
            "   ": "Nothing was scanned",
        }
        for text, message in table.items():
            with self.subTest(text=text), self.assertRaisesRegex(UserError, message):
                self.Lot._serial_scan_parse(text)

    def test_a_label_with_a_weight_reads_like_any_other(self):
        # (3103) net weight: a rule of Odoo's nomenclature, an AI of GS1's table.
        self._receive(["WEIGHED-1"])
        result = self.Lot._serial_scan_parse(
            "]C101" + GTIN + "3103000500" + "21WEIGHED-1"
        )
        self.assertEqual(
            (result["product"], result["lot"].name), (self.product, "WEIGHED-1")
        )

    def test_plain_serial_is_looked_up_whatever_its_characters(self):
        result = self.Lot._serial_scan_parse("NOT IN SET 82 #1")
        self.assertEqual(result["serial"], "NOT IN SET 82 #1")
        self.assertFalse(result["lot"])

    def test_plain_serial_of_another_product_than_the_document(self):
        self._receive(["TABLET-2"], product=self.other_product)
        with self.assertRaisesRegex(
            UserError, "Serial TABLET-2 belongs to Tracked Tablet, not to Tracked Phone"
        ):
            self.Lot._serial_scan_parse("TABLET-2", product=self.product)

    def test_random_labels_through_odoo_nomenclature(self):
        """Property: random valid labels, read with Odoo's GS1 rules, give back their
        fields."""
        rng = random.Random(5)
        for case in range(150):
            self.env.company.nomenclature_id = self.nomenclatures[case % 2]
            fields = random_fields(rng)
            fields[0] = ("01", GTIN)
            text = "]C1" + gs1.build_element_string(fields).replace(
                GS, rng.choice(("<GS>", "\x1d", "~1"))
            )
            expected = dict(fields)
            result = self.Lot._serial_scan_parse(text)
            self.assertEqual(result["serial"], expected["21"], text)
            self.assertEqual(result["lot_number"], expected.get("10", False))
            self.assertEqual(result["product"], self.product)
            for ai, key in (
                ("11", "production_date"),
                ("17", "expiration_date"),
                ("15", "use_date"),
            ):
                value = gs1.parse_gs1_date(expected[ai]) if ai in expected else False
                self.assertEqual(result[key], value, text)
