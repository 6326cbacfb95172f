from odoo import fields, models
from odoo.tools import SQL

from ..models.stock_lot import OPEN_CLAIM_STATES

# The steps of a claim's service, each measured in days from the claim date:
# (field, label, SQL of the step's date).
STEPS = [
    (
        "return",
        "Return Received",
        SQL("(return_picking.date_done AT TIME ZONE 'UTC')::date"),
    ),
    ("repair", "Repair Done", SQL("(repaired.event_date AT TIME ZONE 'UTC')::date")),
    (
        "back",
        "Back at Customer",
        SQL("(delivered.event_date AT TIME ZONE 'UTC')::date"),
    ),
    ("refund", "Refunded", SQL("claim.refund_date")),
]


def _days_fields():
    """For each step: its date, and the days to it as a median and as a 90th
    percentile."""
    result = {}
    for key, label, __ in STEPS:
        result[f"{key}_date"] = fields.Date(label, readonly=True)
        result[f"days_to_{key}"] = fields.Float(
            f"Days to {label} (median)",
            readonly=True,
            aggregator="median",
            digits=(16, 1),
        )
        result[f"days_to_{key}_p90"] = fields.Float(
            f"Days to {label} (90th percentile)",
            readonly=True,
            aggregator="p90",
            digits=(16, 1),
        )
    return result


class SerialWarrantyServiceReport(models.Model):
    """One row per warranty claim on a known serial: how long each service step took.

    Return received: the claim's return transfer is done. Repair done: the
    repair order of the claim is done (its ledger event). Back at customer:
    the serial delivered again after its return was received, or its
    replacement delivered on or after the claim date.
    Refunded: the claim was marked refunded. A step not reached is empty
    and left out of the medians.
    """

    _name = "serial.warranty.service.report"
    _inherit = ["serial.report.mixin"]
    _description = "Warranty Service Times"
    _auto = False
    _serial_cube = "serial.warranty.service.cube"
    _order = "claim_date desc, id desc"
    _rec_name = "claim_id"
    _depends = {
        "serial.warranty.claim": [
            "lot_id",
            "claim_date",
            "state",
            "return_picking_id",
            "repair_id",
            "replacement_lot_id",
            "refund_date",
            "product_id",
            "partner_id",
            "company_id",
        ],
        "stock.picking": ["date_done", "state"],
        "stock.lot.lifecycle.event": [
            "lot_id",
            "event_type",
            "event_date",
            "res_model",
            "res_id",
        ],
    }

    claim_id = fields.Many2one("serial.warranty.claim", "Warranty Claim", readonly=True)
    claim_date = fields.Date(readonly=True)
    state = fields.Selection(related="claim_id.state", string="Claim Status")
    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    product_category_id = fields.Many2one(
        "product.category", "Product Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    is_open = fields.Boolean("Open", readonly=True)
    days_open = fields.Float(
        "Days Open (median)",
        readonly=True,
        aggregator="median",
        digits=(16, 1),
        help="For claims still open: the days since the claim date.",
    )
    claim_count = fields.Integer("Claims", readonly=True)
    # The date and days fields of each step of STEPS (return_date,
    # days_to_return, days_to_return_p90, ...), declared from the table.
    locals().update(_days_fields())

    @property
    def _table_query(self):
        steps = SQL(", ").join(
            SQL(
                "%(date)s AS %(date_name)s, (%(date)s - claim.claim_date) AS %(days)s, "
                "(%(date)s - claim.claim_date) AS %(p90)s",
                date=date,
                date_name=SQL.identifier(f"{key}_date"),
                days=SQL.identifier(f"days_to_{key}"),
                p90=SQL.identifier(f"days_to_{key}_p90"),
            )
            for key, __, date in STEPS
        )
        return SQL(
            """
            SELECT claim.id AS id, claim.id AS claim_id, claim.claim_date, claim.lot_id,
                claim.product_id,
                   template.categ_id AS product_category_id, claim.partner_id,
                       claim.company_id,
                   claim.state IN %(open)s AS is_open,
                   CASE WHEN claim.state IN %(open)s THEN %(today)s::date -
                       claim.claim_date END AS days_open,
                   1 AS claim_count,
                   %(steps)s
              FROM serial_warranty_claim claim
              JOIN product_product product ON product.id = claim.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_picking return_picking
                     ON return_picking.id = claim.return_picking_id AND
                         return_picking.state = 'done'
              LEFT JOIN (
                    SELECT event.res_id, MIN(event.event_date) AS event_date FROM
                        stock_lot_lifecycle_event event
                     WHERE event.event_type = 'repair_done' AND event.res_model =
                         'repair.order'
                     GROUP BY event.res_id
              ) repaired ON repaired.res_id = claim.repair_id
              LEFT JOIN LATERAL (
                    -- The claimed unit shipped again after it came back, or its
                    -- replacement
                    -- (a unit never shipped before) shipped after the claim.
                    SELECT MIN(event.event_date) AS event_date FROM
                        stock_lot_lifecycle_event event
                     WHERE (return_picking.id IS NOT NULL OR claim.replacement_lot_id IS
                         NOT NULL)
                       AND event.event_type = 'delivery'
                       AND ((event.lot_id = claim.lot_id AND event.event_date >
                           return_picking.date_done)
                            OR (event.lot_id = claim.replacement_lot_id
                                AND (event.event_date AT TIME ZONE 'UTC')::date >=
                                    claim.claim_date))
              ) delivered ON TRUE
             WHERE claim.lot_id IS NOT NULL
            """,
            steps=steps,
            open=OPEN_CLAIM_STATES,
            today=fields.Date.context_today(self),
        )
