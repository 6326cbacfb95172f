from odoo.tests import BaseCase, tagged

from ..tools.labels import gtin14, label_codes
from ..tools.serial_sequences import (
    format_serial,
    iso7064_mod37_36_check_character,
    luhn_check_digit,
    serial_series,
)


@tagged("post_install", "-at_install")
class TestSerialSequences(BaseCase):
    def test_luhn_digit_of_the_textbook_example(self):
        self.assertEqual(luhn_check_digit("7992739871"), "3")
        self.assertEqual(luhn_check_digit("0"), "0")
        with self.assertRaises(ValueError):
            luhn_check_digit("12A")

    def test_luhn_catches_every_single_digit_error(self):
        serial = "0001287"
        check = luhn_check_digit(serial)
        for position in range(len(serial)):
            for digit in "0123456789":
                if digit != serial[position]:
                    typo = serial[:position] + digit + serial[position + 1 :]
                    self.assertNotEqual(luhn_check_digit(typo), check, typo)

    def test_iso7064_mod37_36_of_the_standard_example(self):
        self.assertEqual(iso7064_mod37_36_check_character("A12425GABC1234002"), "M")
        # Dashes and case do not count.
        self.assertEqual(iso7064_mod37_36_check_character("a12425-gabc-1234002"), "M")

    def test_format_pads_and_appends_the_check_character(self):
        self.assertEqual(format_serial("LAP-", 127, 6), "LAP-000127")
        self.assertEqual(format_serial("LAP-", 127, 6, "luhn"), "LAP-0001271")
        self.assertEqual(
            format_serial("", 5, 3, "iso7064_mod37_36"),
            "005" + iso7064_mod37_36_check_character("005"),
        )
        # A number longer than the padding is kept whole, never cut.
        self.assertEqual(format_serial("X", 12345, 3), "X12345")

    def test_series_is_consecutive(self):
        self.assertEqual(serial_series("SN", 9, 3, 2), ["SN09", "SN10", "SN11"])
        self.assertEqual(serial_series("SN", 1, 0, 2), [])


@tagged("post_install", "-at_install")
class TestLabelCodes(BaseCase):
    def test_only_valid_gtins_are_put_on_labels(self):
        self.assertEqual(gtin14("9506000134352"), "09506000134352")
        self.assertEqual(gtin14("12345670"), "00000012345670")  # GTIN-8
        self.assertIsNone(gtin14("9506000134353"))  # wrong check digit
        self.assertIsNone(gtin14("LAPTOP-14"))
        self.assertIsNone(gtin14(False))

    def test_gs1_codes_when_the_product_has_a_gtin(self):
        self.assertEqual(
            label_codes("LAP-000001", "9506000134352"),
            {
                "gs1": True,
                "gtin": "09506000134352",
                "element_string": "010950600013435221LAP-000001",
                "human_readable": "(01)09506000134352(21)LAP-000001",
            },
        )

    def test_plain_serial_without_a_valid_gtin(self):
        codes = label_codes("LAP-000001", "9506000134353")
        self.assertFalse(codes["gs1"])
        self.assertEqual(codes["element_string"], "LAP-000001")
