from odoo import fields, models
from odoo.tools import SQL

OUTCOMES = [
    ("pending", "Not Decided"),
    ("eligible", "Eligible"),
    ("refused", "Refused"),
    ("forced", "Forced by a Manager"),
]


class SerialWarrantyReturnReport(models.Model):
    """Claims and customer returns of serials, with their reason and what the checks
    said.

    A claim is eligible when approved, refused when rejected, forced when a
    manager approved it against the checks. A customer return is eligible,
    or forced when a manager took back serials the checks refused (Odoo's
    return wizard refuses the others before any return exists). The share
    of each outcome in a group is the average of 100 per such row and 0 per
    other row: a percentage.
    """

    _name = "serial.warranty.return.report"
    _inherit = ["serial.report.mixin"]
    _description = "Serial Returns and Claims by Reason"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "lot_id"
    _depends = {
        "stock.lot.lifecycle.event": [
            "lot_id",
            "event_type",
            "event_date",
            "partner_id",
            "company_id",
            "picking_id",
        ],
        "serial.warranty.claim": [
            "lot_id",
            "claim_date",
            "return_reason_id",
            "state",
            "override_reason",
            "partner_id",
            "company_id",
            "product_id",
        ],
        "stock.picking": ["serial_return_reason_id", "partner_id", "origin"],
        "stock.lot": ["production_date", "revision", "first_receipt_event_id"],
    }

    kind = fields.Selection(
        [("claim", "Warranty Claim"), ("return", "Customer Return")],
        readonly=True,
    )
    date = fields.Date(readonly=True)
    lot_id = fields.Many2one("stock.lot", "Serial Number", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    product_category_id = fields.Many2one(
        "product.category", "Product Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    reason_id = fields.Many2one("serial.return.reason", "Reason", readonly=True)
    # The cohort of the serial, as the failure rates group it.
    production_date = fields.Date(readonly=True)
    revision = fields.Char(readonly=True)
    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    receipt_picking_id = fields.Many2one(
        "stock.picking", "Received With", readonly=True
    )
    receipt_origin = fields.Char("Purchase Reference", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    claim_id = fields.Many2one("serial.warranty.claim", "Warranty Claim", readonly=True)
    picking_id = fields.Many2one("stock.picking", "Return", readonly=True)
    count = fields.Integer(readonly=True)
    eligible_share = fields.Float(
        "Eligible (%)", readonly=True, aggregator="avg", digits=(16, 2)
    )
    refused_share = fields.Float(
        "Refused (%)", readonly=True, aggregator="avg", digits=(16, 2)
    )
    forced_share = fields.Float(
        "Forced (%)", readonly=True, aggregator="avg", digits=(16, 2)
    )

    @property
    def _table_query(self):
        shares = SQL(", ").join(
            SQL(
                "CASE WHEN outcome = %s THEN 100.0 ELSE 0.0 END AS %s",
                key,
                SQL.identifier(f"{key}_share"),
            )
            for key in ("eligible", "refused", "forced")
        )
        return SQL(
            """
            SELECT row.*, template.categ_id AS product_category_id, lot.production_date,
                   lot.revision, received.partner_id AS supplier_id,
                   received.picking_id AS receipt_picking_id, receipt.origin AS
                       receipt_origin,
                   1 AS count, %(shares)s
              FROM (
                    SELECT claim.id * 2 AS id, 'claim' AS kind, claim.claim_date AS
                        date, claim.lot_id,
                           claim.product_id, claim.partner_id, claim.company_id,
                           claim.return_reason_id AS reason_id,
                           CASE WHEN claim.override_reason IS NOT NULL THEN 'forced'
                                WHEN claim.state = 'rejected' THEN 'refused'
                                WHEN claim.state = 'draft' THEN 'pending'
                                ELSE 'eligible' END AS outcome,
                           claim.id AS claim_id, claim.return_picking_id AS picking_id
                      FROM serial_warranty_claim claim
                 UNION ALL
                    SELECT event.id * 2 + 1, 'return', (event.event_date AT TIME ZONE
                        'UTC')::date, event.lot_id,
                           event.product_id, COALESCE(event.partner_id,
                               picking.partner_id), event.company_id,
                           picking.serial_return_reason_id,
                           CASE WHEN EXISTS (
                                SELECT 1 FROM stock_lot_lifecycle_event forced
                                 WHERE forced.lot_id = event.lot_id AND
                                     forced.picking_id = event.picking_id
                                   AND forced.event_type = 'return_forced'
                           ) THEN 'forced' ELSE 'eligible' END,
                           NULL, event.picking_id
                      FROM stock_lot_lifecycle_event event
                      LEFT JOIN stock_picking picking ON picking.id = event.picking_id
                     WHERE event.event_type = 'customer_return'
                   ) row
              JOIN product_product product ON product.id = row.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_lot lot ON lot.id = row.lot_id
              LEFT JOIN stock_lot_lifecycle_event received
                     ON received.id = lot.first_receipt_event_id
              LEFT JOIN stock_picking receipt ON receipt.id = received.picking_id
            """,
            shares=shares,
        )
