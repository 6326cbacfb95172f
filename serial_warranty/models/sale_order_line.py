from odoo import _, fields, models

from odoo.addons.serial_lifecycle.tools import ledger_guard


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    warranty_extension_months = fields.Integer(
        related="product_id.product_tmpl_id.warranty_extension_months"
    )
    warranty_lot_ids = fields.Many2many(
        "stock.lot",
        string="Serials to Extend",
        copy=False,
        domain="[('warranty_state', 'in', ('pending', 'active', 'expired'))]",
        help="On a warranty extension line: the serials whose coverage it extends "
        "when the order is confirmed.",
    )

    def _warranty_extension_errors(self):
        """Why these extension lines cannot extend their serials, one line each."""
        errors = []
        for line in self:
            if not line.warranty_lot_ids:
                errors.append(
                    _(
                        "%(product)s: name the serials it extends",
                        product=line.product_id.display_name,
                    )
                )
            elif len(line.warranty_lot_ids) != line.product_uom_qty:
                errors.append(
                    _(
                        "%(product)s: %(count)s serials for a quantity of %(quantity)s",
                        product=line.product_id.display_name,
                        count=len(line.warranty_lot_ids),
                        quantity=line.product_uom_qty,
                    )
                )
            for lot in line.warranty_lot_ids.filtered(
                lambda lot: lot.warranty_state not in ("pending", "active", "expired")
            ):
                errors.append(
                    _(
                        "%(serial)s has no warranty to extend (%(state)s)",
                        serial=lot.name,
                        state=dict(
                            lot._fields["warranty_state"]._description_selection(
                                lot.env
                            )
                        )[lot.warranty_state],
                    )
                )
        return errors

    def _warranty_extend(self):
        """Add the months of each line to its serials (one write per month count)."""
        added = {}
        for line in self:
            for lot in line.warranty_lot_ids:
                added[lot] = added.get(lot, 0) + line.warranty_extension_months
        lots_by_months = {}
        for lot, months in added.items():
            total = lot.warranty_extension_months + months
            lots_by_months[total] = (
                lots_by_months.get(total, self.env["stock.lot"]) | lot
            )
        for months, lots in lots_by_months.items():
            # The coverage is the ledger's: only a confirmed sale extends it.
            with ledger_guard.unlocked():
                lots.sudo().write({"warranty_extension_months": months})
