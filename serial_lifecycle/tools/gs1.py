"""Pure helpers for GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR).

No Odoo import: the decomposition itself is done by Odoo's GS1 nomenclature
(barcodes_gs1_nomenclature); these helpers prepare what a scanner sends for
it, and name precisely what is wrong when Odoo cannot read a string, so that
a warehouse user sees "check digit of GTIN ... is wrong" rather than
"unreadable barcode". They also build element strings (labels, tests).
"""
import calendar
import datetime
import re

from .serial_numbers import GS1_CHARSET_82

FNC1 = "\x1d"

# Symbology identifiers a scanner may put in front of the data (ISO/IEC 15424):
# ]C1 GS1-128, ]e0 GS1 DataBar, ]d2 GS1 DataMatrix, ]Q3 GS1 QR Code, ]J1 GS1 DotCode.
SYMBOLOGY_PREFIXES = ("]C1", "]e0", "]d2", "]Q3", "]J1")

# What scanners and keyboard wedges send instead of the FNC1 / GS character,
# when they cannot type an ASCII 29: "<GS>" (printed by many scanner
# configuration sheets), "~1" (Zebra/ZXing escape), "\F" (Honeywell),
# "^" and "#" (common keyboard-wedge replacements; "#" is also Odoo's default),
# "Alt029" (Odoo's default for Windows keyboard wedges). None of them can
# occur in a GS1 field except "<GS>", whose characters are in set 82: it is
# accepted because it is what humans type when they transcribe a label.
FNC1_STAND_INS = ("<GS>", "~1", "\\F", "^", "#", "Alt029")

# The application identifiers the scan screen reads, with their data length:
# an int is a fixed length, a (min, max) tuple a variable length field that
# ends with FNC1 unless it is the last one. (GS1 General Specifications 3.2)
AI_LENGTHS = {
    "00": 18,
    "01": 14,
    "02": 14,
    "10": (1, 20),
    "11": 6,
    "13": 6,
    "15": 6,
    "17": 6,
    "21": (1, 20),
    "30": (1, 8),
    "37": (1, 8),
    "410": 13,
    "413": 13,
    "414": 13,
    "91": (1, 90),
}
DATE_AIS = ("11", "13", "15", "17")
AI_LABELS = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN of contained items",
    "10": "lot",
    "11": "production date",
    "13": "packaging date",
    "15": "best before date",
    "17": "expiry date",
    "21": "serial",
    "30": "count",
    "37": "count",
    "91": "internal data",
}
_HUMAN_READABLE_RE = re.compile(r"\((\d{2,4})\)")


class Gs1Error(ValueError):
    """An element string that is not valid GS1; the message names the problem."""


def strip_symbology_prefix(text):
    """Return (text without its symbology identifier, whether there was one)."""
    for prefix in SYMBOLOGY_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):], True
    return text, False


def normalize_element_string(text):
    """Return ``(element string with FNC1 separators, looks_like_gs1)``.

    Accepts what scanners send: symbology prefix, FNC1 or a stand-in, and
    the human readable form with parentheses "(01)095...(21)SN1". A leading
    FNC1 (GS1-128 starts with one) is dropped.
    """
    if text is None or text is False:
        text = ""
    if not isinstance(text, str):
        return text, False  # not a scan at all: the caller names it
    original = text = text.strip("\r\n\t ")
    text, prefixed = strip_symbology_prefix(text)
    for stand_in in FNC1_STAND_INS:
        text = text.replace(stand_in, FNC1)
    human_readable = bool(_HUMAN_READABLE_RE.match(text))
    if human_readable:
        # "(01)123(21)ABC": every parenthesised AI but the first follows a separator.
        text = _HUMAN_READABLE_RE.sub(lambda match: FNC1 + match.group(1), text)
    text = text.strip(FNC1)
    while FNC1 * 2 in text:
        text = text.replace(FNC1 * 2, FNC1)
    # A separator makes a GS1 string only after an AI: "SN#12" is a plain
    # serial with a "#", "21SN#17260101" a serial and an expiry.
    has_separator = FNC1 in text and bool(re.match(r"\d{2}", text))
    if not (prefixed or has_separator or human_readable or _starts_with_gtin(text)):
        return original, False
    return text, True


def _starts_with_gtin(text):
    """A bare "01" + 14 digits + more AIs is a GS1 string typed without separators."""
    return bool(re.match(r"^0[12]\d{14}(\d{2}|$)", text)) and len(text) > 16


def gtin_check_digit(digits):
    """Return the GS1 check digit (mod 10, weights 3-1 from the right) of ``digits``."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def check_gtin(gtin):
    """Raise Gs1Error if ``gtin`` is not 8, 12, 13 or 14 digits with a right check digit."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        raise Gs1Error("GTIN %r must have 8, 12, 13 or 14 digits" % gtin)
    expected = gtin_check_digit(gtin[:-1])
    if gtin[-1] != expected:
        raise Gs1Error("check digit of GTIN %r is wrong (expected %s)" % (gtin, expected))


def gtin_variants(gtin14):
    """Return the ways a product barcode may store this GTIN-14 (14, 13, 12 and 8 digits)."""
    return [gtin14[14 - size:] for size in (14, 13, 12, 8) if set(gtin14[:14 - size]) <= {"0"}]


def parse_gs1_date(value, today=None):
    """Return the date of a GS1 YYMMDD field; DD=00 is the last day of the month.

    The century follows GS1 General Specifications 7.12 (a window from 49
    years back to 50 years ahead of ``today``), as Odoo's own parser does.
    """
    if not re.fullmatch(r"\d{6}", value or ""):
        raise Gs1Error("date %r must be 6 digits YYMMDD" % value)
    today = today or datetime.date.today()
    year_difference = int(value[:2]) - today.year % 100
    century = today.year // 100
    if 51 <= year_difference <= 99:
        century -= 1
    elif -99 <= year_difference <= -50:
        century += 1
    year, month, day = century * 100 + int(value[:2]), int(value[2:4]), int(value[4:])
    if not 1 <= month <= 12:
        raise Gs1Error("date %r has no month %02d" % (value, month))
    last_day = calendar.monthrange(year, month)[1]
    if day == 0:
        day = last_day
    if day > last_day:
        raise Gs1Error("date %r has no day %02d in month %02d" % (value, day, month))
    return datetime.date(year, month, day)


def format_gs1_date(date):
    return date.strftime("%y%m%d")


def check_gs1_text(value, label="serial"):
    """Raise Gs1Error if an alphanumeric field is empty, too long or outside set 82."""
    if not value:
        raise Gs1Error("%s is empty" % label)
    if len(value) > 20:
        raise Gs1Error("%s %r is longer than 20 characters (%d)" % (label, value, len(value)))
    bad = sorted({char for char in value if char not in GS1_CHARSET_82})
    if bad:
        raise Gs1Error("%s %r has characters outside GS1 set 82: %s" % (label, value, " ".join(map(repr, bad))))


def split_element_string(text):
    """Split a normalised element string into [(ai, value), ...], naming any problem.

    Used to explain a string Odoo's nomenclature refused, and as a reference
    in the tests: it reads only the AIs of AI_LENGTHS.
    """
    fields = []
    position = 0
    while position < len(text):
        ai = next((ai for ai in sorted(AI_LENGTHS, key=len, reverse=True) if text.startswith(ai, position)), None)
        if ai is None:
            raise Gs1Error("unknown application identifier at %r" % text[position:position + 4])
        position += len(ai)
        length = AI_LENGTHS[ai]
        if isinstance(length, int):
            value = text[position:position + length]
            position += length
            if len(value) != length or (ai not in ("10", "21", "91") and not value.isdigit()):
                raise Gs1Error("(%s) %s %r must be %d digits" % (ai, AI_LABELS.get(ai, ""), value, length))
            if text[position:position + 1] == FNC1:
                position += 1
        else:
            end = text.find(FNC1, position)
            end = len(text) if end == -1 else end
            value = text[position:end]
            position = end + 1
            if len(value) > length[1]:
                raise Gs1Error("%s %r is longer than %d characters (%d)"
                               % (AI_LABELS.get(ai, "(%s)" % ai), value, length[1], len(value)))
        fields.append((ai, value))
    return fields


def check_fields(fields, today=None):
    """Raise Gs1Error for the first wrong value of [(ai, value), ...]."""
    for ai, value in fields:
        if ai in ("01", "02"):
            check_gtin(value)
        elif ai in DATE_AIS:
            try:
                parse_gs1_date(value, today)
            except Gs1Error as error:
                raise Gs1Error("%s: %s" % (AI_LABELS[ai], error)) from None
        elif ai in ("10", "21"):
            check_gs1_text(value, AI_LABELS[ai])


def build_element_string(fields):
    """Return the element string (FNC1 separated) for [(ai, value), ...].

    A separator follows every variable-length field but the last one.
    """
    parts = []
    for index, (ai, value) in enumerate(fields):
        parts.append(ai + value)
        if not isinstance(AI_LENGTHS.get(ai, 0), int) and index < len(fields) - 1:
            parts.append(FNC1)
    return "".join(parts)


def human_readable(fields):
    """Return "(01)09506000134352(21)SN1", the text printed under a GS1 barcode."""
    return "".join("(%s)%s" % (ai, value) for ai, value in fields)
