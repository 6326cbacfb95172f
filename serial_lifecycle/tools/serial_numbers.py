"""Pure functions on serial numbers: normalising, format rules, splitting.

No Odoo import here, so that the rules can be unit-tested on their own and
reused by the scan screen, the recall ranges and the backfill SQL.
"""

import re

DEFAULT_MAX_LENGTH = 20

# GS1 General Specifications, figure 7.11-1: the 82 characters allowed in
# alphanumeric application identifiers such as (21) serial and (10) lot.
GS1_CHARSET_82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
ALPHANUMERIC_CHARSET = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
CHARSETS = {
    "gs1_82": GS1_CHARSET_82,
    "alphanumeric": ALPHANUMERIC_CHARSET,
}
CHARSET_LABELS = {
    "gs1_82": "GS1 character set 82",
    "alphanumeric": "letters and digits",
}

# The serial splits around its LAST group of digits, as Odoo's own
# stock.lot.generate_lot_names() increments that group: SN-000100-B gives
# prefix "SN-", digits "000100", suffix "-B". The same expression is used in
# SQL (PostgreSQL's regex dialect accepts it unchanged) for the backfill.
SPLIT_PATTERN = r"^(.*[^0-9])?([0-9]+)([^0-9]*)$"
_SPLIT_RE = re.compile(SPLIT_PATTERN, re.DOTALL)

# Width of the sortable numeric key: a GS1 serial has at most 20 characters,
# so its digits never need more.
NUMERIC_KEY_WIDTH = 20


def normalize_serial(name):
    """Return the serial without surrounding white space (None stays None)."""
    if name is None or name is False:
        return name
    return name.strip()


def is_control_character(char):
    return ord(char) < 32 or ord(char) == 127


def has_control_characters(name):
    return any(is_control_character(char) for char in name)


def text_input_problem(value):
    """What makes a typed or scanned text unusable even for a look-up, or None.

    ``"not_text"``, ``"empty"`` or ``"control"``. Applies to every lot name,
    whatever the product's rules: PostgreSQL refuses a NUL character outright,
    and no label carries control characters (the GS1 separator is handled by
    the scan reader before this).
    """
    if value is None or value is False:
        return "empty"
    if not isinstance(value, str):
        return "not_text"
    if not value.strip():
        return "empty"
    if has_control_characters(value):
        return "control"
    return None


def check_serial(name, max_length=DEFAULT_MAX_LENGTH, charset="gs1_82", pattern=None):
    """Return the list of reasons why ``name`` breaks the format rules.

    An empty list means the serial is acceptable. ``name`` is expected to be
    normalised already; the reasons are short sentences meant for a user.
    """
    if not name:
        return ["is empty"]
    reasons = []
    if has_control_characters(name):
        reasons.append("contains control characters")
    if max_length and len(name) > max_length:
        reasons.append(
            "is %d characters long, more than the %d allowed" % (len(name), max_length)
        )
    allowed = CHARSETS.get(charset)
    if allowed is not None:
        bad = sorted(
            {
                char
                for char in name
                if char not in allowed and not is_control_character(char)
            }
        )
        if bad:
            reasons.append(
                "contains {}, outside {}".format(
                    " ".join(repr(char) for char in bad), CHARSET_LABELS[charset]
                )
            )
    if pattern and not re.fullmatch(pattern, name):
        reasons.append(f"does not match the pattern {pattern}")
    return reasons


def check_supplier_patterns(name, patterns):
    """Return None if ``name`` matches one of a supplier's ``patterns``, else the
    reason.

    ``patterns`` are the regular expressions a supplier's serials follow
    for one product (one per vendor line that sets one); an empty list
    accepts anything. The reason names every pattern, for the refusal.
    """
    patterns = [pattern for pattern in dict.fromkeys(patterns or ()) if pattern]
    if not patterns or any(re.fullmatch(pattern, name or "") for pattern in patterns):
        return None
    return "does not match {} {}".format(
        "the pattern" if len(patterns) == 1 else "any of the patterns",
        " or ".join(patterns),
    )


def check_format_rules(max_length, pattern):
    """Return an error sentence if the format rules themselves are wrong."""
    if max_length and max_length < 0:
        return f"The serial maximum length cannot be negative ({max_length})."
    if pattern:
        if has_control_characters(pattern):
            return f"The serial pattern {pattern!r} contains control characters."
        try:
            re.compile(pattern)
        except re.error as error:
            return f"{pattern} is not a valid regular expression: {error}"
    return None


def split_serial(name):
    """Split a serial into (prefix, numeric_key, suffix) for range queries.

    ``numeric_key`` is the last group of digits left-padded to a fixed width,
    so that comparing keys as text compares the numbers. A serial without
    digits gives (name, False, False).
    """
    match = _SPLIT_RE.match(name or "")
    if not match:
        return (name or False, False, False)
    prefix, digits, suffix = match.groups()
    return (prefix or "", numeric_key(digits), suffix or "")


def numeric_key(digits):
    """Left-pad a group of digits so that text order equals numeric order."""
    stripped = digits.lstrip("0") or "0"
    return stripped.rjust(NUMERIC_KEY_WIDTH, "0")


def find_duplicates(names):
    """Return the names that appear more than once, in first-seen order."""
    seen, duplicates = set(), []
    for name in names:
        if name in seen and name not in duplicates:
            duplicates.append(name)
        seen.add(name)
    return duplicates
