from odoo import models
from odoo.tools import float_compare

from ..tools import ledger_guard
from .stock_quant_batch import BATCH_MODULES, DEFERRED_RESERVATION

# The per-line path of a serial reservation the batch stands for, by model.
# product_expiry's override only sets a context key, which the batch keeps.
RESERVE_PATH = (
    (
        "stock.move",
        ("_update_reserved_quantity",),
        BATCH_MODULES | {"product_expiry"},
    ),
    ("stock.move", ("_add_serial_move_line_to_vals_list",), BATCH_MODULES),
    ("stock.move.line", ("_reservation_is_updatable",), BATCH_MODULES),
    (
        "stock.quant",
        ("_update_reserved_quantity", "_update_available_quantity", "write"),
        BATCH_MODULES,
    ),
)


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockMove(models.Model):
    _inherit = "stock.move"

    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        """Reserve the serials of a move in one create and one quant write.

        Odoo's loop creates one move line per serial, each looking through
        the lines made so far for one to update (which a serial line never
        is) and reserving its quant in four queries: quadratic in time,
        linear in queries. The serials of single, unreserved quants without
        package nor owner are reserved here in one batch; any other quant
        Odoo's reservation offers is left to Odoo's loop, called again for
        what remains.
        """
        if not self._serial_batch_reservable(location_id, lot_id, package_id, owner_id):
            return super()._update_reserved_quantity(
                need, location_id, lot_id, package_id, owner_id, strict
            )
        Quant = self.env["stock.quant"]
        offered = Quant._get_reserve_quantity(
            self.product_id,
            location_id,
            need,
            product_packaging_id=self.product_packaging_id,
            uom_id=self.product_uom,
            lot_id=self.env["stock.lot"],
            package_id=self.env["stock.quant.package"],
            owner_id=self.env["res.partner"],
            strict=strict,
        )
        quants = self._serial_batch_quants(offered)
        taken = 0
        if quants:
            deferred = {
                "pending": {
                    (quant.location_id.id, quant.lot_id.id): quant for quant in quants
                },
                "reserved": [],
            }
            vals_list = []
            for quant in quants:
                vals_list += self._add_serial_move_line_to_vals_list(quant, 1)
            with ledger_guard.setting(DEFERRED_RESERVATION, deferred):
                self.env["stock.move.line"].create(vals_list)
            reserved = Quant.union(*deferred["reserved"])
            if reserved:
                Quant._serial_batch_write({(("reserved_quantity", 1.0),): reserved.ids})
            taken = len(quants)
        rounding = self.product_id.uom_id.rounding
        if (
            len(quants) < len(offered)
            and float_compare(need - taken, 0, precision_rounding=rounding) > 0
        ):
            taken += super()._update_reserved_quantity(
                need - taken, location_id, lot_id, package_id, owner_id, strict
            )
        return taken

    def _serial_batch_reservable(self, location, lot_id, package_id, owner_id):
        """Whether this reservation is a serial one the batch may make."""
        self.ensure_one()
        if lot_id or package_id or owner_id:
            return False
        product = self.product_id
        Quant = self.env["stock.quant"]
        return (
            product.tracking == "serial"
            and (
                self.picking_type_id.use_create_lots
                or self.picking_type_id.use_existing_lots
            )
            and not location.should_bypass_reservation()
            and Quant._serial_batch_enabled()
            and not any(
                Quant._serial_batch_overridden(model, methods, allowed)
                for model, methods, allowed in RESERVE_PATH
            )
        )

    def _serial_batch_quants(self, offered):
        """The quants of ``offered`` ((quant, quantity), as Odoo's reservation gives
        them) whose reservation has Odoo's one answer: a unit of a serial's only quant.

        Odoo reserves through the quant of the line's (location, serial)
        without package nor owner that sorts first, and dates it with the
        oldest of those and of the untracked quants there: one such quant
        per key, no untracked quant, unreserved, and locked by this
        transaction (Odoo's per-line update skips a locked quant).
        """
        Quant = self.env["stock.quant"]
        rounding = self.product_id.uom_id.rounding

        def one(value):
            return float_compare(value, 1, precision_rounding=rounding) == 0

        candidates = Quant.union(
            *(
                quant
                for quant, quantity in offered
                if one(quantity)
                and quant.lot_id
                and not quant.package_id
                and not quant.owner_id
                and one(quant.quantity)
                and float_compare(
                    quant.reserved_quantity, 0, precision_rounding=rounding
                )
                == 0
            )
        )
        if not candidates:
            return candidates
        Quant.flush_model(
            ["product_id", "location_id", "lot_id", "package_id", "owner_id"]
        )
        self.env.cr.execute(
            """
            SELECT location_id, lot_id
              FROM stock_quant
             WHERE product_id = %s
               AND location_id IN %s
               AND package_id IS NULL
               AND owner_id IS NULL
               AND (lot_id IS NULL OR lot_id IN %s)
          GROUP BY location_id, lot_id
            HAVING count(*) > 1 OR lot_id IS NULL
            """,
            [
                self.product_id.id,
                tuple(candidates.location_id.ids),
                tuple(candidates.lot_id.ids),
            ],
        )
        shared = set()
        untracked_locations = set()
        for location_id, lot_id in self.env.cr.fetchall():
            if lot_id:
                shared.add((location_id, lot_id))
            else:
                untracked_locations.add(location_id)
        candidates = candidates.filtered(
            lambda quant: quant.location_id.id not in untracked_locations
            and (quant.location_id.id, quant.lot_id.id) not in shared
        )
        return Quant._serial_batch_lock(candidates)
