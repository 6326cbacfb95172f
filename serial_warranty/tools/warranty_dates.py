"""Pure date arithmetic of warranty coverage (no Odoo imports).

Coverage runs from its start date to its end date, both included. The end
date is the start plus the duration; a month added to 31 January lands on
the last day of February (28 or 29), a year added to 29 February on
28 February.
"""

import calendar
from datetime import date, datetime, timedelta

import pytz

UNITS = ("days", "months", "years")


def add_duration(start, amount, unit):
    """Return ``start`` (a date) plus ``amount`` days, months or years."""
    if unit not in UNITS:
        raise ValueError(f"unknown warranty unit {unit!r}")
    if unit == "days":
        return start + timedelta(days=amount)
    months = amount * 12 if unit == "years" else amount
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


# Bounds of the terms: beyond them a value is a typing mistake, and the date
# arithmetic would leave the calendar (year 10000).
MAX_DURATION_YEARS = 100
MAX_WINDOW_DAYS = 3653  # ten years


def term_problems(duration, unit, return_days, fallback_days):
    """Return [(field name, limit)] of the terms out of bounds; empty when they are
    fine.

    A duration of 0 means no warranty; otherwise 1 day up to 100 years.
    Windows (return, installation fallback) from 0 days up to 10 years.
    """
    problems = []
    most = {
        "days": MAX_DURATION_YEARS * 366,
        "months": MAX_DURATION_YEARS * 12,
        "years": MAX_DURATION_YEARS,
    }
    if duration and not 0 < duration <= most.get(unit, most["days"]):
        problems.append(("warranty_duration", MAX_DURATION_YEARS))
    for name, value in (
        ("warranty_return_days", return_days),
        ("warranty_install_fallback_days", fallback_days),
    ):
        if not 0 <= (value or 0) <= MAX_WINDOW_DAYS:
            problems.append((name, MAX_WINDOW_DAYS))
    return problems


def local_date(moment, tz_name):
    """The calendar date of a naive UTC datetime in the time zone ``tz_name``."""
    if not moment:
        return None
    if not isinstance(moment, datetime):
        return moment
    try:
        zone = pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        zone = pytz.utc
    return pytz.utc.localize(moment).astimezone(zone).date()


def coverage_start(trigger, shipped_on, installed_on=None, fallback_days=0):
    """Return the date coverage starts, or None when it cannot be known yet.

    ``shipment``: the day the delivery was validated. ``installation``: the
    day the serial was installed, or ``fallback_days`` after shipment when it
    was not installed by then (0: no fallback, wait for the installation).
    """
    if not shipped_on:
        return None
    if trigger == "shipment":
        return shipped_on
    fallback = shipped_on + timedelta(days=fallback_days) if fallback_days else None
    if installed_on and (not fallback or installed_on <= fallback):
        return installed_on
    return fallback


def coverage_end(start, amount, unit, extra_months=0):
    """Last covered day: start plus the duration, plus any months bought on top."""
    if not start or amount <= 0:
        return None
    end = add_duration(start, amount, unit)
    if extra_months:
        end = add_duration(end, extra_months, "months")
    return end


def coverage_state(start, end, today, voided=False, sold=False):
    """none, pending, active, expired or void on ``today``."""
    if voided:
        return "void"
    if not start or not end:
        return "pending" if sold else "none"
    if today < start:
        return "pending"
    if today > end:
        return "expired"
    return "active"


def is_covered(start, end, day, voided=False):
    return coverage_state(start, end, day, voided) == "active"
