"""What a pre-aggregated report table (a cube) can answer: pure checks on a read_group.

A cube holds a report's rows summed per combination of some of its fields
(its dimensions); dates among them are kept as the first day of their
month. A read can be answered from it when every field the domain, the
grouping and the order name is a dimension, every date is grouped by month,
quarter or year and compared with a month's bound, and every aggregate is
one the cube knows how to sum.
"""

import calendar
import datetime
import re

# Granularities a month-truncated date still answers exactly (a date without
# one is grouped by day in _read_group; read_group adds ":month").
MONTH_GRANULARITIES = ("month", "quarter", "year")
# Bounds on a month-truncated date that keep whole months:
# (operator, is the value the first day (True) or the last day (False) of a month).
MONTH_BOUNDS = {">=": True, "<": True, "<=": False, ">": False}
LEAF_OPERATORS_ANY = ("=", "!=", "in", "not in")
DOMAIN_OPERATORS = ("&", "|", "!")
TRUE_FALSE_LEAVES = ((1, "=", 1), (0, "=", 1))


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def is_month_bound(operator, value):
    """Whether ``date <operator> value`` selects whole months."""
    if operator in ("=", "!=") and value is False:
        return True
    first = MONTH_BOUNDS.get(operator)
    day = _as_date(value)
    if first is None or day is None:
        return False
    if first:
        return day.day == 1
    return day.day == calendar.monthrange(day.year, day.month)[1]


def domain_answerable(domain, dimensions, month_dimensions=()):
    """Whether every leaf of ``domain`` is on a dimension, dates on month bounds."""
    for leaf in domain or ():
        if isinstance(leaf, str):
            if leaf not in DOMAIN_OPERATORS:
                return False
            continue
        if not isinstance(leaf, list | tuple) or len(leaf) != 3:
            return False
        if tuple(leaf) in TRUE_FALSE_LEAVES:
            continue
        path, operator, value = leaf
        if not isinstance(path, str):
            return False
        name = path.split(".", 1)[0]
        if name not in dimensions:
            return False
        if name in month_dimensions and (
            "." in path or not is_month_bound(operator, value)
        ):
            return False
    return True


def groupby_answerable(groupby, dimensions, month_dimensions=()):
    """Whether every ``groupby`` ("field", "field:granularity") is a dimension."""
    for spec in groupby or ():
        name, __, granularity = spec.partition(":")
        if name not in dimensions or "." in name:
            return False
        if name in month_dimensions:
            if (granularity or None) not in MONTH_GRANULARITIES:
                return False
        elif granularity:
            return False
    return True


def order_terms(order):
    """The field or aggregate each part of an ``order`` string sorts by."""
    return [part.split()[0] for part in (order or "").split(",") if part.strip()]
