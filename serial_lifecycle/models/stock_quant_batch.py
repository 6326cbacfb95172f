import contextvars
from collections import defaultdict

from odoo import api, models
from odoo.osv import expression
from odoo.tools import float_compare, str2bool

from ..tools import ledger_guard
from ..tools.ledger_guard import QUANT_UPDATE
from ..tools.quant_batch import foreign_overrides

# ir.config_parameter of the setting (res.config.settings): "False" turns the
# batched quant updates off; absent means on.
BATCH_PARAMETER = "serial_lifecycle.batch_stock_updates"
# The modules whose code the batched paths reproduce (stock) or keep (ours:
# serial_recall's quant override only acts inside its own batch); any other
# module overriding one of the methods they take over makes them hand the
# lines to Odoo's own per-line code instead.
BATCH_MODULES = frozenset(
    {"stock", "serial_lifecycle", "serial_recall", "serial_warranty"}
)
# Set while a batched reservation creates its move lines: {(location id,
# lot id): quant} whose reservation of one unit stock.move.line.create asks
# for, made afterwards for all of them in one write (models/stock_move_batch.py).
DEFERRED_RESERVATION = contextvars.ContextVar(
    "serial_lifecycle_deferred_reservation", default=None
)
# Set while a batch writes or creates its quants: Odoo's check of serial
# quantities reads them by location and serial sets, not one OR per quant.
BATCH_CHECK = contextvars.ContextVar("serial_lifecycle_batch_check", default=False)


# The model is extended by concern, one file each: not merged on purpose.
# pylint: disable=consider-merging-classes-inherited
class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model
    def _serial_batch_enabled(self):
        """Whether the batched serial paths may run (the setting; cached by Odoo)."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param(BATCH_PARAMETER, "True")
        )
        return str2bool(value, default=True)

    @api.model
    def _serial_batch_overridden(self, model_name, methods, allowed=BATCH_MODULES):
        """Modules, other than ours and stock, overriding ``methods`` of a model."""
        return foreign_overrides(type(self.env[model_name]), methods, allowed)

    @api.model
    def _serial_batch_lock(self, quants):
        """The quants of ``quants`` this transaction locked, as Odoo's update does.

        Odoo locks the quant it updates with SKIP LOCKED and creates another
        quant when another transaction holds it; the batch locks them all in
        one query and leaves the ones it could not lock to Odoo's code.
        """
        if not quants:
            return quants
        self.env.cr.execute(
            "SELECT id FROM stock_quant WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
            [tuple(quants.ids)],
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        return quants.filtered(lambda quant: quant.id in locked)  # in their order

    @api.model
    def _serial_batch_write(self, groups):
        """Write the quants a batch changed: {((field, value), ...): quant ids}."""
        with (
            ledger_guard.setting(QUANT_UPDATE, True),
            ledger_guard.setting(BATCH_CHECK, True),
        ):
            for changed, ids in groups.items():
                self.sudo().browse(ids).write(dict(changed))

    @api.model
    def _serial_batch_create(self, vals_list):
        """Create the quants a batch made, in one multi-row create.

        stock.quant.create creates one quant per call outside inventory mode
        (to fill the validation's cache as it goes); the batch creates them
        after its loop, with the ORM's create below stock's (the batch runs
        only when no other module overrides stock.quant.create).
        """
        if not vals_list:
            return self
        stock_class = next(
            klass
            for klass in type(self).__mro__
            if vars(klass).get("_module") == "stock" and "create" in vars(klass)
        )
        with (
            ledger_guard.setting(QUANT_UPDATE, True),
            ledger_guard.setting(BATCH_CHECK, True),
        ):
            return super(stock_class, self.sudo()).create(vals_list)

    @api.constrains("quantity")
    def check_quantity(self):
        """Odoo's check that a serial is at most one unit per location, for a batch.

        Odoo reads the sum per (product, location, serial) with one OR term
        per quant: on a batch of thousands of quants, a query the database
        plans for seconds. The batch reads the same sums by location and set
        of serials, and hands the quants found over one unit to Odoo's own
        check, which refuses them with its message.
        """
        if not BATCH_CHECK.get():
            return super().check_quantity()
        quants = self.filtered(
            lambda quant: quant.product_id.tracking == "serial"
            and quant.location_id.usage != "inventory"
            and quant.lot_id
        )
        keys = {}
        lots_by_location = defaultdict(set)
        for quant in quants:
            keys.setdefault(
                (quant.product_id.id, quant.location_id.id, quant.lot_id.id),
                self.browse(),
            )
            keys[quant.product_id.id, quant.location_id.id, quant.lot_id.id] |= quant
            lots_by_location[quant.location_id.id].add(quant.lot_id.id)
        if not keys:
            return
        groups = self._read_group(
            expression.OR(
                [
                    [("location_id", "=", location_id), ("lot_id", "in", list(lots))]
                    for location_id, lots in lots_by_location.items()
                ]
            ),
            ["product_id", "location_id", "lot_id"],
            ["quantity:sum"],
        )
        over = self.browse()
        for product, location, lot, quantity in groups:
            key = (product.id, location.id, lot.id)
            if (
                key in keys
                and float_compare(
                    abs(quantity), 1, precision_rounding=product.uom_id.rounding
                )
                > 0
            ):
                over |= keys[key]
        if over:
            return super(StockQuant, over).check_quantity()

    @api.model
    def _update_reserved_quantity(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        deferred = DEFERRED_RESERVATION.get()
        if (
            deferred is not None
            and lot_id
            and not package_id
            and not owner_id
            and float_compare(
                quantity, 1, precision_rounding=product_id.uom_id.rounding
            )
            == 0
        ):
            quant = deferred["pending"].pop((location_id.id, lot_id.id), None)
            if quant is not None:
                deferred["reserved"].append(quant)
                return
        return super()._update_reserved_quantity(
            product_id,
            location_id,
            quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )
