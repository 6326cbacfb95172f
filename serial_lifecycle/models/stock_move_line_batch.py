import contextvars

from odoo import fields, models
from odoo.tools import float_compare

from ..tools.quant_batch import SerialQuantBook
from .stock_quant_batch import BATCH_MODULES

# Set while Odoo validates a set of move lines (stock.move.line._action_done):
# the batch whose serial lines' quant updates are answered in memory and
# written at the end (models/stock_move_line_batch.py).
QUANT_BATCH = contextvars.ContextVar("serial_lifecycle_quant_batch", default=None)
# The per-line path of a validation the batch stands for, by model; stock_account
# only checks the lines' serials before calling Odoo's _action_done.
DONE_PATH = (
    ("stock.move.line", ("_action_done",), BATCH_MODULES | {"stock_account"}),
    ("stock.move.line", ("_synchronize_quant",), BATCH_MODULES),
    (
        "stock.quant",
        (
            "create",
            "write",
            "_update_available_quantity",
            "_update_reserved_quantity",
            "_get_available_quantity",
            "_gather",
            "check_quantity",
        ),
        BATCH_MODULES,
    ),
)


class _DoneBatch:
    """The lines of one validation, and the book of the serial ones (made at the first
    quant update, once Odoo has given every line its serial)."""

    def __init__(self, lines):
        self.lines = lines
        self.all_ids = frozenset(lines._ids)
        self.book = None
        self.line_ids = frozenset()
        self.bypass = frozenset()
        self.product_by_lot = {}


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        Quant = self.env["stock.quant"]
        if (
            QUANT_BATCH.get() is not None
            or not Quant._serial_batch_enabled()
            or Quant._is_inventory_mode()
            or any(
                Quant._serial_batch_overridden(model, methods, allowed)
                for model, methods, allowed in DONE_PATH
            )
        ):
            return super()._action_done()
        batch = _DoneBatch(self)
        token = QUANT_BATCH.set(batch)
        try:
            res = super()._action_done()
        finally:
            QUANT_BATCH.reset(token)
        self._serial_batch_apply(batch)
        return res

    def _synchronize_quant(
        self, quantity, location, action="available", in_date=False, **quants_value
    ):
        batch = QUANT_BATCH.get()
        if (
            batch is None
            or len(self) != 1
            # a line of another validation (Odoo's code run inside this one)
            or self.id not in batch.all_ids
            or any(quants_value.values())
            or self.env.context.get("quants_cache") is None
        ):
            return super()._synchronize_quant(
                quantity, location, action=action, in_date=in_date, **quants_value
            )
        if batch.book is None:
            self._serial_batch_open(batch)
        if self.id not in batch.line_ids or location not in (
            self.location_id,
            self.location_dest_id,
        ):
            return super()._synchronize_quant(
                quantity, location, action=action, in_date=in_date, **quants_value
            )
        # The arithmetic of Odoo's _synchronize_quant for a serial line without
        # package nor owner, on the book instead of the database.
        if action == "reserved":
            if location.id not in batch.bypass:
                batch.book.update(
                    location.id, self.lot_id.id, reserved_quantity=quantity
                )
            return 0, in_date
        if action == "available":
            return batch.book.update(
                location.id, self.lot_id.id, quantity=quantity, in_date=in_date
            )
        return super()._synchronize_quant(
            quantity, location, action=action, in_date=in_date, **quants_value
        )

    def _serial_batch_eligible(self, lot_counts):
        """Whether Odoo's quant update of this line has the book's one answer."""
        self.ensure_one()
        product = self.product_id
        return (
            product.tracking == "serial"
            and product.is_storable
            and self.lot_id
            and lot_counts[self.lot_id.id] == 1
            and not self.package_id
            and not self.result_package_id
            and not self.owner_id
            # Inventory adjustments keep Odoo's path: with a recall following
            # the serial found again, the batch gave another outcome
            # (serial_recall's test_units_follow_serials_lost_found_and_returned).
            and not self.is_inventory
            and self.location_id != self.location_dest_id
            and float_compare(
                self.quantity_product_uom, 1, precision_rounding=product.uom_id.rounding
            )
            == 0
        )

    def _serial_batch_open(self, batch):
        """Fill the book from the quants Odoo's validation cached for these lines.

        Called inside Odoo's loop, at the first line's quant update: the
        serials are created, the lines without quantity removed, and the
        cache (``quants_cache``, one query by Odoo) holds every quant Odoo's
        per-line code would read.
        """
        cache = self.env.context["quants_cache"]
        Quant = self.env["stock.quant"]
        lines = batch.lines.exists()
        lot_counts = {}
        for line in lines:
            lot_counts[line.lot_id.id] = lot_counts.get(line.lot_id.id, 0) + 1
        bypass = {}

        def bypasses(location):
            if location.id not in bypass:
                bypass[location.id] = location.should_bypass_reservation()
            return bypass[location.id]

        candidates = []  # (line, ids of its quants)
        for line in lines:
            if not line._serial_batch_eligible(lot_counts):
                continue
            product_id, lot_id = line.product_id.id, line.lot_id.id
            keys = (line.location_id, line.location_dest_id)
            found = [
                cache.get((product_id, location.id, lot_id, False, False), Quant)
                for location in keys
            ]
            untracked = any(
                cache.get((product_id, location.id, False, False, False))
                for location in keys
            )
            if (
                untracked
                or any(len(quants) > 1 for quants in found)
                # a reserved unit leaves a location that keeps reservations
                # from its quant: without one, Odoo's path creates two
                or (not bypasses(line.location_id) and not found[0])
            ):
                continue
            bypasses(line.location_dest_id)
            candidates.append((line, found[0]._ids + found[1]._ids))
        # ids, not recordsets, in the loops: a union per line is quadratic
        locked = set(
            Quant._serial_batch_lock(
                Quant.browse(quant_id for __, ids in candidates for quant_id in ids)
            )._ids
        )
        chosen = []
        quant_ids = []
        for line, ids in candidates:
            if locked.issuperset(ids):
                chosen.append(line)
                quant_ids += ids
        quants = Quant.browse(quant_ids)
        rounding = min(
            (line.product_id.uom_id.rounding for line in chosen), default=0.01
        )
        batch.book = SerialQuantBook(
            [
                {
                    "id": quant.id,
                    "location_id": quant.location_id.id,
                    "lot_id": quant.lot_id.id,
                    "quantity": quant.quantity,
                    "reserved_quantity": quant.reserved_quantity,
                    "in_date": quant.in_date,
                }
                for quant in quants
            ],
            [location_id for location_id, bypassed in bypass.items() if bypassed],
            fields.Datetime.now(),
            rounding=rounding,
        )
        batch.line_ids = frozenset(line.id for line in chosen)
        batch.bypass = frozenset(
            location_id for location_id, bypassed in bypass.items() if bypassed
        )
        batch.product_by_lot = {line.lot_id.id: line.product_id.id for line in chosen}

    def _serial_batch_apply(self, batch):
        """Write what the book changed: a write per set of values, one create."""
        if batch.book is None:
            return
        Quant = self.env["stock.quant"]
        Quant._serial_batch_write(batch.book.writes())
        Quant._serial_batch_create(
            [
                dict(
                    vals,
                    product_id=batch.product_by_lot[vals["lot_id"]],
                    package_id=False,
                    owner_id=False,
                )
                for vals in batch.book.creates()
            ]
        )
