"""Pure helpers on serial ranges and pasted serial lists.

Used by recall selections (serial_recall) and picking rules. A range is
turned into bounds on the indexed columns stored on every serial (prefix,
zero-padded numeric key, suffix), so that the database answers it with one
index range scan: it is never expanded serial by serial here.
"""

import re

from .messages import MessageError
from .serial_numbers import normalize_serial, split_serial

# Separators accepted in a pasted list: new lines, commas, semicolons, tabs
# and spaces (a serial never contains white space, see check_serial).
_LIST_SEPARATORS = re.compile(r"[\s,;]+")


class SerialRangeError(MessageError):
    """A range that cannot select anything; its message names the values."""


def parse_serial_range(serial_from, serial_to):
    """Return (prefix, low_key, high_key, suffix) for the range of two serials.

    Both bounds must share their text around the last group of digits, and
    the first may not be greater than the second. Raises SerialRangeError
    naming the offending values otherwise.
    """
    first, last = normalize_serial(serial_from or ""), normalize_serial(serial_to or "")
    if not first or not last:
        raise SerialRangeError("range_bounds_missing", first=first, last=last)
    first_prefix, first_key, first_suffix = split_serial(first)
    last_prefix, last_key, last_suffix = split_serial(last)
    for serial, key in ((first, first_key), (last, last_key)):
        if not key:
            raise SerialRangeError("range_bound_without_number", serial=serial)
    if first_prefix != last_prefix:
        raise SerialRangeError(
            "range_prefixes_differ",
            first=first,
            last=last,
            first_prefix=first_prefix,
            last_prefix=last_prefix,
        )
    if first_suffix != last_suffix:
        raise SerialRangeError(
            "range_suffixes_differ",
            first=first,
            last=last,
            first_suffix=first_suffix,
            last_suffix=last_suffix,
        )
    if first_key > last_key:
        raise SerialRangeError("range_reversed", first=first, last=last)
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
