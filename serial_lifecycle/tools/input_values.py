"""What makes a value sent by a client unusable for a field, before the ORM sees it.

The web client only sends what its widgets produce; any JSON-RPC client can
send anything. Odoo's ORM converts such values late or not at all: a NUL
character or an id beyond PostgreSQL's integer reaches the database and
comes back as a raw psycopg2 error, a date such as "2026-02-30" as a Python
ValueError. These checks run first, so the user reads which field and which
value were refused.
"""

from datetime import date, datetime

# PostgreSQL's integer, the type of every id and Integer column.
MAX_INTEGER = 2**31 - 1


def value_problem(field_type, value, choices=()):
    """Return why ``value`` cannot be written to a field of ``field_type``, or None.

    Codes: ``"nul"`` (text with a NUL character, which PostgreSQL refuses),
    ``"not_id"`` (a many2one value that is no record id), ``"not_integer"``,
    ``"not_date"``, ``"not_datetime"``, ``"not_choice"`` (a selection value
    not among ``choices``), ``"not_ids"`` (a many2many or one2many value
    naming something that is no record id). Empty values (False, None) are
    left to the field's own ``required``.
    """
    if value is False or value is None:
        return None
    if field_type in ("char", "text", "html"):
        return "nul" if isinstance(value, str) and "\x00" in value else None
    if field_type == "many2one":
        return None if _is_int(value) and 0 < value <= MAX_INTEGER else "not_id"
    if field_type == "selection":
        return None if isinstance(value, str) and value in choices else "not_choice"
    if field_type in ("many2many", "one2many"):
        return (
            None
            if all(
                _is_int(id_) and 0 < id_ <= MAX_INTEGER for id_ in _command_ids(value)
            )
            else "not_ids"
        )
    if field_type == "integer":
        return (
            None
            if _is_int(value) and -MAX_INTEGER - 1 <= value <= MAX_INTEGER
            else "not_integer"
        )
    if field_type == "date":
        return None if _parses(value, date) else "not_date"
    if field_type == "datetime":
        return None if _parses(value, datetime) else "not_datetime"
    return None


def _command_ids(value):
    """The record ids an x2many value names: a list of ids or of commands (0, 0, vals),
    (4, id), (6, 0, ids)..."""
    if not isinstance(value, list | tuple):
        return [value]
    ids = []
    for item in value:
        if not isinstance(item, list | tuple):
            ids.append(item)  # a plain list of ids
        elif len(item) >= 2 and item[0] in (1, 2, 3, 4):
            ids.append(item[1])
        elif len(item) == 3 and item[0] == 6:
            ids.extend(item[2] if isinstance(item[2], list | tuple) else [item[2]])
    return ids


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _parses(value, kind):
    """Does Odoo's Date or Datetime field read ``value``? (A date, or its text form.)"""
    if isinstance(value, date):  # datetime included: Odoo converts either way
        return True
    if not isinstance(value, str):
        return False
    # As fields.Date and fields.Datetime read text: a date's first 10
    # characters; a datetime's first 19, or a date alone.
    patterns = (
        [("%Y-%m-%d", 10)]
        if kind is date
        else [("%Y-%m-%d %H:%M:%S", 19), ("%Y-%m-%d", 10)]
    )
    for pattern, length in patterns:
        try:
            datetime.strptime(value[:length] if kind is date else value, pattern)
        except ValueError:
            continue
        return True
    return False
