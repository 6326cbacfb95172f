from odoo.tests import tagged

from ..tools.serial_numbers import (
    GS1_CHARSET_82,
    check_format_rules,
    check_serial,
    find_duplicates,
    normalize_serial,
    numeric_key,
    split_serial,
)
from .common import MessageCase


@tagged("post_install", "-at_install")
class TestSerialNumbers(MessageCase):
    def check(self, *args, **kwargs):
        """The reasons of check_serial() as the user reads them."""
        return [self.words(reason) for reason in check_serial(*args, **kwargs)]

    def test_gs1_set_82_has_82_characters(self):
        self.assertEqual(len(GS1_CHARSET_82), 82)
        self.assertNotIn(" ", GS1_CHARSET_82)
        self.assertNotIn("#", GS1_CHARSET_82)

    def test_normalize_strips_surrounding_white_space_only(self):
        self.assertEqual(normalize_serial("  SN 1\t\n"), "SN 1")
        self.assertIsNone(normalize_serial(None))
        self.assertIs(normalize_serial(False), False)

    def test_a_valid_serial_has_no_reason(self):
        self.assertEqual(self.check("SN-000123"), [])
        self.assertEqual(self.check("A" * 20), [])
        self.assertEqual(self.check("a!\"%&'()*+,-./:;<=>?"), [])

    def test_each_rule_gives_its_reason(self):
        self.assertEqual(self.check(""), ["is empty"])
        self.assertEqual(
            self.check("A" * 21), ["is 21 characters long, more than the 20 allowed"]
        )
        self.assertEqual(self.check("SN\x00"), ["contains control characters"])
        self.assertEqual(self.check("SN\x7f1"), ["contains control characters"])
        self.assertEqual(
            self.check("SN 1#"), ["contains ' ' '#', outside GS1 character set 82"]
        )
        self.assertEqual(
            self.check("SN-1", charset="alphanumeric"),
            ["contains '-', outside letters and digits"],
        )
        self.assertEqual(
            self.check("SN-1", pattern=r"SN-\d{3}"),
            [r"does not match the pattern SN-\d{3}"],
        )

    def test_several_reasons_at_once(self):
        reasons = self.check("é" * 25 + "\t", max_length=20)
        self.assertEqual(len(reasons), 3)

    def test_no_limit_and_any_character(self):
        self.assertEqual(self.check("x" * 60 + " é", max_length=0, charset="any"), [])

    def test_pattern_must_match_entirely(self):
        self.assertEqual(
            self.check("SN-1234", pattern=r"SN-\d{3}"),
            [r"does not match the pattern SN-\d{3}"],
        )

    def test_format_rules_themselves(self):
        self.assertIsNone(check_format_rules(20, r"^SN-\d+$"))
        self.assertIn(
            "not a valid regular expression",
            self.words(check_format_rules(20, "SN-[0-")),
        )
        self.assertEqual(
            self.words(check_format_rules(-1, None)),
            "The serial maximum length cannot be negative (-1).",
        )
        self.assertIn(
            "contains control characters", self.words(check_format_rules(20, "SN\x00"))
        )

    def test_split_around_the_last_group_of_digits(self):
        self.assertEqual(split_serial("SN-000100"), ("SN-", "100".rjust(20, "0"), ""))
        self.assertEqual(
            split_serial("BAV023B00001S00001"),
            ("BAV023B00001S", "1".rjust(20, "0"), ""),
        )
        self.assertEqual(split_serial("SN-0042-B"), ("SN-", "42".rjust(20, "0"), "-B"))
        self.assertEqual(split_serial("123"), ("", "123".rjust(20, "0"), ""))
        self.assertEqual(split_serial("ABC"), ("ABC", False, False))
        self.assertEqual(split_serial(""), (False, False, False))

    def test_numeric_keys_sort_as_numbers(self):
        keys = [
            numeric_key(digits)
            for digits in ("9", "0010", "100", "0000", "99999999999999999999")
        ]
        self.assertEqual(
            sorted(keys),
            [
                numeric_key(d)
                for d in ("0000", "9", "0010", "100", "99999999999999999999")
            ],
        )
        self.assertEqual(numeric_key("000"), "0" * 20)

    def test_find_duplicates(self):
        self.assertEqual(find_duplicates(["a", "b", "a", "c", "b", "a"]), ["a", "b"])
        self.assertEqual(find_duplicates([]), [])
