import datetime
import random

from odoo.tests import BaseCase, tagged

from ..tools import gs1
from ..tools.serial_numbers import GS1_CHARSET_82

TODAY = datetime.date(2026, 11, 22)
GS = gs1.FNC1


def random_fields(rng):
    """A random valid list of (ai, value): GTIN, serial, and some optional AIs."""
    digits = "".join(rng.choice("0123456789") for _ in range(13))
    fields = [("01", digits + gs1.gtin_check_digit(digits))]
    optional = [
        ("10", "".join(rng.choice(sorted(GS1_CHARSET_82)) for _ in range(rng.randint(1, 20)))),
        ("11", gs1.format_gs1_date(TODAY + datetime.timedelta(days=rng.randint(-9000, 0)))),
        ("17", gs1.format_gs1_date(TODAY + datetime.timedelta(days=rng.randint(0, 9000)))),
        ("15", "%02d%02d00" % (rng.randint(0, 40), rng.randint(1, 12))),
    ]
    fields += rng.sample(optional, rng.randint(0, len(optional)))
    serial = "".join(rng.choice(sorted(GS1_CHARSET_82)) for _ in range(rng.randint(1, 20)))
    fields.insert(rng.randint(1, len(fields)), ("21", serial))
    return fields


@tagged("post_install", "-at_install")
class TestGs1Helpers(BaseCase):

    def test_check_digits_of_real_gtins(self):
        for gtin in ("09506000134352", "4006381333931", "036000291452", "96385074", "00012345600012"):
            with self.subTest(gtin=gtin):
                gs1.check_gtin(gtin)
        with self.assertRaisesRegex(gs1.Gs1Error, r"check digit of GTIN '09506000134353' is wrong \(expected 2\)"):
            gs1.check_gtin("09506000134353")
        with self.assertRaisesRegex(gs1.Gs1Error, "must have 8, 12, 13 or 14 digits"):
            gs1.check_gtin("123")

    def test_gtin_variants_match_product_barcodes(self):
        self.assertEqual(gs1.gtin_variants("04006381333931"), ["04006381333931", "4006381333931"])
        self.assertEqual(gs1.gtin_variants("00036000291452"), ["00036000291452", "0036000291452", "036000291452"])
        self.assertEqual(gs1.gtin_variants("19506000134359"), ["19506000134359"])

    def test_dates(self):
        table = {
            "251231": datetime.date(2025, 12, 31),
            "250200": datetime.date(2025, 2, 28),  # DD=00: last day of the month
            "240200": datetime.date(2024, 2, 29),
            "990101": datetime.date(1999, 1, 1),  # more than 49 years ahead: last century
            "760101": datetime.date(2076, 1, 1),
        }
        for value, expected in table.items():
            with self.subTest(value=value):
                self.assertEqual(gs1.parse_gs1_date(value, TODAY), expected)
        for value, message in {
            "251340": "has no month 13",
            "250230": "has no day 30 in month 02",
            "250132": "has no day 32",
            "2512": "must be 6 digits",
            "25123A": "must be 6 digits",
        }.items():
            with self.subTest(value=value), self.assertRaisesRegex(gs1.Gs1Error, message):
                gs1.parse_gs1_date(value, TODAY)

    def test_normalize_prefixes_and_separators(self):
        expected = [("01", "09506000134352"), ("21", "SN-1"), ("17", "261231")]
        for scanned in (
            "]C10109506000134352" "21SN-1\x1d17261231",
            "]d20109506000134352" "21SN-1<GS>17261231",
            "]Q30109506000134352" "21SN-1~117261231",
            "]e00109506000134352" "21SN-1^17261231",
            "0109506000134352" "21SN-1\\F17261231",
            "\x1d0109506000134352" "21SN-1#17261231",
            "(01)09506000134352(21)SN-1(17)261231",
            " 0109506000134352" "21SN-1\x1d17261231\r\n",
        ):
            with self.subTest(scanned=scanned):
                normalized, is_gs1 = gs1.normalize_element_string(scanned)
                self.assertTrue(is_gs1)
                self.assertEqual(gs1.split_element_string(normalized), expected)

    def test_plain_serials_are_not_gs1(self):
        for scanned in ("SN-0001", "0123", "01234567890123", "ABC<>", "SN#12", "A^B", "X<GS>Y"):
            with self.subTest(scanned=scanned):
                self.assertEqual(gs1.normalize_element_string(scanned), (scanned, False))

    def test_split_table(self):
        table = {
            "0109506000134352" "21ABC123": [("01", "09506000134352"), ("21", "ABC123")],
            "0109506000134352" "11250101" "17270630" "10L-7" + GS + "21X/1":
                [("01", "09506000134352"), ("11", "250101"), ("17", "270630"), ("10", "L-7"), ("21", "X/1")],
            "21SN9" + GS + "0109506000134352": [("21", "SN9"), ("01", "09506000134352")],
            "00106141411234567890" "15260300": [("00", "106141411234567890"), ("15", "260300")],
            "0104006381333931" "3712" + GS + "21A": [("01", "04006381333931"), ("37", "12"), ("21", "A")],
        }
        for text, expected in table.items():
            with self.subTest(text=text):
                fields = gs1.split_element_string(text)
                self.assertEqual(fields, expected)
                gs1.check_fields(fields, TODAY)

    def test_failures_name_the_problem(self):
        table = {
            "0109506000134353" "21A": r"check digit of GTIN '09506000134353' is wrong",
            "0109506000134352" "21ABCDEFGHIJKLMNOPQRSTU": r"serial 'ABCDEFGHIJKLMNOPQRSTU' is longer than 20",
            "0109506000134352" "21AB CD": r"serial 'AB CD' has characters outside GS1 set 82: ' '",
            "0109506000134352" "11251340" "21A": r"production date: date '251340' has no month 13",
            "0109506000134352" "17250231" "21A": r"expiry date: date '250231' has no day 31",
            "01123": r"\(01\) GTIN '123' must be 14 digits",
            "0109506000134352" "99XYZ": r"unknown application identifier at '99XY'",
            "0109506000134352" "21": r"serial is empty",
        }
        for text, message in table.items():
            with self.subTest(text=text), self.assertRaisesRegex(gs1.Gs1Error, message):
                gs1.check_fields(gs1.split_element_string(text), TODAY)

    def test_random_strings_build_and_parse_back(self):
        """Property: any valid field list, built with any separator style, parses back to itself."""
        rng = random.Random(20261122)
        for case in range(2000):
            fields = random_fields(rng)
            text = gs1.build_element_string(fields)
            style = case % 4
            if style == 1:
                text = rng.choice(gs1.SYMBOLOGY_PREFIXES) + text.replace(GS, rng.choice(gs1.FNC1_STAND_INS))
            elif style == 2:
                text = GS + text  # GS1-128 starts with FNC1
            elif style == 3:
                text = "]d2" + text
            normalized, is_gs1 = gs1.normalize_element_string(text)
            self.assertTrue(is_gs1, text)
            # No subTest per case: 2,000 generated cases are one property,
            # and the failing string is in the message.
            parsed = gs1.split_element_string(normalized)
            self.assertEqual(parsed, fields, text)
            gs1.check_fields(parsed, TODAY)

    def test_human_readable(self):
        fields = [("01", "09506000134352"), ("21", "SN1")]
        self.assertEqual(gs1.human_readable(fields), "(01)09506000134352(21)SN1")
        normalized = gs1.normalize_element_string(gs1.human_readable(fields))[0]
        self.assertEqual(gs1.split_element_string(normalized), fields)
