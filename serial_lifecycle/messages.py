"""The message table of serial_lifecycle: the sentence of each code that the
helpers of tools/ return (tools/messages.py), translated when it is shown.

``render(env, message)`` words a Message in the language of ``env``; other
modules keep their own table and render it with ``render_message``.
"""

import datetime
import logging

from odoo.tools import format_date
from odoo.tools.translate import LazyTranslate

from .tools.messages import Message

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

MESSAGES = {
    # GS1 element strings (tools/gs1.py). The names of the AIs a serial's
    # label carries; any other AI is named by GS1's dictionary title.
    "gs1_ai_sscc": _lt("SSCC"),
    "gs1_ai_gtin": _lt("GTIN"),
    "gs1_ai_contained_gtin": _lt("GTIN of contained items"),
    "gs1_ai_lot": _lt("lot"),
    "gs1_ai_production_date": _lt("production date"),
    "gs1_ai_packaging_date": _lt("packaging date"),
    "gs1_ai_best_before_date": _lt("best before date"),
    "gs1_ai_expiry_date": _lt("expiry date"),
    "gs1_ai_serial": _lt("serial"),
    "gs1_ai_count": _lt("count"),
    "gs1_ai_internal_data": _lt("internal data"),
    "gs1_ai_titled": _lt("(%(ai)s) %(title)s"),
    "gs1_charset_digits": _lt("digits"),
    "gs1_charset_82": _lt("GS1 set 82"),
    "gs1_charset_39": _lt("GS1 set 39"),
    "gs1_charset_64": _lt("GS1 set 64"),
    "gs1_hour": _lt("hour"),
    "gs1_minute": _lt("minute"),
    "gs1_second": _lt("second"),
    "gs1_yes_no": _lt("yes/no flag"),
    "gs1_zero_digit": _lt("zero"),
    "gs1_winding": _lt("winding direction"),
    "gs1_hyphen": _lt("hyphen"),
    "gs1_sex_code": _lt("ISO/IEC 5218 sex code"),
    "gs1_gtin_length": _lt("GTIN %(gtin)r must have 8, 12, 13 or 14 digits"),
    "gs1_gtin_check_digit": _lt(
        "check digit of GTIN %(gtin)r is wrong (expected %(expected)s)"
    ),
    "gs1_check_digit": _lt(
        "check digit of %(label)s %(value)r is wrong (expected %(expected)s)"
    ),
    "gs1_date_digits": _lt("date %(value)r must be 6 digits YYMMDD"),
    "gs1_date_month": _lt("date %(value)r has no month %(month)02d"),
    "gs1_date_day": _lt("date %(value)r has no day %(day)02d in month %(month)02d"),
    "gs1_field_error": _lt("%(label)s: %(error)s"),
    "gs1_empty": _lt("%(label)s is empty"),
    "gs1_too_long": _lt(
        "%(label)s %(value)r is longer than %(max)d characters (%(length)d)"
    ),
    "gs1_too_short": _lt("%(label)s %(value)r is too short"),
    "gs1_too_short_length": _lt(
        "%(label)s %(value)r is too short: %(length)d characters"
    ),
    "gs1_too_short_lengths": _lt(
        "%(label)s %(value)r is too short: %(low)d to %(high)d characters"
    ),
    "gs1_fixed_digits": _lt("%(label)s %(value)r must be %(length)d digits"),
    "gs1_digits": _lt("%(label)s %(value)r must be digits"),
    "gs1_charset": _lt(
        "%(label)s %(value)r has characters outside %(charset)s: %(chars)s"
    ),
    "gs1_out_of_range": _lt(
        "%(label)s: %(value)r is no %(what)s (%(low)02d to %(high)02d)"
    ),
    "gs1_not_allowed": _lt("%(label)s: %(value)r is no %(what)s (%(allowed)s)"),
    "gs1_zero": _lt("%(label)s: %(value)r must not be zero"),
    "gs1_zero_prefix": _lt("%(label)s: %(value)r must not start with 0"),
    "gs1_piece_of_total": _lt("%(label)s: piece %(piece)d of %(total)d is impossible"),
    "gs1_all_digits": _lt(
        "%(label)s: %(value)r must have a character that is not a digit"
    ),
    "gs1_unknown_ai": _lt("unknown application identifier (%(ai)s)"),
    "gs1_unknown_ai_at": _lt("unknown application identifier at %(text)r"),
    "gs1_not_a_label": _lt("%(text)r is not a GS1 label"),
    "gs1_serial_before_gtin": _lt("serial %(value)r comes before any (01) GTIN"),
    "gs1_no_serial": _lt("the label carries no serial (21)"),
    # Format rules of serial numbers (tools/serial_numbers.py): each reason
    # follows the serial it is about ("'SN 1' contains ' ', outside ...").
    "serial_charset_gs1_82": _lt("GS1 character set 82"),
    "serial_charset_alphanumeric": _lt("letters and digits"),
    "serial_empty": _lt("is empty"),
    "serial_control_characters": _lt("contains control characters"),
    "serial_too_long": _lt(
        "is %(length)d characters long, more than the %(max_length)d allowed"
    ),
    "serial_charset": _lt("contains %(chars)s, outside %(charset)s"),
    "serial_pattern": _lt("does not match the pattern %(pattern)s"),
    "serial_patterns": _lt("does not match any of the patterns %(patterns)s"),
    "format_negative_length": _lt(
        "The serial maximum length cannot be negative (%(max_length)s)."
    ),
    "format_pattern_control": _lt(
        "The serial pattern %(pattern)r contains control characters."
    ),
    "format_bad_pattern": _lt(
        "%(pattern)s is not a valid regular expression: %(error)s"
    ),
    # Serial ranges (tools/serial_ranges.py).
    "range_bounds_missing": _lt(
        "A serial range needs a first and a last serial (got %(first)r and %(last)r)."
    ),
    "range_bound_without_number": _lt(
        "%(serial)r has no number, so it cannot bound a range."
    ),
    "range_prefixes_differ": _lt(
        "%(first)r and %(last)r have different prefixes (%(first_prefix)r and "
        "%(last_prefix)r): a range stays within one prefix."
    ),
    "range_suffixes_differ": _lt(
        "%(first)r and %(last)r end differently (%(first_suffix)r and "
        "%(last_suffix)r): a range keeps the same ending."
    ),
    "range_reversed": _lt(
        "The range %(first)r to %(last)r is reversed: the first serial is after "
        "the last one."
    ),
}


def render_message(env, table, message):
    """The sentence of ``message`` (a Message of ``table``) in the language of
    ``env``. Anything else is a parameter's plain value: a date is written as
    the reader writes dates, the rest is returned as it is."""
    if isinstance(message, datetime.date):
        return format_date(env, message)
    if not isinstance(message, Message):
        return message
    params = {
        name: render_message(env, table, value)
        for name, value in message.params.items()
    }
    template = table[message.code]
    if isinstance(template, str):  # a text of its own, never translated
        return template % params
    try:
        return env._(template) % params
    except (KeyError, TypeError, ValueError):
        # A translation whose placeholders do not match its source: the
        # English sentence rather than no message at all.
        _logger.warning("Bad translation of message %s in %s", message.code, env.lang)
        return env(context=dict(env.context, lang="en_US"))._(template) % params


def render(env, message):
    """A Message of serial_lifecycle's helpers as a sentence for the user."""
    return render_message(env, MESSAGES, message)
