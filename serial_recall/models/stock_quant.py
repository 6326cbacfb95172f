import contextvars

from odoo import api, models

# Set (in Python, never by a client) while a quarantine transfer's lines are
# created: their quants are reserved in one batch afterwards
# (stock.move._recall_reserve_units), not one gather per serial by Odoo.
BATCH_RESERVATION = contextvars.ContextVar(
    "serial_recall_batch_reservation", default=False
)


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model
    def _update_reserved_quantity(
        self,
        product_id,
        location_id,
        quantity,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        if BATCH_RESERVATION.get():
            return 0
        return super()._update_reserved_quantity(
            product_id,
            location_id,
            quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )

    def _recall_reserve_one_each(self):
        """Reserve one more unit of each quant (serials), one write per distinct
        reserved quantity."""
        for reserved, quants in self.sudo().grouped("reserved_quantity").items():
            quants.write({"reserved_quantity": reserved + 1})
