from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    recall_campaign_id = fields.Many2one(
        "serial.recall.campaign",
        "Recall Campaign",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    def _create_backorder(self, backorder_moves=None):
        # The backorder of a quarantine transfer is one of the campaign's transfers too.
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        for backorder in backorders.filtered("backorder_id.recall_campaign_id"):
            backorder.recall_campaign_id = backorder.backorder_id.recall_campaign_id
        return backorders
