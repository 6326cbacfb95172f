"""Serial quants kept in memory while a batch of serial lines is validated.

Odoo 18 moves the quants of a validated line one line at a time
(``stock.move.line._synchronize_quant`` -> ``stock.quant._update_available_quantity``):
for each serial a lock, a single-row write or create, two gathers. On 5,000
serials that is most of the time of a receipt or a delivery. The book below
answers those calls in memory, with the same arithmetic, and hands back the
writes and creates to make at the end in a few statements.

It mirrors ``_update_available_quantity`` only where that method has one
possible answer, which the caller checks before using the book
(``stock.move.line`` in models/stock_move_line_batch.py):

- every key (location, serial) holds at most one quant without package nor
  owner, and no quant without a serial sits in those locations (Odoo would
  pick among several, and take the untracked quants' dates into account);
- a serial is on one line of the batch, whose source and destination differ
  (each key is changed by one line only, in the order Odoo changes it).

Pure Python: no Odoo import, unit-tested in tests/test_quant_batch_helpers.py.
"""

# Fields of a quant the book changes, in the order Odoo writes them.
WRITTEN_FIELDS = ("quantity", "reserved_quantity", "in_date")


def _positive(value, rounding):
    """float_compare(value, 0, precision_rounding=rounding) > 0, without Odoo."""
    return round(value / rounding) * rounding > rounding / 2


class SerialQuantBook:
    """The quants of one batch of serial lines, changed in memory.

    ``quants``: dicts with ``id``, ``location_id``, ``lot_id``, ``quantity``,
    ``reserved_quantity`` and ``in_date`` (the quants Odoo's cache holds for
    these keys); ``bypass_locations``: ids of the locations that do not keep
    reservations (``stock.location.should_bypass_reservation``); ``now``: the
    date Odoo gives a quant that has none to inherit.
    """

    def __init__(self, quants, bypass_locations, now, rounding=0.01):
        self._quants = {}
        for quant in quants:
            key = (quant["location_id"], quant["lot_id"])
            if key in self._quants:
                raise ValueError(f"two quants for location {key[0]}, lot {key[1]}")
            self._quants[key] = dict(quant, _original=dict(quant))
        self._bypass = frozenset(bypass_locations)
        self._now = now
        self._rounding = rounding
        self._created = []  # keys of the quants to create, in Odoo's order

    def has(self, location_id, lot_id):
        return (location_id, lot_id) in self._quants

    def quant(self, location_id, lot_id):
        """The current values of a quant (a copy), or None."""
        quant = self._quants.get((location_id, lot_id))
        if quant is None:
            return None
        return {key: value for key, value in quant.items() if key != "_original"}

    def update(
        self, location_id, lot_id, quantity=0.0, reserved_quantity=0.0, in_date=None
    ):
        """Odoo's ``_update_available_quantity`` on one key: (available, in_date).

        The available quantity is what Odoo reads back (strict, negative
        allowed): the quant's quantity less its reservation.
        """
        if not (quantity or reserved_quantity):
            raise ValueError("quantity or reserved quantity must be set")
        key = (location_id, lot_id)
        quant = self._quants.get(key)
        incoming_dates = []
        if (
            location_id not in self._bypass
            and quant is not None
            and quant["in_date"]
            and _positive(quant["quantity"], self._rounding)
        ):
            incoming_dates.append(quant["in_date"])
        if in_date:
            incoming_dates.append(in_date)
        in_date = min(incoming_dates) if incoming_dates else self._now
        if quant is None:
            quant = self._quants[key] = {
                "id": None,
                "location_id": location_id,
                "lot_id": lot_id,
                "quantity": quantity or 0.0,
                "reserved_quantity": reserved_quantity or 0.0,
                "in_date": in_date,
                "_original": None,
            }
            self._created.append(key)
            return quant["quantity"] - quant["reserved_quantity"], in_date
        if quantity:
            quant["quantity"] += quantity
        if reserved_quantity:
            quant["reserved_quantity"] += reserved_quantity
        quant["in_date"] = in_date
        return quant["quantity"] - quant["reserved_quantity"], in_date

    def writes(self):
        """{((field, value), ...): [quant ids]}: the existing quants to write,
        grouped by the values that changed (an UPDATE per group, not per quant)."""
        groups = {}
        for quant in self._quants.values():
            original = quant["_original"]
            if original is None:
                continue
            changed = tuple(
                (name, quant[name])
                for name in WRITTEN_FIELDS
                if quant[name] != original[name]
            )
            if changed:
                groups.setdefault(changed, []).append(quant["id"])
        return groups

    def creates(self):
        """Values of the quants to create (location_id, lot_id, quantity,
        reserved_quantity, in_date), in the order Odoo would have created them."""
        result = []
        for key in self._created:
            quant = self._quants[key]
            result.append(
                {
                    "location_id": quant["location_id"],
                    "lot_id": quant["lot_id"],
                    "quantity": quant["quantity"],
                    "reserved_quantity": quant["reserved_quantity"],
                    "in_date": quant["in_date"],
                }
            )
        return result


def foreign_overrides(model_class, methods, allowed_modules):
    """[(module, method)] of the classes in ``model_class``'s MRO that define one of
    ``methods`` from a module outside ``allowed_modules``.

    Odoo builds a model's class from one class per module that inherits it;
    each carries the name of its module in ``_module``. A method defined by
    a class of another module changes the per-line path: the batch then
    leaves those lines to Odoo's own code, which runs that override.
    """
    found = []
    for klass in model_class.__mro__:
        module = vars(klass).get("_module")
        if module is None or module in allowed_modules:
            continue
        for name in methods:
            if name in vars(klass):
                found.append((module, name))
    return found
