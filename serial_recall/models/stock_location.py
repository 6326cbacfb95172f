from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    recall_quarantine = fields.Boolean(
        help="Where recall campaigns send the recalled units of this warehouse.",
    )
