"""Pure helpers on serial ranges and pasted serial lists.

Used by recall selections (serial_recall) and picking rules. A range is
turned into bounds on the indexed columns stored on every serial (prefix,
zero-padded numeric key, suffix), so that the database answers it with one
index range scan: it is never expanded serial by serial here.
"""

import re

from .serial_numbers import normalize_serial, split_serial

# Separators accepted in a pasted list: new lines, commas, semicolons, tabs
# and spaces (a serial never contains white space, see check_serial).
_LIST_SEPARATORS = re.compile(r"[\s,;]+")


class SerialRangeError(ValueError):
    """A range that cannot select anything; the message names the values."""


def parse_serial_range(serial_from, serial_to):
    """Return (prefix, low_key, high_key, suffix) for the range of two serials.

    Both bounds must share their text around the last group of digits, and
    the first may not be greater than the second. Raises SerialRangeError
    naming the offending values otherwise.
    """
    first, last = normalize_serial(serial_from or ""), normalize_serial(serial_to or "")
    if not first or not last:
        raise SerialRangeError(
            f"A serial range needs a first and a last serial (got {first!r} "
            f"and {last!r})."
        )
    first_prefix, first_key, first_suffix = split_serial(first)
    last_prefix, last_key, last_suffix = split_serial(last)
    for serial, key in ((first, first_key), (last, last_key)):
        if not key:
            raise SerialRangeError(
                f"{serial!r} has no number, so it cannot bound a range."
            )
    if first_prefix != last_prefix:
        raise SerialRangeError(
            f"{first!r} and {last!r} have different prefixes "
            f"({first_prefix!r} and {last_prefix!r}): a range stays "
            "within one prefix."
        )
    if first_suffix != last_suffix:
        raise SerialRangeError(
            f"{first!r} and {last!r} end differently ({first_suffix!r} and "
            f"{last_suffix!r}): a range keeps the same ending."
        )
    if first_key > last_key:
        raise SerialRangeError(
            f"The range {first!r} to {last!r} is reversed: the first serial "
            "is after the last one."
        )
    return first_prefix, first_key, last_key, first_suffix


def parse_serial_list(text):
    """Return the serials of a pasted list, in order, without repeats."""
    names = [name for name in _LIST_SEPARATORS.split(text or "") if name]
    return list(dict.fromkeys(names))


def range_domain(bounds):
    """Return the stock.lot domain leaves (ANDed) of the serials within ``bounds``.

    ``bounds`` is what parse_serial_range returns. The leaves name the
    columns of the (product, prefix, key) index on stock.lot.
    """
    prefix, low_key, high_key, suffix = bounds
    return [
        ("serial_prefix", "=", prefix),
        ("serial_numeric_key", ">=", low_key),
        ("serial_numeric_key", "<=", high_key),
        ("serial_suffix", "=", suffix),
    ]


def serial_in_range(parts, bounds):
    """Whether a serial split as ``parts`` (prefix, numeric key, suffix) lies within
    ``bounds``.

    The in-memory twin of range_domain, for serials already read: an empty
    prefix or suffix and a missing one (False, None) are the same.
    """
    prefix, key, suffix = parts
    low_prefix, low_key, high_key, low_suffix = bounds
    if not key:
        return False
    return (
        (prefix or "") == (low_prefix or "")
        and (suffix or "") == (low_suffix or "")
        and low_key <= key <= high_key
    )
