from odoo.tests import tagged

from odoo.addons.serial_lifecycle.tests.common import MessageCase

from ..tools.serial_ranges import (
    SerialRangeError,
    parse_serial_list,
    parse_serial_range,
)


@tagged("post_install", "-at_install")
class TestSerialRanges(MessageCase):
    def test_range_gives_bounds_on_the_indexed_key(self):
        prefix, low, high, suffix = parse_serial_range("SN-000100", " SN-000999 ")
        self.assertEqual((prefix, suffix), ("SN-", ""))
        self.assertEqual(low, "100".rjust(20, "0"))
        self.assertEqual(high, "999".rjust(20, "0"))
        self.assertEqual(int(high) - int(low) + 1, 900)

    def test_bounds_of_different_widths_compare_as_numbers(self):
        _prefix, low, high, _suffix = parse_serial_range("SN-99", "SN-0100")
        self.assertLess(low, high)
        self.assertEqual((int(low), int(high)), (99, 100))

    def test_single_serial_range_and_suffix(self):
        self.assertEqual(parse_serial_range("A7-B", "A7-B")[3], "-B")

    def test_reversed_range_is_refused_naming_both_bounds(self):
        with self.assertRefusal(
            SerialRangeError, r"'SN-000999' to 'SN-000100' is reversed"
        ):
            parse_serial_range("SN-000999", "SN-000100")

    def test_mixed_prefixes_are_refused(self):
        with self.assertRefusal(
            SerialRangeError, r"'SN-000100' and 'XN-000999' have different prefixes"
        ):
            parse_serial_range("SN-000100", "XN-000999")

    def test_mixed_suffixes_are_refused(self):
        with self.assertRefusal(SerialRangeError, "end differently"):
            parse_serial_range("SN-1-A", "SN-9-B")

    def test_bound_without_number_or_missing_is_refused(self):
        with self.assertRefusal(SerialRangeError, "'ABC' has no number"):
            parse_serial_range("ABC", "ABD")
        with self.assertRefusal(SerialRangeError, "needs a first and a last serial"):
            parse_serial_range("SN-1", "")

    def test_pasted_list_accepts_common_separators_once_each(self):
        self.assertEqual(
            parse_serial_list("SN-1\nSN-2, SN-3;SN-1\tSN-4  \n\n"),
            ["SN-1", "SN-2", "SN-3", "SN-4"],
        )
        self.assertEqual(parse_serial_list(False), [])
