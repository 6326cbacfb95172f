from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools.sql import column_exists, create_column

from ..tools import ledger_guard
from ..tools.ledger_guard import QUANT_UPDATE
from ..tools.quality import QUALITY_BLOCKED
from ..tools.serial_ranges import range_domain
from .stock_move import EXCLUDED_STATES, RESERVATION_SCOPE

# What says where a unit is. Odoo restricts these only in inventory mode; a
# plain write (or create) by an Inventory user would move a serial with no move
# and no event.
PLACE_FIELDS = (
    "quantity",
    "location_id",
    "lot_id",
    "product_id",
    "package_id",
    "owner_id",
)
# Method of the "First Produced, First Out" removal strategy
# (data/product_removal_data.xml).
FPFO = "fpfo"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    # Stored, as product_expiry stores removal_date for FEFO: the removal
    # order is then an ORDER BY of the quant search, not a sort in Python.
    # No index: stock_quant takes inserts all day, and the order applies to
    # the few quants of one product in one warehouse.
    production_date = fields.Date(
        related="lot_id.production_date", store=True, string="Production Date"
    )

    def _auto_init(self):
        self._serial_create_production_date_column()
        return super()._auto_init()

    @api.model
    def _serial_create_production_date_column(self):
        """Create and fill stock_quant.production_date by SQL if it does not exist yet.

        A database with years of quants would otherwise compute the new
        column record by record in Python at the upgrade: one UPDATE instead
        (at a first installation no serial has a production date yet).
        """
        cr = self.env.cr
        if column_exists(cr, "stock_quant", "production_date"):
            return
        create_column(cr, "stock_quant", "production_date", "date")
        if column_exists(cr, "stock_lot", "production_date"):
            cr.execute("""
                UPDATE stock_quant quant
                   SET production_date = lot.production_date
                  FROM stock_lot lot
                 WHERE lot.id = quant.lot_id
                   AND lot.production_date IS NOT NULL
            """)

    @api.model
    def _get_removal_strategy_order(self, removal_strategy):
        if removal_strategy == FPFO:
            # Oldest production first, serials without a date last; ties by
            # serial (stock.lot's order: name, id), then quant.
            return "production_date ASC NULLS LAST, lot_id, id"
        return super()._get_removal_strategy_order(removal_strategy)

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        excluded_states = EXCLUDED_STATES.get()
        # Only the search for units to reserve (non-strict) is filtered: the
        # strict gathers keep the books of quants and must see every unit.
        if excluded_states and not strict:
            lot_domain = [("lot_id.lifecycle_state", "not in", list(excluded_states))]
            if "quarantined" in excluded_states:
                # A serial pending or failing its inspection is kept out as a
                # quarantined one is.
                lot_domain = expression.AND(
                    [
                        lot_domain,
                        [("lot_id.quality_status", "not in", list(QUALITY_BLOCKED))],
                    ]
                )
            domain = expression.AND(
                [domain, expression.OR([[("lot_id", "=", False)], lot_domain])]
            )
        rules = self._serial_picking_rules(product_id, strict)
        excluded_ranges = [rule.bounds for rule in rules if rule.mode == "exclude"]
        if excluded_ranges:
            # "not any" keeps the quants without a serial; one subquery on the
            # (product, prefix, key) index of stock_lot, whatever the range's size.
            domain = expression.AND(
                [
                    domain,
                    [
                        (
                            "lot_id",
                            "not any",
                            expression.OR(
                                [range_domain(bounds) for bounds in excluded_ranges]
                            ),
                        )
                    ],
                ]
            )
        return domain

    def _gather(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        qty=0,
    ):
        quants = super()._gather(
            product_id,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
            qty=qty,
        )
        rules = [
            rule
            for rule in self._serial_picking_rules(product_id, strict)
            if rule.mode == "prefer"
        ]
        if not rules or not quants:
            return quants
        # Serials of a "Reserve First" rule go first; each group keeps the
        # removal strategy's order. Their split keys are read for all the
        # quants at once (prefetch), not one serial at a time.
        Rule = self.env["stock.serial.picking.rule"]
        preferred = quants.filtered(
            lambda quant: quant.lot_id
            and Rule._serial_matching_rule(quant.lot_id, rules, "prefer")
        )
        return preferred + (quants - preferred)

    @api.model
    def _serial_picking_rules(self, product_id, strict):
        """The serial picking rules of the reservation running for ``product_id`` (none
        outside one)."""
        scope = RESERVATION_SCOPE.get()
        if strict or not scope or product_id.tracking != "serial":
            return ()
        return self.env["stock.serial.picking.rule"]._serial_rules_for(
            product_id.id, *scope
        )

    @api.model
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        with ledger_guard.setting(QUANT_UPDATE, True):
            return super()._update_available_quantity(
                product_id,
                location_id,
                quantity=quantity,
                reserved_quantity=reserved_quantity,
                lot_id=lot_id,
                package_id=package_id,
                owner_id=owner_id,
                in_date=in_date,
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not QUANT_UPDATE.get():
            products = self.env["product.product"].browse(
                {vals["product_id"] for vals in vals_list if vals.get("product_id")}
            )
            serial_ids = set(
                products.filtered(lambda product: product.tracking == "serial").ids
            )
            if any(
                vals.get("quantity") and vals.get("product_id") in serial_ids
                for vals in vals_list
            ):
                self._lifecycle_refuse_quant_edit()
        quants = super().create(vals_list)
        quants._serial_mark_analytics(None)
        return quants

    def _serial_mark_analytics(self, fnames):
        """The stock age figures of these quants' products are rebuilt."""
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name, fnames, lambda: self.product_id.ids
        )

    def unlink(self):
        self._serial_mark_analytics(None)
        return super().unlink()

    def write(self, vals):
        if not QUANT_UPDATE.get() and any(name in vals for name in PLACE_FIELDS):
            for quant in self.filtered(
                lambda quant: quant.product_id.tracking == "serial"
            ):
                changed = [
                    name
                    for name in PLACE_FIELDS
                    if name in vals and quant._lifecycle_differs(name, vals[name])
                ]
                # An empty quant (a count line being filled in) holds no unit yet.
                if "quantity" in changed or (changed and quant.quantity):
                    self._lifecycle_refuse_quant_edit()
        self._serial_mark_analytics(list(vals))
        return super().write(vals)

    def _lifecycle_differs(self, name, value):
        field = self._fields[name]
        return self[name] != field.convert_to_record(
            field.convert_to_cache(value, self), self
        )

    @api.model
    def _lifecycle_refuse_quant_edit(self):
        raise UserError(
            _(
                "The stock of a serial number changes only by a transfer, a "
                "scrap or an inventory adjustment, "
                "so that its history says where it is: quantities and places "
                "of serial quants cannot be edited."
            )
        )
