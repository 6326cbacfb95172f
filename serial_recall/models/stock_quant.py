import contextvars

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

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

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        if strict:
            return domain
        # The serials of a campaign being opened in batches are quarantined
        # batch by batch: a delivery that loses one of them to the recall must
        # not reserve another that a later batch takes, as the recall opened
        # at once would not (its rows leave the table when it is open).
        return expression.AND(
            [
                domain,
                expression.OR(
                    [
                        [("lot_id", "=", False)],
                        [
                            (
                                "lot_id",
                                "not in",
                                SQL(
                                    "(SELECT lot_id FROM "
                                    "serial_recall_campaign_open_lot_rel)"
                                ),
                            )
                        ],
                    ]
                ),
            ]
        )

    def _recall_reserve_one_each(self):
        """Reserve one more unit of each quant (serials), one write per distinct
        reserved quantity."""
        for reserved, quants in self.sudo().grouped("reserved_quantity").items():
            quants.write({"reserved_quantity": reserved + 1})
