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
