from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    recall_campaign_id = fields.Many2one(
        "serial.recall.campaign", "Recall Campaign", index="btree_not_null", readonly=True, copy=False,
    )
