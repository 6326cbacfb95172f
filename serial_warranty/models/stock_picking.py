from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    serial_return_reason_id = fields.Many2one(
        "serial.return.reason",
        "Return Reason",
        index="btree_not_null",
        tracking=True,
        help="Why the customer sends the units back; counted in Serials > "
        "Analytics > Returns.",
    )

    def write(self, vals):
        # A return's reason or date: the analytics cubes reading them are rebuilt.
        self.env["serial.report.cube.mark"]._serial_mark_changed(
            self._name, list(vals), lambda: self.move_ids.product_id.ids
        )
        return super().write(vals)
