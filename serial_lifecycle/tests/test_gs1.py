import datetime
import random

from odoo.tests import tagged

from ..tools import gs1
from ..tools.serial_numbers import GS1_CHARSET_82
from .common import MessageCase

TODAY = datetime.date(2026, 11, 22)
GS = gs1.FNC1


def random_value(entry, rng, today=TODAY):
    """A random valid value for an AI of the table, following its components and
    linters."""
    parts = []
    for component in entry.components:
        if component.optional and rng.random() < 0.5:
            break
        length = rng.randint(
            component.min_length,
            max(component.min_length, min(component.max_length, 30)),
        )
        alphabet = sorted(gs1.CHARSETS[component.charset] - {"="})
        part = "".join(rng.choice(alphabet) for _ in range(length))
        linters = set(component.linters)
        if "csum" in linters:
            part = part[:-1] + gs1.gtin_check_digit(part[:-1])
        if linters & {"yymmd0", "yymmdd"}:
            part = gs1.format_gs1_date(
                today + datetime.timedelta(days=rng.randint(-17000, 17000))
            )
        if linters & {"yyyymmdd", "yyyymmd0"}:
            part = (today - datetime.timedelta(days=rng.randint(0, 40000))).strftime(
                "%Y%m%d"
            )
        if "hhmi" in linters:
            part = "%02d%02d" % (rng.randint(0, 23), rng.randint(0, 59))
        for linter, high in (("hh", 23), ("mi", 59), ("ss", 59)):
            if linter in linters:
                part = "%02d" % rng.randint(0, high)
        for linter, choices in (
            ("yesno", "01"),
            ("zero", "0"),
            ("winding", "019"),
            ("hyphen", "-"),
            ("iso5218", "0129"),
        ):
            if linter in linters:
                part = rng.choice(choices)
        if "nonzero" in linters or "nozeroprefix" in linters:
            part = rng.choice("123456789") + part[1:]
        if "pieceoftotal" in linters:
            total = rng.randint(1, 99)
            part = "%02d%02d" % (rng.randint(1, total), total)
        if "hasnondigit" in linters and part.isdigit():
            part = "A" + part[1:]
        parts.append(part)
    return "".join(parts)


def random_fields(rng):
    """A random valid list of (ai, value): GTIN, serial, and some optional AIs."""
    digits = "".join(rng.choice("0123456789") for _ in range(13))
    fields = [("01", digits + gs1.gtin_check_digit(digits))]
    optional = [
        (
            "10",
            "".join(
                rng.choice(sorted(GS1_CHARSET_82)) for _ in range(rng.randint(1, 20))
            ),
        ),
        (
            "11",
            gs1.format_gs1_date(TODAY + datetime.timedelta(days=rng.randint(-9000, 0))),
        ),
        (
            "17",
            gs1.format_gs1_date(TODAY + datetime.timedelta(days=rng.randint(0, 9000))),
        ),
        ("15", "%02d%02d00" % (rng.randint(0, 40), rng.randint(1, 12))),
    ]
    fields += rng.sample(optional, rng.randint(0, len(optional)))
    serial = "".join(
        rng.choice(sorted(GS1_CHARSET_82)) for _ in range(rng.randint(1, 20))
    )
    fields.insert(rng.randint(1, len(fields)), ("21", serial))
    return fields


@tagged("post_install", "-at_install")
class TestGs1Helpers(MessageCase):
    def test_check_digits_of_real_gtins(self):
        for gtin in (
            "09506000134352",
            "4006381333931",
            "036000291452",
            "96385074",
            "00012345600012",
        ):
            with self.subTest(gtin=gtin):
                gs1.check_gtin(gtin)
        with self.assertRefusal(
            gs1.Gs1Error,
            r"check digit of GTIN '09506000134353' is wrong \(expected 2\)",
        ):
            gs1.check_gtin("09506000134353")
        with self.assertRefusal(gs1.Gs1Error, "must have 8, 12, 13 or 14 digits"):
            gs1.check_gtin("123")

    def test_gtin_variants_match_product_barcodes(self):
        self.assertEqual(
            gs1.gtin_variants("04006381333931"), ["04006381333931", "4006381333931"]
        )
        self.assertEqual(
            gs1.gtin_variants("00036000291452"),
            ["00036000291452", "0036000291452", "036000291452"],
        )
        self.assertEqual(gs1.gtin_variants("19506000134359"), ["19506000134359"])

    def test_dates(self):
        table = {
            "251231": datetime.date(2025, 12, 31),
            "250200": datetime.date(2025, 2, 28),  # DD=00: last day of the month
            "240200": datetime.date(2024, 2, 29),
            "990101": datetime.date(
                1999, 1, 1
            ),  # more than 49 years ahead: last century
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
            with (
                self.subTest(value=value),
                self.assertRefusal(gs1.Gs1Error, message),
            ):
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
        for scanned in (
            "SN-0001",
            "0123",
            "01234567890123",
            "ABC<>",
            "SN#12",
            "A^B",
            "X<GS>Y",
        ):
            with self.subTest(scanned=scanned):
                self.assertEqual(
                    gs1.normalize_element_string(scanned), (scanned, False)
                )

    def test_split_table(self):
        table = {
            "0109506000134352" "21ABC123": [("01", "09506000134352"), ("21", "ABC123")],
            "0109506000134352" "11250101" "17270630" "10L-7" + GS + "21X/1": [
                ("01", "09506000134352"),
                ("11", "250101"),
                ("17", "270630"),
                ("10", "L-7"),
                ("21", "X/1"),
            ],
            "21SN9" + GS + "0109506000134352": [
                ("21", "SN9"),
                ("01", "09506000134352"),
            ],
            "00106141411234567897" "15260300": [
                ("00", "106141411234567897"),
                ("15", "260300"),
            ],
            "0104006381333931" "3712" + GS + "21A": [
                ("01", "04006381333931"),
                ("37", "12"),
                ("21", "A"),
            ],
        }
        for text, expected in table.items():
            with self.subTest(text=text):
                fields = gs1.split_element_string(text)
                self.assertEqual(fields, expected)
                gs1.check_fields(fields, TODAY)

    def test_failures_name_the_problem(self):
        table = {
            "0109506000134353" "21A": r"check digit of GTIN '09506000134353' is wrong",
            "0109506000134352"
            "21ABCDEFGHIJKLMNOPQRSTU": r"serial 'ABCDEFGHIJKLMNOPQRSTU' is longer "
            r"than 20",
            "0109506000134352"
            "21AB CD": r"serial 'AB CD' has characters outside GS1 set 82: ' '",
            "0109506000134352"
            "11251340"
            "21A": r"production date: date '251340' has no month 13",
            "0109506000134352"
            "17250231"
            "21A": r"expiry date: date '250231' has no day 31",
            "01123": r"\(01\) GTIN '123' must be 14 digits",
            # (55) is allocated to no AI; (99) would be valid: internal data.
            "0109506000134352" "5512XYZ": r"unknown application identifier at '5512'",
            "0109506000134352" "21": r"serial is empty",
        }
        for text, message in table.items():
            with self.subTest(text=text), self.assertRefusal(gs1.Gs1Error, message):
                gs1.check_fields(gs1.split_element_string(text), TODAY)

    def test_random_strings_build_and_parse_back(self):
        """Property: any valid field list, built with any separator style, parses back
        to itself."""
        rng = random.Random(20261122)
        for case in range(2000):
            fields = random_fields(rng)
            text = gs1.build_element_string(fields)
            style = case % 4
            if style == 1:
                text = rng.choice(gs1.SYMBOLOGY_PREFIXES) + text.replace(
                    GS, rng.choice(gs1.FNC1_STAND_INS)
                )
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


@tagged("post_install", "-at_install")
class TestGs1ApplicationIdentifiers(MessageCase):
    """The full AI table (GS1 Barcode Syntax Dictionary) and the GS1 splitting rules."""

    def test_the_table_is_the_whole_dictionary(self):
        self.assertEqual(gs1.SYNTAX_DICTIONARY_RELEASE, "2026-01-27")
        entries = [
            line for line in gs1.GS1_SYNTAX_DICTIONARY.splitlines() if line.strip()
        ]
        self.assertEqual(len(entries), 224)
        self.assertEqual(len(gs1.AI_TABLE), 541)  # ranges such as 3100-3105 expanded
        for ai, title, predefined, spec in (
            ("00", "SSCC", True, [("N", 18, 18, False)]),
            ("22", "CPV", False, [("X", 1, 20, False)]),
            ("240", "ADDITIONAL ID", False, [("X", 1, 30, False)]),
            ("253", "GDTI", False, [("N", 13, 13, False), ("X", 1, 17, True)]),
            ("3103", "NET WEIGHT (kg)", True, [("N", 6, 6, False)]),
            ("7003", "EXPIRY TIME", False, [("N", 6, 6, False), ("N", 4, 4, False)]),
            ("8020", "REF No.", False, [("X", 1, 25, False)]),
            ("99", "INTERNAL", False, [("X", 1, 90, False)]),
        ):
            with self.subTest(ai=ai):
                entry = gs1.AI_TABLE[ai]
                self.assertEqual(
                    (entry.title, entry.predefined_length), (title, predefined)
                )
                self.assertEqual(
                    [
                        (c.charset, c.min_length, c.max_length, c.optional)
                        for c in entry.components
                    ],
                    spec,
                )
        self.assertEqual(gs1.AI_TABLE["8006"].components[1].linters, ("pieceoftotal",))

    def test_predefined_lengths_agree_with_the_table(self):
        """GS1 General Specifications 7.8.5: the first two digits decide which AIs need
        no FNC1."""
        for ai, entry in gs1.AI_TABLE.items():
            with self.subTest(ai=ai):
                self.assertRegex(ai, r"^\d{2,4}$")
                self.assertEqual(
                    entry.predefined_length, ai[:2] in gs1.PREDEFINED_LENGTHS
                )
                if entry.predefined_length:
                    self.assertEqual(
                        len(ai) + entry.max_length, gs1.PREDEFINED_LENGTHS[ai[:2]]
                    )
                    self.assertEqual(entry.min_length, entry.max_length)
        self.assertTrue(
            gs1.AI_TABLE["8006"].fnc1_required
        )  # fixed length, but not predefined
        self.assertFalse(gs1.AI_TABLE["17"].fnc1_required)

    def test_no_ai_is_the_prefix_of_another(self):
        for ai in gs1.AI_TABLE:
            others = [
                other for other in gs1.AI_TABLE if other != ai and other.startswith(ai)
            ]
            self.assertEqual(others, [], ai)

    def test_every_linter_of_the_table_is_known(self):
        """A new release naming a new linter shows here, to be implemented or listed as
        unchecked."""
        named = {
            linter
            for entry in gs1.AI_TABLE.values()
            for part in entry.components
            for linter in part.linters
        }
        self.assertEqual(named - set(gs1.LINTERS) - gs1.UNCHECKED_LINTERS, set())
        self.assertEqual(set(gs1.LINTERS) & gs1.UNCHECKED_LINTERS, set())

    def test_ais_between_known_ones(self):
        table = {
            # (240) additional ID and (22) consumer product variant, between (01) and
            # (21)
            "0109506000134352" "240ADD-7" + GS + "22CPV-1" + GS + "17261231" "21SN-1": [
                ("01", "09506000134352"),
                ("240", "ADD-7"),
                ("22", "CPV-1"),
                ("17", "261231"),
                ("21", "SN-1"),
            ],
            # (7003) expiry time is fixed length but not predefined: FNC1 after it
            "0109506000134352" "70032612311430" + GS + "10L1" + GS + "21SN-2": [
                ("01", "09506000134352"),
                ("7003", "2612311430"),
                ("10", "L1"),
                ("21", "SN-2"),
            ],
            # predefined lengths run on without FNC1, and one after them is tolerated
            "0109506000134352" "3232000150" "11250101" + GS + "20" "07" "21SN-3": [
                ("01", "09506000134352"),
                ("3232", "000150"),
                ("11", "250101"),
                ("20", "07"),
                ("21", "SN-3"),
            ],
            # a case label: SSCC, GTIN of contained items, count, expiry; no serial
            "00106141411234567897" "0209506000134352" "3712" + GS + "17270630": [
                ("00", "106141411234567897"),
                ("02", "09506000134352"),
                ("37", "12"),
                ("17", "270630"),
            ],
            "0109506000134352"
            "8006"
            "09506000134352"
            "0102" + GS + "4330001234-" + GS + "98X": [
                ("01", "09506000134352"),
                ("8006", "095060001343520102"),
                ("4330", "001234-"),
                ("98", "X"),
            ],
        }
        for text, expected in table.items():
            with self.subTest(text=text):
                fields = gs1.split_element_string(text)
                self.assertEqual(fields, expected)
                gs1.check_fields(fields, TODAY)
                # Built again: FNC1 only where GS1 requires one.
                self.assertEqual(
                    gs1.split_element_string(gs1.build_element_string(fields)), fields
                )
        self.assertEqual(
            gs1.build_element_string(
                [("11", "250101"), ("20", "07"), ("7003", "2612311430"), ("21", "A")]
            ),
            "11250101" "2007" "70032612311430" + GS + "21A",
        )

    def test_invalid_values_of_any_ai_are_refused(self):
        table = {
            "0109506000134352" "2301": r"unknown application identifier at '2301'",
            "0109506000134352"
            "240"
            + "A"
            * 31: r"\(240\) ADDITIONAL ID 'A+' is longer than 30 characters \(31\)",
            "0109506000134352"
            "240AB CD": r"\(240\) ADDITIONAL ID 'AB CD' has characters outside GS1 set "
            r"82: ' '",
            "0109506000134352" "242AB": r"\(242\) MTO VARIANT 'AB' must be digits",
            "0109506000134352" "240" + GS + "21A": r"\(240\) ADDITIONAL ID is empty",
            # (7003) needs its FNC1: without one, the serial runs into it
            "0109506000134352"
            "7003261231143021SN": r"\(7003\) EXPIRY TIME '261231143021SN' is longer "
            r"than 10",
            "0109506000134352"
            "700326123114"
            + GS
            + "21SN": r"\(7003\) EXPIRY TIME '26123114' is too short: 10",
            "0109506000134352"
            "70032612311460" + GS + "21SN": r"EXPIRY TIME: '60' is no minute",
            "0109506000134352"
            "70032602301430" + GS + "21SN": r"EXPIRY TIME: date '260230' has no day 30",
            # (7006) is YYMMDD: unlike (17), day 00 is not allowed
            "0109506000134352"
            "7006250200": r"FIRST FREEZE DATE: date '250200' has no day 00",
            "0109506000134352"
            "8006095060001343530102": r"check digit of \(8006\) ITIP "
            r"'09506000134353' is wrong",
            "0109506000134352"
            "8006095060001343520302": r"\(8006\) ITIP: piece 3 of 2 is impossible",
            "00106141411234567891": r"check digit of SSCC '106141411234567891' is "
            r"wrong \(expected "
            r"7\)",
            "0109506000134352" "4330001234+": r"MAX TEMP F.: '\+' is no hyphen",
            "0109506000134352"
            "3103"
            "0005": r"\(3103\) NET WEIGHT \(kg\) '0005' must be 6 digits",
            "0109506000134352"
            "172612" + GS + "21A": r"\(17\) expiry date '2612' must be 6 digits",
        }
        for text, message in table.items():
            with self.subTest(text=text), self.assertRefusal(gs1.Gs1Error, message):
                gs1.check_fields(gs1.split_element_string(text), TODAY)
        gs1.check_fields(
            [("17", "250200")], TODAY
        )  # (17) is YYMMD0: day 00, the end of the month

    def test_any_valid_ai_parses_back(self):
        """Property: random values of random AIs of the whole table build and split back
        to themselves."""
        rng = random.Random(541)
        ais = sorted(gs1.AI_TABLE)
        for _case in range(1500):
            fields = [
                (ai, random_value(gs1.AI_TABLE[ai], rng))
                for ai in rng.sample(ais, rng.randint(1, 6))
            ]
            text = gs1.build_element_string(fields)
            parsed = gs1.split_element_string(text)
            self.assertEqual(parsed, fields, text)
            gs1.check_fields(parsed, TODAY)
        for ai in ais:  # and each AI at least once, alone
            value = random_value(gs1.AI_TABLE[ai], rng)
            self.assertEqual(
                gs1.split_element_string(gs1.build_element_string([(ai, value)])),
                [(ai, value)],
            )
