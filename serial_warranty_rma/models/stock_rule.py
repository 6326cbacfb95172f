from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # The serial an RMA takes back goes on its receipt move (rma.py).
        return super()._get_custom_move_fields() + ["warranty_chosen_lot_ids"]
