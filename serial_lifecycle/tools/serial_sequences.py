"""Serials generated from a per-product template: prefix, zero-padded number, check
character.

Pure functions, no Odoo: the product keeps the template and its next number,
these turn numbers into serials.
"""

import string

CHECK_METHODS = [
    ("none", "None"),
    ("luhn", "Luhn digit (0-9)"),
    ("iso7064_mod37_36", "ISO 7064 MOD 37,36 character (0-9, A-Z)"),
]
ALPHANUMERIC = string.digits + string.ascii_uppercase


def luhn_check_digit(digits):
    """Return the Luhn (mod 10) check digit of a string of digits."""
    if not digits or not digits.isdigit():
        raise ValueError(f"Luhn check digit needs digits only, got {digits!r}")
    total = 0
    # From the right, every second digit (starting with the rightmost,
    # since the check digit will follow it) is doubled.
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def iso7064_mod37_36_check_character(text):
    """Return the ISO/IEC 7064 MOD 37,36 check character (0-9, A-Z) of ``text``.

    Letters count case-insensitively; characters outside 0-9/A-Z (such as
    the dash of ``LAP-000123``) are not part of the computation.
    """
    modulus = 36
    values = [ALPHANUMERIC.index(char) for char in text.upper() if char in ALPHANUMERIC]
    if not values:
        raise ValueError(
            f"ISO 7064 check character needs letters or digits, got {text!r}"
        )
    product = modulus
    for value in values:
        total = (product + value) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return ALPHANUMERIC[(modulus + 1 - product) % modulus]


def check_character(method, prefix, number_text):
    """Return the check character for ``prefix + number_text`` ('' for method
    'none')."""
    if method == "luhn":
        return luhn_check_digit(number_text)
    if method == "iso7064_mod37_36":
        return iso7064_mod37_36_check_character(prefix + number_text)
    return ""


def format_serial(prefix, number, padding, check_method="none"):
    """Build one serial: prefix, number zero-padded to ``padding`` digits, check
    character."""
    if number < 0:
        raise ValueError(f"serial numbers start at 0, got {number}")
    number_text = str(number).zfill(padding)
    return prefix + number_text + check_character(check_method, prefix, number_text)


def serial_series(prefix, first_number, count, padding, check_method="none"):
    """Return ``count`` consecutive serials starting with ``first_number``."""
    return [
        format_serial(prefix, first_number + offset, padding, check_method)
        for offset in range(count)
    ]
