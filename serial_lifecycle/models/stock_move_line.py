from odoo import api, models

from ..tools.serial_numbers import normalize_serial


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("lot_name"):
                vals["lot_name"] = normalize_serial(vals["lot_name"])
        lines = super().create(vals_list)
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            lines._lifecycle_allocation_lots()._lifecycle_sync_allocation()
        return lines

    def _lifecycle_allocation_lots(self):
        """Serials of these lines that a reservation may allocate or release.

        Filtered in memory first: a receipt writes the lot of each of its
        lines, and none of them should cost a query here.
        """
        return self.filtered(
            lambda line: line.lot_id
            and line.product_id.tracking == "serial"
            and line.state not in ("done", "cancel")
            and line.move_id
            and line.move_id._lifecycle_is_outgoing()
        ).lot_id

    def write(self, vals):
        if vals.get("lot_name"):
            vals = dict(vals, lot_name=normalize_serial(vals["lot_name"]))
        # A serial chosen (or un-chosen) by hand on an outgoing move line is
        # allocated (or released) at once.
        sync = (
            not self.env.context.get("serial_lifecycle_defer_allocation")
            and ("lot_id" in vals or "quantity" in vals)
        )
        lots_before = self._lifecycle_allocation_lots() if sync else self.env["stock.lot"]
        res = super().write(vals)
        if sync:
            (lots_before | self._lifecycle_allocation_lots())._lifecycle_sync_allocation()
        return res

    def unlink(self):
        lots = self._lifecycle_allocation_lots()
        res = super().unlink()
        if not self.env.context.get("serial_lifecycle_defer_allocation"):
            lots.exists()._lifecycle_sync_allocation()
        return res
