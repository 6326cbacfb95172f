from odoo.tests import BaseCase, tagged

from ..tools.serial_numbers import split_serial
from ..tools.serial_ranges import parse_serial_range, range_domain, serial_in_range


@tagged("post_install", "-at_install")
class TestSerialRangeHelpers(BaseCase):
    """The in-memory and the database form of a range say the same thing."""

    def test_domain_names_the_indexed_columns(self):
        bounds = parse_serial_range("SN-000100", "SN-000199")
        self.assertEqual(
            range_domain(bounds),
            [
                ("serial_prefix", "=", "SN-"),
                ("serial_numeric_key", ">=", "100".rjust(20, "0")),
                ("serial_numeric_key", "<=", "199".rjust(20, "0")),
                ("serial_suffix", "=", ""),
            ],
        )

    def test_in_range_compares_numbers_not_text(self):
        bounds = parse_serial_range("SN-99", "SN-0100")
        self.assertTrue(serial_in_range(split_serial("SN-99"), bounds))
        self.assertTrue(serial_in_range(split_serial("SN-000100"), bounds))
        self.assertFalse(serial_in_range(split_serial("SN-101"), bounds))
        self.assertFalse(serial_in_range(split_serial("SN-98"), bounds))

    def test_in_range_needs_the_same_prefix_and_suffix(self):
        bounds = parse_serial_range("SN-1-A", "SN-9-A")
        self.assertTrue(serial_in_range(split_serial("SN-5-A"), bounds))
        self.assertFalse(serial_in_range(split_serial("SN-5-B"), bounds))
        self.assertFalse(serial_in_range(split_serial("XN-5-A"), bounds))
        self.assertFalse(serial_in_range(split_serial("SN-5"), bounds))

    def test_missing_prefix_equals_empty_prefix(self):
        bounds = parse_serial_range("100", "200")
        self.assertEqual(bounds[0], "")
        self.assertTrue(serial_in_range((False, split_serial("150")[1], False), bounds))
        self.assertTrue(serial_in_range(("", split_serial("150")[1], None), bounds))

    def test_serial_without_digits_is_never_in_a_range(self):
        bounds = parse_serial_range("A1", "A9")
        self.assertFalse(serial_in_range(split_serial("ABC"), bounds))
        self.assertFalse(serial_in_range(("A", False, ""), bounds))
