from odoo import models
from odoo.osv import expression

from .stock_move import EXCLUDED_STATES


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_gather_domain(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False):
        domain = super()._get_gather_domain(product_id, location_id, lot_id, package_id, owner_id, strict)
        excluded_states = EXCLUDED_STATES.get()
        # Only the search for units to reserve (non-strict) is filtered: the
        # strict gathers keep the books of quants and must see every unit.
        if excluded_states and not strict:
            domain = expression.AND([
                domain,
                ["|", ("lot_id", "=", False), ("lot_id.lifecycle_state", "not in", list(excluded_states))],
            ])
        return domain
